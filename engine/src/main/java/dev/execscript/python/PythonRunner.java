package dev.execscript.python;

import dev.execscript.runtime.ScriptOutcome;

/**
 * Runs Python handlers: in this JVM ({@link GraalPyRuntime}) or in worker processes
 * ({@code dev.execscript.worker.WorkerRuntime}). A run never throws for anything its script does: every
 * end is an outcome. Thread-safe; close it to release its contexts, threads and processes.
 */
public interface PythonRunner extends AutoCloseable {

    ScriptOutcome run(PythonInvocation invocation);

    @Override
    void close();
}
