package dev.execscript.worker;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.PythonInvocation;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which scripts a worker holds a kept context for under {@code process-reuse}, as far as can be seen from
 * outside the runtime that keeps them: a script that ran there and was not stopped (a timeout or a limit
 * drops the context; an exception from the handler keeps it, so its next run must come back here). A
 * module that failed to load or {@code os._exit} also drop it, unseen from here: the next run then loads
 * the module afresh, as it would anywhere. Only the most recent {@link #KEPT} scripts count, as the
 * runtime keeps no more. Used to send a script's runs to the worker that holds its context, and by the
 * worker to know that a run needs no prepared context. Not thread-safe.
 */
final class HeldScripts {

    /** The scripts a runtime keeps contexts for ({@code GraalPyRuntime}'s REUSED_SCRIPTS). */
    static final int KEPT = 16;

    /** A script under one policy: what a kept context is for (source and name, as in-process). */
    record Key(ScriptPolicy policy, String source, String fileName) {
        /** The key of a run that may use a kept context, or null (a module run, or one with an attachment). */
        static Key of(PythonInvocation invocation) {
            if (invocation.script().source() == null || !invocation.script().attachmentFiles().isEmpty()) {
                return null;
            }
            return new Key(invocation.policy(), invocation.script().source(), invocation.script().fileName());
        }
    }

    private final Map<Key, Boolean> recent = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > KEPT;
        }
    };

    boolean holds(Key key) {
        return key != null && recent.containsKey(key);
    }

    boolean holds(PythonInvocation invocation) {
        return holds(Key.of(invocation));
    }

    /** Notes a run's end: its script is held unless the run was stopped. */
    void ran(Key key, ScriptOutcome outcome) {
        if (key == null) {
            return;
        }
        if (outcome.status() == StepStatus.TimedOut || outcome.failureType() == FailureType.ResourceLimit) {
            recent.remove(key);
        } else {
            recent.put(key, Boolean.TRUE);
        }
    }

    void ran(PythonInvocation invocation, ScriptOutcome outcome) {
        ran(Key.of(invocation), outcome);
    }

    /** Forgets everything (the worker that held them is gone). */
    void clear() {
        recent.clear();
    }
}
