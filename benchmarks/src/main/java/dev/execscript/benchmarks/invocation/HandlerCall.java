package dev.execscript.benchmarks.invocation;

/** One way of serving handler invocations: events JSON in, payload JSON out. One thread at a time. */
public interface HandlerCall extends AutoCloseable {

    String invoke(String eventsJson);

    /** Whether GraalPy compiles on this path (else the benchmark measures the interpreter); paths without GraalPy say yes. */
    default boolean isCompilationEnabled() {
        return true;
    }

    @Override
    void close();
}
