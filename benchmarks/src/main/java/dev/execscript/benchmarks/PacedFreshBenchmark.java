package dev.execscript.benchmarks;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import dev.execscript.benchmarks.invocation.HandlerCall;
import dev.execscript.benchmarks.invocation.ExecScriptCall;
import dev.execscript.policy.ScriptPolicy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question 3: with runs arriving at a sustained {@code rate} per second, how long does a FRESH run take
 * when its context comes from the pool prepared in the background? Unlike {@link InvocationBenchmark},
 * which calls back to back and so measures how fast contexts can be made once the pool is drained, the
 * calls here are paced: the wait for a call's slot is setup (not timed), the call is timed. A pool that
 * cannot keep up at this rate shows as runs waiting for context start-up: a p50 near the unpooled one.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class PacedFreshBenchmark {

    /** Calls per second; the target is 20 on 2 cores. */
    @Param({"20"})
    public int rate;

    @Param({"trivial", "cpu_bound"})
    public String handler;

    /** The policy's warmupImports for the pool's contexts: none, or json (one more import per context). */
    @Param({"none", "json"})
    public String warmupImports;

    private HandlerCall call;
    private String eventsJson;
    private long intervalNanos;
    private long nextSlot;
    private long calls;
    private long late;
    private long firstSlot;

    @Setup(Level.Trial)
    public void openCall() {
        BenchmarkHandler h = BenchmarkHandler.valueOf(handler);
        call = new ExecScriptCall(h, ScriptPolicy.builder()
                .warmupImports(warmupImports.equals("none") ? List.of() : List.of(warmupImports))
                .build());
        eventsJson = h.eventsJson();
        if (!h.isExpectedPayload(call.invoke(eventsJson))) {
            throw new IllegalStateException("fresh/" + handler + " returned an unexpected payload");
        }
        intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        nextSlot = System.nanoTime() + intervalNanos;
        firstSlot = nextSlot;
    }

    /** Waits for the call's slot on a fixed schedule; a call that is due already starts at once and counts as late. */
    @Setup(Level.Invocation)
    public void waitForSlot() {
        long now = System.nanoTime();
        if (now - nextSlot > intervalNanos / 10) {
            late++;
        }
        while (nextSlot - now > 0) {
            LockSupport.parkNanos(nextSlot - now);
            now = System.nanoTime();
        }
        nextSlot += intervalNanos;
        calls++;
    }

    @TearDown(Level.Trial)
    public void closeCall() {
        double seconds = (System.nanoTime() - firstSlot) / 1e9;
        // Read by the summary: whether the schedule was kept (late calls mean the rate was not sustained).
        System.out.printf("%n[paced] rate %d/s, handler %s, warm-up imports %s: %d calls in %.1f s (%.2f/s), %d started late%n",
                rate, handler, warmupImports, calls, seconds, calls / seconds, late);
        call.close();
    }

    @Benchmark
    public String freshRun() {
        return call.invoke(eventsJson);
    }
}
