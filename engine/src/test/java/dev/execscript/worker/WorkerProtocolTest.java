package dev.execscript.worker;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.execscript.confinement.OsConfinement;
import dev.execscript.policy.Confinement;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.ScriptOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The host-worker protocol: frames, their JSON, and what the host does with a worker that breaks them. */
class WorkerProtocolTest {

    private static byte[] frame(int magic, int version, int type, int length, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(magic);
        out.write(version);
        out.write(type);
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static Frames.Frame read(byte[] bytes, int max) throws IOException {
        return new Frames(new ByteArrayInputStream(bytes), null).read(max);
    }

    @Test
    void read_writtenFrame_roundTrips() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Frames(null, out).write(Frames.Type.LINE, new byte[] {1, 2, 3});
        Frames.Frame f = read(out.toByteArray(), 3);
        assertThat(f.type()).isEqualTo(Frames.Type.LINE);
        assertThat(f.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void read_cleanEndBetweenFrames_isNull() throws IOException {
        assertThat(read(new byte[0], 10)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            88 | 2  | 79 | 9          | 9 | a frame of 9 bytes (at most 8 allowed)
            89 | 2  | 79 | 0          | 0 | did not start with the protocol's magic byte
            88 | 1  | 79 | 0          | 0 | a frame of protocol version 1 (expected 2)
            88 | 2  | 63 | 0          | 0 | a frame of unknown type 63
            88 | 2  | 79 | -1         | 0 | a frame of 4294967295 bytes (at most 8 allowed)
            88 | 2  | 79 | 5          | 2 | the stream ended inside a frame
            """)
    void read_brokenHeaderOrLength_isAProtocolErrorSayingWhat(int magic, int version, int type, int length, int given, String why) {
        byte[] bytes = frame(magic, version, type, length, new byte[given]);
        assertThatThrownBy(() -> read(bytes, 8)).isInstanceOf(Frames.ProtocolException.class).hasMessageContaining(why);
    }

    @Test
    void policy_everySettingChanged_roundTripsThroughJson() throws IOException {
        ScriptPolicy p = ScriptPolicy.builder().wallClockTimeout(Duration.ofMillis(1500)).maxStatements(7).cpuTime(Duration.ofSeconds(2))
                .maxAllocatedBytes(3 << 20).maxRecursionDepth(77).maxOutputBytes(99).maxPayloadBytes(1000).maxPayloadListItems(5)
                .readableDirectories(Path.of("/data")).environmentVariables("LANG").allowThreads(true).isolation(Isolation.PROCESS)
                .poolSize(3).warmupImports("json").maxArchiveEntries(9).maxArchiveUncompressedBytes(4096)
                .maxArchiveCompressionRatio(8).pwshPath(Path.of("pwsh")).strictRuntimes(true).maxMemory(128 << 20)
                .confinement(Confinement.REQUIRED).build();
        assertThat(WireJson.policy(WireJson.parse(WireJson.bytes(WireJson.policy(p))))).isEqualTo(p);
        assertThat(WireJson.policy(WireJson.parse(WireJson.bytes(WireJson.policy(ScriptPolicy.defaults())))))
                .isEqualTo(ScriptPolicy.defaults());
    }

    @Test
    void outcome_withLoneSurrogatesAndDetails_roundTripsThroughJson() throws IOException {
        Map<String, List<String>> details = new LinkedHashMap<>();
        details.put("ExceptionType", List.of("ValueError"));
        details.put("ExceptionMessage", List.of("bad \ud800 \u00e9 \u0000"));
        ScriptOutcome o = ScriptOutcome.failed(dev.execscript.runtime.FailureType.Action, "msg \udfff", details, "out\n",
                Duration.ofMillis(12));
        ScriptOutcome back = WireJson.outcome(WireJson.parse(WireJson.bytes(WireJson.outcome(o))));
        assertThat(back).isEqualTo(o);
        // Everything beyond ASCII is escaped, so lone surrogates cross (UTF-8 cannot carry them).
        assertThat(new String(WireJson.bytes(WireJson.outcome(o)), java.nio.charset.StandardCharsets.ISO_8859_1))
                .matches("\\p{ASCII}*");
    }

    @Test
    void invocation_withAttachment_roundTripsThroughJson() throws IOException {
        PythonInvocation inv = new PythonInvocation(new PythonScript(null, null, "pkg.main.handler",
                Map.of("pkg/main.py", new byte[] {'x', 0, (byte) 0xff})), "{\"a\":1}", "{}", Duration.ofSeconds(3),
                ScriptPolicy.defaults(), line -> { });
        WireJson.Run back = WireJson.invocation(WireJson.invocation(inv, true), line -> { });
        assertThat(back.script().source()).isNull();
        assertThat(back.script().handler()).isEqualTo("pkg.main.handler");
        assertThat(back.script().attachmentFiles().get("pkg/main.py")).containsExactly('x', 0, 0xff);
        assertThat(back.eventsJson()).isEqualTo("{\"a\":1}");
        assertThat(back.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(back.policy()).isEqualTo(ScriptPolicy.defaults());
    }

    @Test
    void invocation_withoutPolicy_readsAsThePoolsPolicy() throws IOException {
        PythonInvocation inv = new PythonInvocation(new PythonScript("def handler(e, c):\n    return 1\n", "t.py", "handler"),
                "{}", "{}", Duration.ofSeconds(3), ScriptPolicy.defaults(), line -> { });
        byte[] bare = WireJson.invocation(inv, false);
        assertThat(new String(bare, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("maxStatements");
        WireJson.Run back = WireJson.invocation(bare, line -> { });
        assertThat(back.policy()).isNull();
        assertThat(back.script().source()).isEqualTo(inv.script().source());
    }

    @Test
    void awsRequests_callAndSend_roundTripThroughJsonWithLoneSurrogates() throws IOException {
        WireJson.AwsRequest call = WireJson.awsRequest(WireJson.awsCall(7, "ssm", "GetParameter", "{\"Name\":\"\ud800 \u00e9\"}"));
        assertThat(call).isEqualTo(new WireJson.AwsCallRequest(7, "ssm", "GetParameter", "{\"Name\":\"\ud800 \u00e9\"}"));
        WireJson.AwsRequest send = WireJson.awsRequest(WireJson.awsSend(8, "POST", "http://127.0.0.1:1/", "{\"a\":\"b\"}", null));
        assertThat(send).isEqualTo(new WireJson.AwsSendRequest(8, "POST", "http://127.0.0.1:1/", "{\"a\":\"b\"}", null));
        assertThat(WireJson.awsAnswer(WireJson.awsAnswer(9, "{\"kind\":\"none\"}"))).isEqualTo(new WireJson.AwsAnswer(9,
                "{\"kind\":\"none\"}"));
        assertThatThrownBy(() -> WireJson.awsRequest("{\"id\":\"1\",\"kind\":\"call\"}".getBytes()))
                .hasMessage("'id' is not a whole number");
    }

    @Test
    void invocation_withAwsEndpoint_carriesItToTheWorker() throws IOException {
        java.net.URI endpoint = java.net.URI.create("http://127.0.0.1:4566");
        PythonInvocation inv = new PythonInvocation(new PythonScript("def handler(e, c):\n    return 1\n", "t.py", "handler"),
                "{}", "{}", Duration.ofSeconds(3), ScriptPolicy.defaults(), line -> { },
                new dev.execscript.answering.AwsAnswering(dev.execscript.aws.AwsResponses.none(), java.util.Optional.of(endpoint))
                        .session(call -> { }, Duration.ofSeconds(3)));
        assertThat(WireJson.invocation(WireJson.invocation(inv, false), line -> { }).awsEndpoint()).contains(endpoint);
        PythonInvocation declared = new PythonInvocation(inv.script(), "{}", "{}", Duration.ofSeconds(3), ScriptPolicy.defaults(),
                line -> { });
        assertThat(WireJson.invocation(WireJson.invocation(declared, false), line -> { }).awsEndpoint()).isEmpty();
    }

    @Test
    void prepare_policyAndRegion_roundTripThroughJson() throws IOException {
        ScriptPolicy p = ScriptPolicy.builder().isolation(Isolation.PROCESS).pythonPath(List.of(Path.of("/opt/py"))).build();
        assertThat(WireJson.prepare(WireJson.prepare(p, "eu-west-2"))).isEqualTo(new WireJson.Prepare(p, "eu-west-2"));
    }

    @Test
    void lastWords_javaStackTraceOnStderr_isTheExceptionNotItsFrames() {
        assertThat(WorkerPool.lastWords("starting\nException in thread \"main\" java.lang.NoSuchMethodError: 'x()'\n\tat a.B.c(B.java:1)\n"
                + "\tat a.B.main(B.java:2)\n\t... 3 more\n")).isEqualTo("Exception in thread \"main\" java.lang.NoSuchMethodError: 'x()'");
        assertThat(WorkerPool.lastWords("Error: could not find java.base\n")).isEqualTo("Error: could not find java.base");
        assertThat(WorkerPool.lastWords("  \n")).isEmpty();
    }

    @Test
    void outcome_missingFields_isMalformed() {
        assertThatThrownBy(() -> WireJson.outcome(WireJson.parse("{\"status\":\"Success\",\"elapsedNanos\":1,\"details\":{}}"
                .getBytes()))).isInstanceOf(WireJson.MalformedException.class).hasMessage("a successful outcome without 'payloadJson'");
        assertThatThrownBy(() -> WireJson.parse("[1]".getBytes())).hasMessage("the payload is not a JSON object");
        assertThatThrownBy(() -> WireJson.parse("{".getBytes())).hasMessage("the payload is not JSON");
    }

    /** A worker that breaks the protocol in {@code mode} is killed, the step says so, and nothing of it is left. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            garbage              | did not start with the protocol's magic byte
            oversized            | a frame of 2147483647 bytes
            version              | a frame of protocol version 99 (expected 2)
            outcomeWithoutFields | 'details' is missing
            hostFrame            | a RUN frame, which only the host sends
            truncated            | the stream ended inside a frame
            outputBeforeStart    | an outcome while no run was going
            awsCallBeforeStart   | an AWS call while no run was going
            awsCallOversized     | a frame of 2147483647 bytes (at most 67108864 allowed)
            awsCallWithoutFields | 'service' is missing
            awsCallOfUnknownKind | 'kind' of an AWS call is neither call nor send
            awsAnswerFromWorker  | a AWS_ANSWER frame, which only the host sends
            """)
    void run_workerBreakingTheProtocol_isKilledAndTheStepFailsSayingWhy(String mode, String why) throws Exception {
        ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.PROCESS).poolSize(1).build();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), MisbehavingWorker.class.getName(), mode);
        Set<Long> others = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        try (WorkerRuntime workers = new WorkerRuntime(policy, true, OsConfinement.none("test"), p -> command)) {
            ScriptOutcome o = workers.run(new PythonInvocation(new PythonScript("def handler(e, c):\n    return 1\n", "t.py",
                    "handler"), "{}", "{}", Duration.ofSeconds(30), policy, line -> { }));
            assertThat(o.status()).isEqualTo(StepStatus.Failed);
            assertThat(o.failureMessage()).startsWith("the worker process broke the protocol (").contains(why)
                    .endsWith(") and was killed; the step's result is unknown");
            assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(30));
            List<ProcessHandle> killed = ProcessHandle.current().descendants().filter(p -> !others.contains(p.pid()))
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(mode)).orElse(false)).toList();
            // The replacement is a new process; the one that misbehaved is gone or going.
            assertThat(killed).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void run_workerSilentPastTheTimeout_isKilledAndTheStepTimesOut() {
        ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.PROCESS).poolSize(1).build();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), MisbehavingWorker.class.getName(), "startedThenSilent");
        try (WorkerRuntime workers = new WorkerRuntime(policy, true, OsConfinement.none("test"), p -> command)) {
            ScriptOutcome o = workers.run(new PythonInvocation(new PythonScript("def handler(e, c):\n    return 1\n", "t.py",
                    "handler"), "{}", "{}", Duration.ofSeconds(1), policy, line -> { }));
            assertThat(o.status()).isEqualTo(StepStatus.TimedOut);
            assertThat(o.failureMessage()).isEqualTo("the step timed out after 1.0 s (timeoutSeconds); the script did not stop, "
                    + "and its worker process was killed");
        }
    }
}
