package dev.execscript.benchmarks;

import dev.execscript.runtime.StepStatus;
import dev.execscript.aws.AwsResponses;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question 5: what does a new step that calls AWS cost? The step imports boto3, creates an SSM client and makes
 * one call answered by a declared response, as most runbook steps do. Modes: a FRESH run taking a context
 * the pool prepared with boto3 imported ({@code warmupImports: [boto3]}, the pool given time to refill
 * between runs), a FRESH run creating its context on demand; and the peer,
 * CPython doing the same work in a new {@code python3} process (the call answered by botocore's Stubber).
 * benchmarks/run runs it in a JVM without the optimizing compiler, as the command line runs (on 2 cores the JIT
 * makes big imports slower). CPython is Debian's python3 when it is there: the same boto3 the engine imports.
 * Ten shots after three, for a p50: a new step's time falls over the first shots as the JVM compiles GraalPy's
 * interpreter (measured 2026-11-30: on demand 924 ms at the first measured shot, 530-560 ms from the ninth).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class AwsCallBenchmark {

    static final String SCRIPT = """
            import boto3
            def handler(events, context):
                ssm = boto3.client('ssm')
                return ssm.get_parameter(Name='/app/color')['Parameter']['Value']
            """;
    static final String RESPONSES = """
            ssm:GetParameter:
              - response: {Parameter: {Name: /app/color, Type: String, Value: blue}}
            """;
    /** The same script under CPython, its one call answered by botocore's Stubber. */
    static final String CPYTHON = """
            import json, sys, boto3
            from botocore.stub import Stubber
            real_client = boto3.client
            def client(*args, **kwargs):
                c = real_client(*args, **kwargs)
                s = Stubber(c)
                s.add_response('get_parameter', {'Parameter': {'Name': '/app/color', 'Type': 'String', 'Value': 'blue'}})
                s.activate()
                return c
            boto3.client = client
            namespace = {'__name__': '__main__'}
            exec(compile(sys.argv[1], 'handler.py', 'exec'), namespace)
            sys.stdout.write(json.dumps(namespace['handler']({}, {})))
            """;

    @Param({"pooled", "on_demand", "cpython_process"})
    public String mode;

    /** How long the pool is given to prepare its next context before a pooled run. */
    @Param({"6000"})
    public long poolRefillMillis;

    private ExecScript engine;
    private PythonStep step;

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (mode.equals("cpython_process")) {
            return;
        }
        ScriptPolicy.Builder policy = ScriptPolicy.builder();
        switch (mode) {
            case "pooled" -> policy.warmupImports(List.of("boto3")).poolSize(1);
            case "on_demand" -> { }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        engine = ExecScript.builder().policy(policy.build()).prepareContexts(mode.equals("pooled"))
                .awsResponses(AwsResponses.parse(RESPONSES, "responses.yaml", List.of())).build();
        step = PythonStep.inline(SCRIPT, "handler");
    }

    @Setup(Level.Invocation)
    public void letPoolRefill() throws InterruptedException {
        if (mode.equals("pooled")) {
            Thread.sleep(poolRefillMillis);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Benchmark
    public String run() {
        if (mode.equals("cpython_process")) {
            return cpython();
        }
        ScriptOutcome outcome = engine.run(step, "{}");
        if (outcome.status() != StepStatus.Success || !"\"blue\"".equals(outcome.payloadJson())) {
            throw new IllegalStateException(mode + ": " + outcome.failureMessage());
        }
        return outcome.payloadJson();
    }

    private static String cpython() {
        try {
            ProcessBuilder command = new ProcessBuilder(AwsPeer.python(), "-c", CPYTHON, SCRIPT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            AwsPeer.environment(command);
            Process p = command.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !out.equals("\"blue\"")) {
                throw new IllegalStateException("python3 with boto3 failed (exit " + p.exitValue() + "): " + out
                        + " (needs python3-boto3)");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
