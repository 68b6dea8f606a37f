package dev.execscript.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.embed.Runbook;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.execution.StepExecution;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scripts' AWS calls in worker processes (real child JVMs, confined where the machine allows, and the real
 * boto3 of Debian's python3-boto3): answered by the host's session exactly as in-process, declared answers
 * counted across an execution's steps, endpoint requests sent by the host (a confined worker has no
 * network), calls recorded and heard alike.
 */
class ProcessAwsCallsTest {

    private static final String RESPONSES = """
            ec2:DescribeInstances:
              - response: {Reservations: [{Instances: [{InstanceId: i-1, State: {Name: pending}}]}]}
                times: 1
              - response: {Reservations: [{Instances: [{InstanceId: i-1, State: {Name: running}}]}]}
            ssm:GetParameter:
              - when: {Name: /app/present}
                response: {Parameter: {Name: /app/present, Type: String, Value: v1, LastModifiedDate: '2024-03-04T05:06:07Z'}}
              - error: {Code: ParameterNotFound, Message: no such parameter}
            ssm:PutParameter:
              - response: {Version: 7}
            s3:GetObject:
              - response: {Body: hello from s3, ContentLength: 13}
            """;

    /** Two steps that call the same operation (its first answer may be used once per execution) and more. */
    private static final String RUNBOOK = """
            schemaVersion: '0.3'
            mainSteps:
              - name: first
                action: aws:executeScript
                inputs:
                  Runtime: python3.11
                  Handler: handler
                  Script: |
                    import boto3
                    def handler(events, context):
                        r = boto3.client('ec2').describe_instances(InstanceIds=['i-1'])
                        state = r['Reservations'][0]['Instances'][0]['State']['Name']
                        print('first sees', state)
                        return state
              - name: second
                action: aws:executeScript
                inputs:
                  Runtime: python3.11
                  Handler: handler
                  Script: |
                    import datetime
                    import boto3
                    from botocore.exceptions import ClientError
                    def handler(events, context):
                        ec2 = boto3.client('ec2')
                        ssm = boto3.client('ssm')
                        out = {'state': ec2.describe_instances(InstanceIds=['i-1'])['Reservations'][0]['Instances'][0]['State']['Name']}
                        p = ssm.get_parameter(Name='/app/present')['Parameter']
                        out['value'] = p['Value']
                        out['modified_is_datetime'] = isinstance(p['LastModifiedDate'], datetime.datetime)
                        try:
                            ssm.get_parameter(Name='/app/missing')
                        except ssm.exceptions.ParameterNotFound as e:
                            out['modelled'] = [type(e).__name__, isinstance(e, ClientError), e.response['Error']['Code'],
                                               e.response['ResponseMetadata']['HTTPStatusCode']]
                        out['version'] = ssm.put_parameter(Name='/app/big', Value='x' * 20000, Type='String')['Version']
                        out['body'] = boto3.client('s3').get_object(Bucket='b', Key='k')['Body'].read().decode()
                        out['region'] = ec2.meta.region_name
                        print('second done')
                        return out
            """;

    private static HttpServer standIn;
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStandIn() throws IOException {
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in");
            t.setDaemon(true);
            return t;
        }));
        standIn.createContext("/", ProcessAwsCallsTest::answerLikeSsm);
        standIn.start();
    }

    @AfterAll
    static void stopStandIn() {
        standIn.stop(0);
    }

    /** SSM's JSON protocol: GetParameter answers at once; GetParameters never answers in a test's time. */
    private static void answerLikeSsm(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(target + " " + body + " signed=" + auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIAEXECSCRIPTLOCAL0/"));
        if ("AmazonSSM.GetParameters".equals(target)) {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] reply = "{\"Parameter\":{\"Name\":\"/app/x\",\"Type\":\"String\",\"Value\":\"from-endpoint\",\"Version\":3}}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    /** What one execution of the runbook gave: the execution, and each call as the listener heard it (step: call). */
    private record Ran(AutomationExecution execution, List<Map.Entry<String, AwsCall>> heard) {
    }

    private static Ran runRunbook(ExecScript engine, Path runbook, List<Map.Entry<String, AwsCall>> heard) throws DocumentException {
        heard.clear();
        AutomationExecution e = engine.run(Runbook.load(runbook), Map.of());
        return new Ran(e, List.copyOf(heard));
    }

    private static ExecScript engine(Isolation isolation, List<Map.Entry<String, AwsCall>> heard) throws DocumentException {
        return ExecScript.builder().policy(ScriptPolicy.defaults()).isolation(isolation).region("eu-west-2").prepareContexts(false)
                .awsResponses(AwsResponses.parse(RESPONSES, "r.yaml", List.of()))
                .awsCallListener((step, call) -> heard.add(Map.entry(step, call))).build();
    }

    /** A step's result as far as it can be the same in two runs (not its times). */
    private static List<Object> comparable(StepExecution s) {
        return List.of(s.stepName(), s.status(), s.outputs(), String.valueOf(s.failureMessage()), String.valueOf(s.scriptOutput()),
                s.awsCalls());
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"PROCESS", "PROCESS_REUSE"})
    void runbook_declaredAnswersInWorkers_answeredCountedRecordedAndHeardAsInProcess(Isolation isolation, @TempDir Path dir)
            throws Exception {
        Path runbook = dir.resolve("calls.yaml");
        Files.writeString(runbook, RUNBOOK);
        List<Map.Entry<String, AwsCall>> heardInProcess = new CopyOnWriteArrayList<>();
        List<Map.Entry<String, AwsCall>> heardInWorkers = new CopyOnWriteArrayList<>();
        Ran inProcess;
        try (ExecScript engine = engine(Isolation.FRESH, heardInProcess)) {
            inProcess = runRunbook(engine, runbook, heardInProcess);
        }
        try (ExecScript engine = engine(isolation, heardInWorkers)) {
            // Twice: answers' times are counted per execution, so the second starts again from the first answer.
            for (int round = 0; round < 2; round++) {
                Ran inWorkers = runRunbook(engine, runbook, heardInWorkers);
                AutomationExecution e = inWorkers.execution();
                assertThat(e.status()).as(String.valueOf(e.failureMessage()) + e.steps()).isEqualTo(StepStatus.Success);
                StepExecution first = e.steps().get(0);
                StepExecution second = e.steps().get(1);
                assertThat(first.outputs().get("OutputPayload")).containsExactly("{\"Payload\":\"pending\"}");
                assertThat(first.scriptOutput()).isEqualTo("first sees pending\n");
                JsonNode out = JsonText.parseOrNull(second.outputs().get("OutputPayload").get(0)).get("Payload");
                assertThat(out.get("state").asText()).isEqualTo("running");
                assertThat(out.get("value").asText()).isEqualTo("v1");
                assertThat(out.get("modified_is_datetime").asBoolean()).isTrue();
                assertThat(out.get("modelled").toString()).isEqualTo("[\"ParameterNotFound\",true,\"ParameterNotFound\",400]");
                assertThat(out.get("version").asInt()).isEqualTo(7);
                assertThat(out.get("body").asText()).isEqualTo("hello from s3");
                assertThat(out.get("region").asText()).isEqualTo("eu-west-2");
                assertThat(second.awsCalls()).extracting(AwsCall::answer).containsExactly(
                        "response ec2:DescribeInstances #2 (line 4): Reservations: 1 item",
                        "response ssm:GetParameter #1 (line 6): Parameter: {4 keys}",
                        "error ParameterNotFound (HTTP 400) ssm:GetParameter #2 (line 8)",
                        "response ssm:PutParameter #1 (line 10): Version: 7",
                        "response s3:GetObject #1 (line 12): Body: hello from s3, ContentLength: 13");
                // The 20,000-character value is recorded as the same excerpt in both.
                assertThat(second.awsCalls().get(3).parameters().toString()).contains("(excerpt)");
                // Identical to the in-process run: results, recorded calls, and what the listener heard in order.
                assertThat(e.steps().stream().map(ProcessAwsCallsTest::comparable).toList())
                        .isEqualTo(inProcess.execution().steps().stream().map(ProcessAwsCallsTest::comparable).toList());
                assertThat(inWorkers.heard()).isEqualTo(inProcess.heard()).hasSize(6);
            }
        }
    }

    @Test
    void undeclaredCall_caughtByTheScriptInAWorker_stepStillFailsSayingHowToAnswerIt() throws DocumentException {
        List<Map.Entry<String, AwsCall>> heard = new CopyOnWriteArrayList<>();
        try (ExecScript engine = engine(Isolation.PROCESS, heard)) {
            ScriptOutcome outcome = engine.run(PythonStep.inline("""
                    import boto3
                    def handler(events, context):
                        try:
                            boto3.client('iam').list_users()
                        except BaseException as e:
                            return 'swallowed ' + type(e).__name__
                    """, "handler"), "{}");
            assertThat(outcome.status()).isEqualTo(StepStatus.Failed);
            assertThat(outcome.failureMessage()).contains("no declared answer for iam:ListUsers with parameters {}")
                    .contains("iam:ListUsers:\n  - response: {}");
            assertThat(heard).singleElement().satisfies(call -> {
                assertThat(call.getValue().answered()).isFalse();
                assertThat(call.getValue().answer()).isEqualTo("no answer");
            });
        }
    }

    @Test
    void endpoint_callsFromAConfinedWorker_sentSignedByTheHostAndRecorded_slowOneTimesOutLeavingNoHostThread() {
        URI endpoint = URI.create("http://127.0.0.1:" + standIn.getAddress().getPort());
        requests.clear();
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        ScriptPolicy policy = ScriptPolicy.builder().awsEndpoint(endpoint).build();
        try (ExecScript engine = ExecScript.builder().policy(policy).isolation(Isolation.PROCESS).prepareContexts(false)
                .awsCallListener((step, call) -> heard.add(call)).build()) {
            ScriptOutcome o = engine.run(PythonStep.inline("""
                    import boto3
                    def handler(events, context):
                        return boto3.client('ssm').get_parameter(Name='/app/x')['Parameter']['Value']
                    """, "handler"), "{}");
            assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
            assertThat(o.payloadJson()).isEqualTo("\"from-endpoint\"");
            assertThat(requests).singleElement().asString().startsWith("AmazonSSM.GetParameter {\"Name\": \"/app/x\"}")
                    .endsWith("signed=true");
            assertThat(heard).extracting(AwsCall::answer).containsExactly("HTTP 200 from " + endpoint);

            // An endpoint that does not answer: the run's time limit holds while the host waits for it.
            ScriptOutcome slow = engine.run(PythonStep.inline("""
                    import boto3
                    from botocore.config import Config
                    def handler(events, context):
                        return boto3.client('ssm', config=Config(retries={'max_attempts': 0})).get_parameters(Names=['/a'])
                    """, "handler").withTimeout(Duration.ofSeconds(5)), "{}");
            assertThat(slow.status()).as(slow.failureMessage()).isEqualTo(StepStatus.TimedOut);
            assertThat(slow.failureMessage()).contains("timed out after 5.0 s");
            assertThat(slow.elapsed()).isLessThan(Duration.ofSeconds(60));
            assertThat(answeringThreads()).isEmpty();
            // The worker still serves (or was replaced): the next call is answered.
            ScriptOutcome after = engine.run(PythonStep.inline("""
                    import boto3
                    def handler(events, context):
                        return boto3.client('ssm').get_parameter(Name='/app/x')['Parameter']['Value']
                    """, "handler"), "{}");
            assertThat(after.payloadJson()).as(after.failureMessage()).isEqualTo("\"from-endpoint\"");
        }
    }

    @Test
    void pythonPathUnderTmp_confinedWorker_importsFromItReadOnly() throws IOException {
        // Under /tmp itself, whatever java.io.tmpdir is: a confined worker's /tmp is its own, so this one must be shown to it.
        Path packages = Files.createTempDirectory(Path.of("/tmp"), "execscript-test-");
        try {
            Files.writeString(packages.resolve("team_helpers.py"), "def greeting():\n    return 'hello from pythonPath'\n");
            ScriptPolicy policy = ScriptPolicy.builder().pythonPath(List.of(packages)).build();
            try (ExecScript engine = ExecScript.builder().policy(policy).isolation(Isolation.PROCESS).prepareContexts(false).build()) {
                ScriptOutcome o = engine.run(PythonStep.inline("""
                        import os, team_helpers
                        def handler(events, context):
                            try:
                                open(os.path.join(os.path.dirname(team_helpers.__file__), 'evil.py'), 'w').write('x')
                                written = 'written'
                            except OSError as e:
                                written = type(e).__name__
                            return [team_helpers.greeting(), written]
                        """, "handler"), "{}");
                assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
                assertThat(o.payloadJson()).isEqualTo("[\"hello from pythonPath\",\"PermissionError\"]");
                assertThat(packages.resolve("evil.py")).doesNotExist();
            }
        } finally {
            try (var files = Files.list(packages)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(packages);
        }
    }

    /** The host's AWS answering threads still alive, waited for (a liveness bound): none may outlive its run for long. */
    private static List<String> answeringThreads() {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.matches("execscript-worker-\\d+-aws")).toList();
            if (alive.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < until);
        return alive;
    }
}
