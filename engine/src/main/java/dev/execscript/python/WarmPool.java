package dev.execscript.python;

import dev.execscript.policy.ScriptPolicy;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Contexts for one policy, prepared ahead in the background (Python initialised, bootstrap evaluated,
 * the policy's warm-up modules imported), each on its own {@link ContextThread}, so that a run does not
 * wait for context start-up while the pool keeps up. A context leaves the pool once and never comes
 * back: taking one starts a replacement. Only runs whose context settings match the pool's (same
 * policy, no attachment) can use it; the rest create their context on demand.
 */
final class WarmPool {

    private final ScriptPolicy policy;
    private final int size;
    private final Supplier<ContextThread> starter;
    private final ArrayDeque<ContextThread> warming = new ArrayDeque<>();
    private boolean closed;

    /** {@code starter} starts a thread preparing a context for {@code policy}. */
    WarmPool(ScriptPolicy policy, Supplier<ContextThread> starter) {
        this.policy = policy;
        this.size = policy.isolationSettings().poolSize();
        this.starter = starter;
        synchronized (this) {
            fill();
        }
    }

    /** Whether a context of this pool fits the run: its settings are all fixed at context creation. */
    boolean fits(PythonInvocation invocation) {
        return size > 0 && invocation.script().attachmentFiles().isEmpty() && invocation.policy().equals(policy);
    }

    /** A prepared context, now the caller's alone, or null when none is ready yet. Starts a replacement. */
    synchronized ContextThread take() {
        if (closed) {
            return null;
        }
        ContextThread found = null;
        for (Iterator<ContextThread> it = warming.iterator(); it.hasNext(); ) {
            ContextThread candidate = it.next();
            if (candidate.isBroken()) {
                it.remove();
            } else if (found == null && candidate.isPrepared()) {
                it.remove();
                found = candidate;
            }
        }
        fill();
        return found;
    }

    synchronized int readyCount() {
        return (int) warming.stream().filter(ContextThread::isPrepared).count();
    }

    private void fill() {
        while (!closed && warming.size() < size) {
            warming.add(starter.get());
        }
    }

    /** Stops refilling; returns the contexts still in the pool, for the caller to retire. */
    synchronized List<ContextThread> close() {
        closed = true;
        List<ContextThread> left = List.copyOf(warming);
        warming.clear();
        return left;
    }
}
