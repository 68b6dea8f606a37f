package dev.execscript.python;

import dev.execscript.policy.ScriptPolicy;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Measures what the thread running a step has used, for the limits GraalVM Community does not enforce
 * itself: CPU time (the thread's CPU clock) and memory (the JVM's per-thread allocated-bytes counter,
 * which counts every allocation, not live memory). Checked periodically by the runtime's watchdog.
 */
final class ResourceWatch {

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean HOTSPOT_THREADS =
            THREADS instanceof com.sun.management.ThreadMXBean h ? h : null;

    private final long threadId;
    private final long cpuAtStart;
    private final long allocatedAtStart;
    private final long cpuLimitNanos;
    private final long allocationLimit;

    /** Call on the thread to be watched, before it runs the script. */
    ResourceWatch(ScriptPolicy policy) {
        this.threadId = Thread.currentThread().threadId();
        // The current-thread readings skip the lookup of a thread by id (measured: a microsecond a run).
        this.cpuAtStart = Math.max(THREADS.getCurrentThreadCpuTime(), 0);
        this.allocatedAtStart = HOTSPOT_THREADS == null ? 0 : Math.max(HOTSPOT_THREADS.getCurrentThreadAllocatedBytes(), 0);
        this.cpuLimitNanos = policy.guestLimits().cpuTime().toNanos();
        this.allocationLimit = policy.guestLimits().maxAllocatedBytes();
    }

    static {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        if (HOTSPOT_THREADS != null && HOTSPOT_THREADS.isThreadAllocatedMemorySupported()
                && !HOTSPOT_THREADS.isThreadAllocatedMemoryEnabled()) {
            HOTSPOT_THREADS.setThreadAllocatedMemoryEnabled(true);
        }
    }

    private long cpuNanos() {
        long t = THREADS.getThreadCpuTime(threadId);
        return Math.max(t, 0);
    }

    private long allocated() {
        return HOTSPOT_THREADS == null ? 0 : Math.max(HOTSPOT_THREADS.getThreadAllocatedBytes(threadId), 0);
    }

    /** A tripped limit, described for the step's result. */
    record Exceeded(String limit, String value, String used, String message) {
    }

    /** Null while within limits; else which limit was passed and by how much. From any thread. */
    Exceeded check() {
        return check(cpuNanos(), allocated());
    }

    /** As {@link #check()}, on the watched thread itself (its last reading, when the script has returned). */
    Exceeded checkHere() {
        return check(Math.max(THREADS.getCurrentThreadCpuTime(), 0),
                HOTSPOT_THREADS == null ? 0 : Math.max(HOTSPOT_THREADS.getCurrentThreadAllocatedBytes(), 0));
    }

    private Exceeded check(long cpuNow, long allocatedNow) {
        // Memory first: when both budgets are spent at one reading, the allocations are the cause (a huge
        // allocation burns CPU zeroing and collecting); seen under load with a 1.5 GB bytearray.
        long bytes = allocatedNow - allocatedAtStart;
        if (bytes >= allocationLimit) {
            String value = String.format(Locale.ROOT, "%,d bytes", allocationLimit);
            String used = String.format(Locale.ROOT, "%,d bytes", bytes);
            return new Exceeded("maxAllocatedBytes", value, used,
                    "memory: " + used + " allocated, over the budget of " + value + " (policy maxAllocatedBytes)");
        }
        long cpu = cpuNow - cpuAtStart;
        if (cpu >= cpuLimitNanos) {
            String value = seconds(cpuLimitNanos);
            String used = seconds(cpu);
            return new Exceeded("cpuTime", value, used, "CPU time " + used + " used of " + value + " (policy cpuTime)");
        }
        return null;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
