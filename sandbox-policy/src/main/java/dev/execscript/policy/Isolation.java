package dev.execscript.policy;

/** Whether steps share interpreter contexts. */
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
    PROCESS
}
