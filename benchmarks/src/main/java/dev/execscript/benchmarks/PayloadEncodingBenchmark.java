package dev.execscript.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.benchmarks.payload.HybridPayloadEncoder;
import dev.execscript.benchmarks.payload.PayloadValues;
import dev.execscript.payload.GuestJsonEncoder;
import dev.execscript.payload.PayloadEncoder;
import dev.execscript.policy.PayloadLimits;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question 1: what does turning a handler's return value into the output payload cost, by size and shape,
 * and does the truncating path stay flat once the value is far over the 100 KB limit?
 *
 * <p>Strategies: {@link #javaEncoder} (the engine's {@link PayloadEncoder} walking the guest value from Java),
 * {@link #guestJsonDumps} (one call of the guest's {@code json.dumps}, whole value, no limits beyond the
 * 100-item cut of a top-level list), {@link #hybrid} (guest dumps when a bounded guest estimate says small,
 * else the encoder) and {@link #jacksonBaseline} (Jackson writing an equal plain Java Map/List tree: the
 * in-JVM floor for serializing the whole value).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PayloadEncodingBenchmark {

    /** Bytes of compact UTF-8 JSON of the whole value; 100KB is exactly the AWS limit, 99KB just under. */
    @Param({"1KB", "10KB", "99KB", "100KB", "1MB", "10MB"})
    public String size;

    @Param({"flat_dict", "deep_nesting", "long_list", "long_strings", "unicode_heavy"})
    public String shape;

    private Context context;
    private Value value;
    private Value sliceTopLevelList;
    private Value guestDumps;
    private PayloadEncoder encoder;
    private HybridPayloadEncoder hybridEncoder;
    private GuestJsonEncoder guestEncoder;
    private Object javaTree;
    private ObjectMapper jackson;

    @Setup(Level.Trial)
    public void buildValue() throws JsonProcessingException {
        PayloadLimits limits = new PayloadLimits(102_400, 100);
        context = GuestEngine.newContext();
        PayloadValues values = new PayloadValues(context);
        long start = System.nanoTime();
        value = values.build(shape, PayloadValues.parseSize(size));
        String wholeJson = values.compactJson(value);
        jackson = new ObjectMapper();
        javaTree = jackson.readValue(wholeJson, Object.class);
        System.out.printf("%n[payload] %s %s: %,d bytes of JSON, built in %.1f s; engine %s%n", shape, size,
                wholeJson.getBytes(StandardCharsets.UTF_8).length, (System.nanoTime() - start) / 1e9,
                GuestEngine.implementationName());
        encoder = new PayloadEncoder(limits);
        hybridEncoder = new HybridPayloadEncoder(context, limits);
        guestEncoder = new GuestJsonEncoder(context);
        guestDumps = context.eval("python",
                "import json\nlambda v: json.dumps(v, ensure_ascii=False, separators=(',', ':'))");
        sliceTopLevelList = context.eval("python", "lambda v, n: v[:n] if isinstance(v, list) else v");
    }

    @TearDown(Level.Trial)
    public void closeContext() {
        context.close(true);
    }

    @Benchmark
    public String javaEncoder() {
        return encoder.encode(value).json();
    }

    /** What the engine runs: the guest's JSON encoder when it applies, else the Java walker. */
    @Benchmark
    public String engineEncoder() {
        return encoder.encode(value, guestEncoder).json();
    }

    @Benchmark
    public String guestJsonDumps() {
        return guestDumps.execute(sliceTopLevelList.execute(value, 100)).asString();
    }

    @Benchmark
    public String hybrid() {
        return hybridEncoder.encode(value).json();
    }

    @Benchmark
    public String jacksonBaseline() throws JsonProcessingException {
        return jackson.writeValueAsString(javaTree);
    }
}
