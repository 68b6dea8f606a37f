package dev.execscript.benchmarks;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import dev.execscript.benchmarks.invocation.ExecScriptCall;
import dev.execscript.benchmarks.invocation.HandlerCall;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import java.util.Locale;
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
 * Question (issue 17): what does process isolation cost a trivial run from a warm pool, next to the
 * in-process FRESH run from its pool? Both through the embedding API, calls paced at {@code rate} per
 * second as in {@link PacedFreshBenchmark} (the wait for a call's slot is not timed), pool size 2: for
 * FRESH two prepared contexts, for PROCESS two worker processes, each with one prepared context.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ProcessIsolationBenchmark {

    @Param({"20"})
    public int rate;

    @Param({"fresh", "process"})
    public String isolation;

    private HandlerCall call;
    private String eventsJson;
    private long intervalNanos;
    private long nextSlot;

    @Setup(Level.Trial)
    public void openCall() throws InterruptedException {
        BenchmarkHandler h = BenchmarkHandler.trivial;
        call = new ExecScriptCall(h, ScriptPolicy.builder().poolSize(2)
                .isolation(Isolation.valueOf(isolation.toUpperCase(Locale.ROOT))).build());
        eventsJson = h.eventsJson();
        // The first call waits for a worker JVM to start; it is not part of the question.
        if (!h.isExpectedPayload(call.invoke(eventsJson))) {
            throw new IllegalStateException(isolation + "/trivial returned an unexpected payload");
        }
        intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        nextSlot = System.nanoTime() + intervalNanos;
    }

    @Setup(Level.Invocation)
    public void waitForSlot() {
        long now = System.nanoTime();
        while (nextSlot - now > 0) {
            LockSupport.parkNanos(nextSlot - now);
            now = System.nanoTime();
        }
        nextSlot += intervalNanos;
    }

    @TearDown(Level.Trial)
    public void closeCall() {
        call.close();
    }

    @Benchmark
    public String trivialRun() {
        return call.invoke(eventsJson);
    }
}
