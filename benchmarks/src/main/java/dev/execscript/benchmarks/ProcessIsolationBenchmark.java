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
 * Questions of issue 17, through the embedding API, trivial handler:
 * <ul>
 * <li>{@link #trivialRun}: what does process isolation cost a run from a warm pool, next to the in-process
 * FRESH run from its pool? Calls paced at {@code rate} per second as in {@link PacedFreshBenchmark} (the
 * wait for a call's slot is not timed), pool size 2: for FRESH two prepared contexts, for PROCESS two
 * worker processes, each with one prepared context.
 * <li>{@link #reusedCall}: what does a call in a reused context cost inside a worker ({@code process_reuse},
 * one round trip to the worker) next to in-process REUSE? Calls back to back, pool size 1.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@Threads(1)
public class ProcessIsolationBenchmark {

    /** A FRESH or PROCESS run at a fixed pace. */
    @State(Scope.Thread)
    public static class Paced {

        /** 5/s: each worker's next context is ready (the target's "warm pool"); 20/s: near what 2 cores can create. */
        @Param({"5", "20"})
        public int rate;

        @Param({"fresh", "process"})
        public String isolation;

        private HandlerCall call;
        private String eventsJson;
        private long intervalNanos;
        private long nextSlot;

        @Setup(Level.Trial)
        public void openCall() {
            call = open(isolation, 2);
            eventsJson = BenchmarkHandler.trivial.eventsJson();
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
    }

    /** A REUSE or PROCESS_REUSE call, back to back. */
    @State(Scope.Thread)
    public static class Reused {

        @Param({"reuse", "process_reuse"})
        public String isolation;

        private HandlerCall call;
        private String eventsJson;

        @Setup(Level.Trial)
        public void openCall() {
            call = open(isolation, 1);
            eventsJson = BenchmarkHandler.trivial.eventsJson();
        }

        @TearDown(Level.Trial)
        public void closeCall() {
            call.close();
        }
    }

    /** A call under {@code isolation} with a pool of {@code poolSize}, after one call (a worker JVM's start is not the question). */
    static HandlerCall open(String isolation, int poolSize) {
        BenchmarkHandler h = BenchmarkHandler.trivial;
        HandlerCall call = new ExecScriptCall(h, ScriptPolicy.builder().poolSize(poolSize)
                .isolation(Isolation.valueOf(isolation.toUpperCase(Locale.ROOT))).build());
        if (!h.isExpectedPayload(call.invoke(h.eventsJson()))) {
            throw new IllegalStateException(isolation + "/trivial returned an unexpected payload");
        }
        return call;
    }

    @Benchmark
    public String trivialRun(Paced paced) {
        return paced.call.invoke(paced.eventsJson);
    }

    @Benchmark
    public String reusedCall(Reused reused) {
        return reused.call.invoke(reused.eventsJson);
    }
}
