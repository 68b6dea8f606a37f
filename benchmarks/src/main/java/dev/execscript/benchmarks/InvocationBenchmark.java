package dev.execscript.benchmarks;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import dev.execscript.benchmarks.invocation.HandlerCall;
import dev.execscript.benchmarks.invocation.InvocationMode;
import java.util.concurrent.TimeUnit;
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
 * Question 2: how long does one handler invocation take, events JSON in to payload JSON out, when every
 * call gets a fresh context (the engine today) versus a warm context with the handler already loaded?
 * Latency percentiles (p50, p99) with one thread and with two (each thread its own warm context).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Measured on 2 cores: the warm path needs 20-25 s of calls before the JIT has settled (warm trivial p90
// 134 us after 8 s of calls, 12 us after 25 s).
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class InvocationBenchmark {

    /** A constant of {@link InvocationMode}; a new mode is one more value here. */
    @Param({"fresh", "warm", "unpooled", "floor"})
    public String mode;

    @Param({"trivial", "cpu_bound"})
    public String handler;

    /**
     * One engine for all the trial's threads, as a service embeds it (build one, call it from every
     * thread); a warm script gets a context per concurrent caller.
     */
    private HandlerCall call;
    private String eventsJson;

    @Setup(Level.Trial)
    public void openCall() {
        BenchmarkHandler h = BenchmarkHandler.valueOf(handler);
        call = InvocationMode.valueOf(mode).open(h);
        if (!call.isCompilationEnabled()) {
            GuestEngine.requireCompilation(null);
        }
        eventsJson = h.eventsJson();
        String payload = call.invoke(eventsJson);
        if (!h.isExpectedPayload(payload)) {
            throw new IllegalStateException(mode + "/" + handler + " returned an unexpected payload: " + payload);
        }
    }

    @TearDown(Level.Trial)
    public void closeCall() {
        call.close();
    }

    @Benchmark
    @Threads(1)
    public String oneThread() {
        return call.invoke(eventsJson);
    }

    @Benchmark
    @Threads(2)
    public String twoThreads() {
        return call.invoke(eventsJson);
    }
}
