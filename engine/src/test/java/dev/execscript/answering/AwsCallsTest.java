package dev.execscript.answering;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.GraalPyRuntime;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Scripts that import the real boto3 (Debian's python3-boto3, a README prerequisite) and call AWS, answered by
 * declared responses or by a stand-in HTTP server playing an AWS endpoint on 127.0.0.1 (a test double for
 * AWS: the JDK's own server).
 */
class AwsCallsTest {

    private static final String RESPONSES = """
            ssm:GetParameter:
              - when: {Name: /app/present}
                response: {Parameter: {Name: /app/present, Type: String, Value: v1, LastModifiedDate: '2024-03-04T05:06:07Z'}}
              - error: {Code: ParameterNotFound, Message: no such parameter}
            s3:GetObject:
              - response: {Body: hello from s3, ContentLength: 13}
            ec2:DescribeInstances:
              - response: {Reservations: [{Instances: [{InstanceId: i-1, State: {Name: pending}}]}]}
                times: 1
              - response: {Reservations: [{Instances: [{InstanceId: i-1, State: {Name: running}}]}]}
            """;

    private static HttpServer standIn;
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStandIn() throws IOException {
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/", AwsCallsTest::answerLikeAws);
        standIn.start();
    }

    @AfterAll
    static void stopStandIn() {
        standIn.stop(0);
    }

    /** ssm speaks JSON (X-Amz-Target), ec2 the query protocol with an XML answer. */
    private static void answerLikeAws(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(exchange.getRequestMethod() + " " + target + " " + body + " host=" + exchange.getRequestHeaders().getFirst("Host")
                + " signed=" + auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIAEXECSCRIPTLOCAL0/"));
        byte[] reply;
        String type;
        if ("AmazonSSM.GetParameter".equals(target)) {
            reply = "{\"Parameter\":{\"Name\":\"/app/x\",\"Type\":\"String\",\"Value\":\"from-endpoint\",\"Version\":3}}"
                    .getBytes(StandardCharsets.UTF_8);
            type = "application/x-amz-json-1.1";
        } else if (body.contains("Action=DescribeInstances")) {
            reply = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                    + "<requestId>r-1</requestId><reservationSet><item><reservationId>r-9</reservationId><instancesSet><item>"
                    + "<instanceId>i-0from0xml</instanceId><instanceState><code>16</code><name>running</name></instanceState>"
                    + "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>").getBytes(StandardCharsets.UTF_8);
            type = "text/xml";
        } else {
            reply = "{\"__type\":\"UnknownOperationException\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(400, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    private static ExecScript engine(ScriptPolicy policy, AwsResponses responses, List<AwsCall> heard) {
        return ExecScript.builder().policy(policy).prepareContexts(false).awsResponses(responses)
                .awsCallListener((step, call) -> heard.add(call)).build();
    }

    private static JsonNode payload(ScriptOutcome outcome) {
        assertThat(outcome.status()).as(outcome.failureMessage()).isEqualTo(StepStatus.Success);
        return JsonText.parseOrNull(outcome.payloadJson());
    }

    @Test
    void declaredResponses_boto3Client_getsParsedValuesModelledErrorsStreamsAndWaiters() throws DocumentException {
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        try (ExecScript engine = engine(ScriptPolicy.defaults(), AwsResponses.parse(RESPONSES, "r.yaml", List.of()), heard)) {
            JsonNode out = payload(engine.run(PythonStep.inline("""
                    import datetime
                    import boto3
                    from botocore.exceptions import ClientError
                    def handler(events, context):
                        ssm = boto3.client('ssm')
                        p = ssm.get_parameter(Name='/app/present')['Parameter']
                        out = {'value': p['Value'], 'modified_is_datetime': isinstance(p['LastModifiedDate'], datetime.datetime),
                               'modified': p['LastModifiedDate'].isoformat(), 'region': ssm.meta.region_name}
                        try:
                            ssm.get_parameter(Name='/app/missing')
                        except ssm.exceptions.ParameterNotFound as e:
                            out['modelled'] = type(e).__name__
                            out['code'] = e.response['Error']['Code']
                            out['status'] = e.response['ResponseMetadata']['HTTPStatusCode']
                            out['is_client_error'] = isinstance(e, ClientError)
                        out['body'] = boto3.client('s3').get_object(Bucket='b', Key='k')['Body'].read().decode()
                        ec2 = boto3.client('ec2')
                        ec2.get_waiter('instance_running').wait(InstanceIds=['i-1'])
                        return out
                    """, "handler"), "{}"));
            assertThat(out.get("value").asText()).isEqualTo("v1");
            assertThat(out.get("modified_is_datetime").asBoolean()).isTrue();
            assertThat(out.get("modified").asText()).isEqualTo("2024-03-04T05:06:07+00:00");
            assertThat(out.get("region").asText()).isEqualTo("us-east-1");
            assertThat(out.get("modelled").asText()).isEqualTo("ParameterNotFound");
            assertThat(out.get("code").asText()).isEqualTo("ParameterNotFound");
            assertThat(out.get("status").asInt()).isEqualTo(400);
            assertThat(out.get("is_client_error").asBoolean()).isTrue();
            assertThat(out.get("body").asText()).isEqualTo("hello from s3");
            assertThat(heard).extracting(AwsCall::key).containsExactly("ssm:GetParameter", "ssm:GetParameter", "s3:GetObject",
                    "ec2:DescribeInstances", "ec2:DescribeInstances");
            assertThat(heard.get(1).answer()).isEqualTo("error ParameterNotFound (HTTP 400) ssm:GetParameter #2 (line 4)");
            assertThat(heard.get(3).parameters().toString()).isEqualTo("{\"InstanceIds\":[\"i-1\"]}");
        }
    }

    @Test
    void declaredResponses_callWithoutAnswerCaughtByScript_stepStillFails() throws DocumentException {
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        try (ExecScript engine = engine(ScriptPolicy.defaults(), AwsResponses.parse(RESPONSES, "r.yaml", List.of()), heard)) {
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
                assertThat(call.answered()).isFalse();
                assertThat(call.answer()).isEqualTo("no answer");
            });
        }
    }

    @Test
    void endpoint_jsonAndXmlProtocols_sentSignedByTheHostAndRecorded() {
        URI endpoint = URI.create("http://127.0.0.1:" + standIn.getAddress().getPort());
        requests.clear();
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        ScriptPolicy policy = ScriptPolicy.builder().awsEndpoint(endpoint).build();
        try (ExecScript engine = engine(policy, AwsResponses.none(), heard)) {
            JsonNode out = payload(engine.run(PythonStep.inline("""
                    import boto3
                    def handler(events, context):
                        value = boto3.client('ssm').get_parameter(Name='/app/x')['Parameter']['Value']
                        r = boto3.client('ec2', region_name='eu-west-1').describe_instances()
                        return {'value': value, 'instance': r['Reservations'][0]['Instances'][0]['InstanceId'],
                                'state': r['Reservations'][0]['Instances'][0]['State']['Name']}
                    """, "handler"), "{}"));
            assertThat(out.get("value").asText()).isEqualTo("from-endpoint");
            assertThat(out.get("instance").asText()).isEqualTo("i-0from0xml");
            assertThat(out.get("state").asText()).isEqualTo("running");
            String host = "host=127.0.0.1:" + endpoint.getPort();
            assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r).contains(host).endsWith("signed=true"));
            assertThat(requests.get(0)).startsWith("POST AmazonSSM.GetParameter {\"Name\": \"/app/x\"}");
            assertThat(requests.get(1)).contains("Action=DescribeInstances");
            assertThat(heard).extracting(AwsCall::answer).containsExactly("HTTP 200 from " + endpoint, "HTTP 200 from " + endpoint);
        }
    }

    @Test
    void endpoint_unreachableOrOtherHost_scriptGetsCatchableConnectionErrors() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + closedPort);
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        ScriptPolicy policy = ScriptPolicy.builder().awsEndpoint(endpoint).build();
        try (ExecScript engine = engine(policy, AwsResponses.none(), heard)) {
            JsonNode out = payload(engine.run(PythonStep.inline("""
                    import boto3
                    from botocore.config import Config
                    def handler(events, context):
                        out = {}
                        once = Config(retries={'max_attempts': 0})
                        for name, url in (('unreachable', None), ('elsewhere', 'http://198.51.100.7:8080')):
                            try:
                                boto3.client('sts', endpoint_url=url, config=once).get_caller_identity()
                            except Exception as e:
                                out[name] = type(e).__name__ + ': ' + str(e)
                        return out
                    """, "handler"), "{}"));
            // botocore's own message names the URL; why it failed is in the recorded call.
            assertThat(out.get("unreachable").asText()).isEqualTo("EndpointConnectionError: Could not connect to the endpoint URL: \""
                    + endpoint + "/\"");
            assertThat(out.get("elsewhere").asText()).startsWith("EndpointConnectionError").contains("198.51.100.7");
            assertThat(heard).extracting(AwsCall::answer).first().asString()
                    .isEqualTo("the AWS endpoint " + endpoint + " cannot be reached (connection refused)");
        }
    }

    @Test
    void bridge_calledByTheScriptItself_refusesWhatIsNotAnAwsCallAndShowsNoJava() {
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        try (ExecScript engine = engine(ScriptPolicy.defaults(), AwsResponses.none(), heard)) {
            JsonNode out = payload(engine.run(PythonStep.inline("""
                    import json, _execscript_aws
                    def handler(events, context):
                        b = _execscript_aws._bridge
                        out = {'str': str(b)}
                        out['none'] = json.loads(b.call(None, None, None))['kind']
                        out['junk'] = json.loads(b.call('\\x1b[2J', 'a' * 10000, '{}'))['kind']
                        try:
                            b.call(1)
                        except TypeError as e:
                            out['args'] = 'TypeError'
                        return out
                    """, "handler"), "{}"));
            assertThat(out.get("str").asText()).isEqualTo("<execscript AWS bridge>");
            assertThat(out.get("none").asText()).isEqualTo("refused");
            assertThat(out.get("junk").asText()).isEqualTo("refused");
            assertThat(out.get("args").asText()).isEqualTo("TypeError");
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void imports_onlyBoto3AndItsDependencies_visibleAndReadOnly() {
        try (ExecScript engine = engine(ScriptPolicy.defaults(), AwsResponses.none(), new CopyOnWriteArrayList<>())) {
            JsonNode out = payload(engine.run(PythonStep.inline("""
                    import os
                    import boto3, botocore, jmespath, dateutil, s3transfer, urllib3
                    def handler(events, context):
                        out = {'boto3': boto3.__version__}
                        try:
                            import yaml
                            out['yaml'] = 'imported'
                        except ImportError as e:
                            out['yaml'] = type(e).__name__
                        target = os.path.join(os.path.dirname(boto3.__file__), 'evil.py')
                        try:
                            open(target, 'w').write('x')
                            out['write'] = 'written'
                        except OSError as e:
                            out['write'] = type(e).__name__
                        out['listed'] = sorted(n for n in os.listdir(os.path.dirname(os.path.dirname(boto3.__file__))) if n == 'yaml' or n == 'boto3')
                        return out
                    """, "handler"), "{}"));
            assertThat(out.get("boto3").asText()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(out.get("yaml").asText()).isEqualTo("ModuleNotFoundError");
            assertThat(out.get("write").asText()).isEqualTo("PermissionError");
            assertThat(out.get("listed").toString()).isEqualTo("[\"boto3\"]");
        }
    }

    @Test
    void serviceModels_readByBotocore_arePlainDictsFromTheBuiltInScanner() {
        try (ExecScript engine = engine(ScriptPolicy.defaults(), AwsResponses.none(), new CopyOnWriteArrayList<>())) {
            JsonNode out = payload(engine.run(PythonStep.inline("""
                    import botocore.session
                    def handler(events, context):
                        loader = botocore.session.get_session().get_component('data_loader')
                        model = loader.load_service_model('ssm', 'service-2')
                        return [type(model).__name__, type(model['shapes']).__name__, model['metadata']['protocol'],
                                list(model['operations'])[:2] == sorted(model['operations'])[:2]]
                    """, "handler"), "{}"));
            // dict, not OrderedDict: botocore's object_pairs_hook made GraalPy build each object in Python.
            assertThat(out.toString()).isEqualTo("[\"dict\",\"dict\",\"json\",true]");
        }
    }

    @Test
    void pooledContextWithBoto3WarmedUp_firstClientOfTheScript_isAnsweredAndRecorded() throws Exception {
        List<AwsCall> heard = new CopyOnWriteArrayList<>();
        ScriptPolicy pooled = ScriptPolicy.builder().poolSize(1).warmupImports("boto3").build();
        AwsAnswering answering = new AwsAnswering(AwsResponses.parse(RESPONSES, "r.yaml", List.of()), java.util.Optional.empty());
        try (GraalPyRuntime python = new GraalPyRuntime(pooled)) {
            // Waits (a liveness bound, not a timing assertion) until the pool has prepared its context.
            long until = System.nanoTime() + java.time.Duration.ofSeconds(180).toNanos();
            while (python.readyContexts() == 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(python.readyContexts()).as("prepared contexts").isPositive();
            ScriptOutcome outcome = python.run(new PythonInvocation(new PythonScript("""
                    import boto3
                    def handler(events, context):
                        prepared = boto3.DEFAULT_SESSION is not None
                        ssm = boto3.client('ssm')
                        return [prepared, ssm.get_parameter(Name='/app/present')['Parameter']['Value'], ssm.meta.region_name]
                    """, "warm.py", "handler"), "{}", "{}", java.time.Duration.ofSeconds(120), pooled, line -> { },
                    answering.session(heard::add, java.time.Duration.ofSeconds(120))));
            // The pool made boto3's default session ahead; the script's first client is answered as any other.
            assertThat(payload(outcome).toString()).isEqualTo("[true,\"v1\",\"us-east-1\"]");
            assertThat(heard).extracting(AwsCall::key).containsExactly("ssm:GetParameter");
        }
    }
}
