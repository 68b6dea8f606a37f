package dev.execscript.policy;

/** Whether steps share interpreter contexts. */
public enum Isolation {
    /** Every step runs in a context of its own, created for it and closed after it. Nothing leaks. */
    FRESH,
    /**
     * Steps borrow contexts from a pool and give them back; module imports (and any state a script
     * leaves behind in them) survive between steps. Faster; trust the scripts.
     */
    REUSE
}
