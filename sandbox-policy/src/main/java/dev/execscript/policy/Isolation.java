package dev.execscript.policy;

/** Whether steps share interpreter contexts, and whether they run in worker processes. */
public enum Isolation {
    /** Every step runs in a context of its own, created for it and closed after it. Nothing leaks. */
    FRESH,
    /**
     * Steps borrow contexts from a pool and give them back; module imports (and any state a script
     * leaves behind in them) survive between steps. Faster; trust the scripts.
     */
    REUSE,
    /**
     * Every step runs in a worker process (a child JVM running the engine, a fresh context per run),
     * kept in a pool prepared in the background; a run that overstays its limits is ended by killing its
     * worker. Memory is capped per worker ({@link ScriptPolicy#maxMemory()}); the worker is confined by
     * the OS where it can be ({@link ScriptPolicy#confinement()}).
     */
    PROCESS,
    /**
     * {@link #REUSE} inside the worker processes of {@link #PROCESS}: a worker keeps a script's context
     * between its runs (the same rules as REUSE: what is kept, when it is dropped, each run's limits), and a
     * script's runs go to a worker that holds its context. A worker killed for a limit takes every context
     * it held with it; their next runs load their modules afresh.
     */
    PROCESS_REUSE;

    /** Whether runs go to worker processes ({@link #PROCESS}, {@link #PROCESS_REUSE}). */
    public boolean inWorkerProcesses() {
        return this == PROCESS || this == PROCESS_REUSE;
    }
}
