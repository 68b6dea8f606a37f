package dev.execscript.benchmarks;

import dev.execscript.runtime.StepStatus;
import dev.execscript.aws.AwsResponses;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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
 * Question 6: what does a warm call of a step that calls AWS cost? A REUSE context (its module loaded once,
 * boto3 imported) against a warm CPython process calling the same handler, each call answered without the
 * network (declared response; in CPython, the same {@code before-call} hook botocore's Stubber uses). The
 * client made in the handler (as most runbook scripts do: botocore builds a client class per call) or once at
 * module level (as AWS advises for Lambda). Measured after a minute of warm-up: GraalPy's compiler needs thousands of
 * calls on 2 cores to compile botocore's client creation ({@link AwsReuseWarmupProbe} follows the way there).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 12, time = 5)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class AwsReuseBenchmark {

    static final String IN_HANDLER = """
            import boto3
            def handler(events, context):
                return boto3.client('ssm').get_parameter(Name='/app/color')['Parameter']['Value']
            """;
    static final String AT_MODULE = """
            import boto3
            ssm = boto3.client('ssm')
            def handler(events, context):
                return ssm.get_parameter(Name='/app/color')['Parameter']['Value']
            """;
    /** CPython: every client answers GetParameter from a before-call hook, then runs the handler per stdin line. */
    static final String CPYTHON_WORKER = """
            import json, sys, botocore.session
            from botocore.awsrequest import AWSResponse
            def answer(model, **kwargs):
                return (AWSResponse('', 200, {}, None), {'Parameter': {'Name': '/app/color', 'Type': 'String', 'Value': 'blue'}})
            create_client = botocore.session.Session.create_client
            def answered(self, *args, **kwargs):
                c = create_client(self, *args, **kwargs)
                c.meta.events.register_first('before-call', answer)
                return c
            botocore.session.Session.create_client = answered
            namespace = {'__name__': '__main__'}
            exec(compile(sys.argv[1], 'handler.py', 'exec'), namespace)
            handler = namespace['handler']
            for line in sys.stdin:
                sys.stdout.write(json.dumps(handler({}, {})) + '\\n')
                sys.stdout.flush()
            """;
    static final String RESPONSES = """
            ssm:GetParameter:
              - response: {Parameter: {Name: /app/color, Type: String, Value: blue}}
            """;

    @Param({"execscript_reuse", "cpython_worker"})
    public String runtime;

    @Param({"handler", "module"})
    public String clientAt;

    private ExecScript engine;
    private PythonStep step;
    private Process worker;
    private BufferedWriter requests;
    private BufferedReader responses;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String source = clientAt.equals("module") ? AT_MODULE : IN_HANDLER;
        if (runtime.equals("cpython_worker")) {
            ProcessBuilder command = new ProcessBuilder(AwsPeer.python(), "-c", CPYTHON_WORKER, source)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            AwsPeer.environment(command);
            worker = command.start();
            requests = new BufferedWriter(new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8));
            responses = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        } else {
            engine = ExecScript.builder().policy(ScriptPolicy.builder().isolation(Isolation.REUSE).build()).prepareContexts(false)
                    .awsResponses(AwsResponses.parse(RESPONSES, "responses.yaml", List.of())).build();
            step = PythonStep.inline(source, "handler");
        }
        String first = call();
        if (!first.equals("\"blue\"")) {
            throw new IllegalStateException(runtime + " returned " + first);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (worker != null) {
            requests.close();
            worker.waitFor(5, TimeUnit.SECONDS);
            worker.destroy();
        }
    }

    @Benchmark
    public String call() {
        if (engine != null) {
            ScriptOutcome outcome = engine.run(step, "{}");
            if (outcome.status() != StepStatus.Success) {
                throw new IllegalStateException(outcome.failureMessage());
            }
            return outcome.payloadJson();
        }
        try {
            requests.write("{}\n");
            requests.flush();
            String line = responses.readLine();
            if (line == null) {
                throw new IllegalStateException("the CPython worker exited (needs boto3 for python3)");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
