package dev.execscript.benchmarks;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import dev.execscript.benchmarks.invocation.HandlerCall;
import dev.execscript.benchmarks.peer.Cpython;
import dev.execscript.benchmarks.peer.CpythonProcessCall;
import dev.execscript.benchmarks.peer.CpythonWorkerCall;
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
 * Question 3: what do the same handlers and events cost on CPython 3, as a process per invocation
 * ({@code python3 -c}) and as a warm worker process fed JSON lines (one per thread)? The peers for
 * {@link InvocationBenchmark}. Without python3 on PATH the setup fails with a message saying so.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CpythonPeerBenchmark {

    @Param({"process", "worker"})
    public String peer;

    @Param({"trivial", "cpu_bound"})
    public String handler;

    private HandlerCall call;
    private String eventsJson;

    @Setup(Level.Trial)
    public void startPeer() {
        String python = Cpython.executable();
        BenchmarkHandler h = BenchmarkHandler.valueOf(handler);
        call = switch (peer) {
            case "process" -> new CpythonProcessCall(python, h);
            case "worker" -> new CpythonWorkerCall(python, h);
            default -> throw new IllegalArgumentException("unknown peer " + peer + "; expected process or worker");
        };
        eventsJson = h.eventsJson();
        String payload = call.invoke(eventsJson);
        if (!h.isExpectedPayload(payload)) {
            throw new IllegalStateException(peer + "/" + handler + " returned an unexpected payload: " + payload);
        }
    }

    @TearDown(Level.Trial)
    public void stopPeer() {
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
