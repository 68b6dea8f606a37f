package dev.execscript.python;

import dev.execscript.policy.ScriptPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REUSE isolation: contexts kept warm per script, like warm Lambda instances. A context holding a
 * script's loaded module serves one run at a time; a concurrent run of the same script gets another
 * context, up to {@code perScript} contexts per script (more runs than that get a one-off context).
 * Only the most recently used scripts keep contexts; an evicted script's idle contexts are closed.
 */
final class ReusedContexts {

    /** What a kept context is for: its settings (the policy) and the module loaded into it. */
    record ScriptKey(ScriptPolicy policy, String source, String fileName) {
    }

    /** The contexts of one script. */
    static final class Seats {
        private final ArrayDeque<ContextThread> idle = new ArrayDeque<>();
        private int live;
    }

    /** A context to run on; {@code host} is null when the caller is to start one (counted already). */
    record Seat(Seats seats, ContextThread host) {
    }

    private final int perScript;
    private final int maxScripts;
    private final LinkedHashMap<ScriptKey, Seats> byScript = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    ReusedContexts(int perScript, int maxScripts) {
        this.perScript = Math.max(1, perScript);
        this.maxScripts = maxScripts;
    }

    /**
     * An idle context of the script (its module loaded), or a seat for a new one (host null), or null
     * when the script already has all the contexts it may keep, all busy.
     */
    synchronized Seat acquire(ScriptKey key, List<ContextThread> evicted) {
        if (closed) {
            return null;
        }
        Seats seats = byScript.get(key);
        if (seats == null) {
            evictFor(evicted);
            seats = new Seats();
            byScript.put(key, seats);
        }
        ContextThread host = seats.idle.pollFirst();
        if (host != null) {
            return new Seat(seats, host);
        }
        if (seats.live < perScript) {
            seats.live++;
            return new Seat(seats, null);
        }
        return null;
    }

    private void evictFor(List<ContextThread> evicted) {
        for (Iterator<Map.Entry<ScriptKey, Seats>> it = byScript.entrySet().iterator();
                byScript.size() >= maxScripts && it.hasNext(); ) {
            Seats oldest = it.next().getValue();
            evicted.addAll(oldest.idle);
            oldest.live -= oldest.idle.size();
            oldest.idle.clear();
            it.remove();
        }
    }

    /**
     * Gives a context back after a run: kept if {@code reusable} (the run ended normally and its script
     * is still kept), else returned for the caller to retire (null when kept).
     */
    synchronized ContextThread release(Seat seat, ContextThread host, boolean reusable) {
        boolean current = byScript.containsValue(seat.seats());
        if (reusable && current && !closed && host != null) {
            seat.seats().idle.addFirst(host);
            return null;
        }
        if (current) {
            seat.seats().live--;
        }
        return host;
    }

    /** Closes the store; returns every idle context for the caller to retire. */
    synchronized List<ContextThread> close() {
        closed = true;
        List<ContextThread> idle = new ArrayList<>();
        for (Seats seats : byScript.values()) {
            idle.addAll(seats.idle);
            seats.idle.clear();
        }
        byScript.clear();
        return idle;
    }
}
