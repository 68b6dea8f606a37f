package dev.execscript.answering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.aws.AwsResponses;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * botocore's clients share what botocore only reads (the service model, the client's methods, the parsed endpoint
 * ruleset, the loader's service listing; see {@code _execscript_aws._share_client_parts}): these check that
 * nothing of one client's region, config, endpoint or hooks reaches another, in one run, across the runs of a
 * reused context, and across contexts. Each script checks against what a client made first in a fresh state
 * says, so a stale shared piece shows as a difference.
 */
class SharedClientPartsTest {

    private static final String RESPONSES = """
            ssm:GetParameter:
              - when: {Name: /app/present}
                response: {Parameter: {Name: /app/present, Type: String, Value: v1}}
              - error: {Code: ParameterNotFound, Message: no such parameter}
            """;

    /** Clients of one session, made one after another with other regions, configs and hooks. */
    private static final String CLIENTS = """
            import boto3
            from botocore.config import Config
            runs = []
            def presigned_host(client):
                url = client.generate_presigned_url('get_parameter', Params={'Name': '/app/present'})
                return url.split('/')[2], 'eu-west-1' in url.split('X-Amz-Credential=')[1].split('&')[0]
            def handler(events, context):
                runs.append(1)
                first_region, second_region = events['regions']
                session = boto3.session.Session()
                first = session.client('ssm', region_name=first_region)
                heard = []
                first.meta.events.register('before-parameter-build.ssm.GetParameter', lambda **kw: heard.append('first'))
                def add_marker(class_attributes, **kwargs):
                    class_attributes['execscript_marker'] = lambda self: 'marked'
                session.events.register('creating-client-class.ssm', add_marker)
                second = session.client('ssm', region_name=second_region,
                                        config=Config(retries={'mode': 'standard', 'max_attempts': 2}, user_agent_extra='second'))
                third = session.client('ssm', region_name=second_region, endpoint_url='https://ssm.example.test')
                values = [c.get_parameter(Name='/app/present')['Parameter']['Value'] for c in (first, second, third)]
                missing = []
                for c in (first, second, third):
                    try:
                        c.get_parameter(Name='/app/missing')
                    except c.exceptions.ParameterNotFound as e:
                        missing.append(type(e).__name__)
                return {
                    'runs': len(runs),
                    'regions': [c.meta.region_name for c in (first, second, third)],
                    'endpoints': [c.meta.endpoint_url for c in (first, second, third)],
                    'presigned': [presigned_host(c) for c in (first, second)],
                    'retries': [c.meta.config.retries for c in (first, second)],
                    'user_agent_extra': [c.meta.config.user_agent.endswith(' second') for c in (first, second)],
                    'own_classes': type(first) is not type(second) and type(second) is not type(third),
                    'own_events': first.meta.events is not second.meta.events,
                    'marker': [hasattr(c, 'execscript_marker') for c in (first, second, third)],
                    'heard': heard,
                    'values': values,
                    'missing': missing,
                    'methods': len([n for n in dir(second) if n == 'get_parameter' or n == 'describe_parameters']),
                }
            """;

    private static JsonNode payload(ScriptOutcome outcome) {
        assertThat(outcome.status()).as(outcome.failureMessage()).isEqualTo(StepStatus.Success);
        return JsonText.parseOrNull(outcome.payloadJson());
    }

    private static ExecScript engine(Isolation isolation) throws DocumentException {
        return ExecScript.builder().policy(ScriptPolicy.builder().isolation(isolation).build()).prepareContexts(false)
                .awsResponses(AwsResponses.parse(RESPONSES, "r.yaml", List.of())).build();
    }

    private static void assertOwnParts(JsonNode out, String firstRegion, String secondRegion) {
        assertThat(out.get("regions").toString()).isEqualTo("[\"%s\",\"%s\",\"%s\"]".formatted(firstRegion, secondRegion, secondRegion));
        assertThat(out.get("endpoints").toString()).isEqualTo("[\"https://ssm.%s.amazonaws.com\",\"https://ssm.%s.amazonaws.com\",\"https://ssm.example.test\"]"
                .formatted(firstRegion, secondRegion));
        assertThat(out.get("presigned").toString()).isEqualTo("[[\"ssm.%s.amazonaws.com\",%s],[\"ssm.%s.amazonaws.com\",%s]]".formatted(
                firstRegion, firstRegion.equals("eu-west-1"), secondRegion, secondRegion.equals("eu-west-1")));
        assertThat(out.get("retries").get(0).get("mode").asText()).isEqualTo("legacy");
        assertThat(out.get("retries").get(1).toString()).isEqualTo("{\"mode\":\"standard\",\"total_max_attempts\":3}");
        assertThat(out.get("user_agent_extra").toString()).isEqualTo("[false,true]");
        assertThat(out.get("own_classes").asBoolean()).isTrue();
        assertThat(out.get("own_events").asBoolean()).isTrue();
        assertThat(out.get("marker").toString()).isEqualTo("[false,true,true]");
        // The first client's hook hears its two calls and its presigned URL; the other clients' calls add nothing.
        assertThat(out.get("heard").toString()).isEqualTo("[\"first\",\"first\",\"first\"]");
        assertThat(out.get("values").toString()).isEqualTo("[\"v1\",\"v1\",\"v1\"]");
        assertThat(out.get("missing").toString()).isEqualTo("[\"ParameterNotFound\",\"ParameterNotFound\",\"ParameterNotFound\"]");
        assertThat(out.get("methods").asInt()).isEqualTo(2);
    }

    @Test
    void clientsOfOneSession_otherRegionsConfigsEndpointsAndHooks_eachKeepsItsOwn() throws DocumentException {
        try (ExecScript engine = engine(Isolation.FRESH)) {
            assertOwnParts(payload(engine.run(PythonStep.inline(CLIENTS, "handler"), "{\"regions\": [\"us-east-1\", \"eu-west-1\"]}")),
                    "us-east-1", "eu-west-1");
        }
    }

    @Test
    void reusedContext_clientsOfEarlierRunsInOtherRegions_laterClientsKeepTheirOwn() throws DocumentException {
        try (ExecScript engine = engine(Isolation.REUSE)) {
            PythonStep step = PythonStep.inline(CLIENTS, "handler");
            JsonNode first = payload(engine.run(step, "{\"regions\": [\"us-east-1\", \"eu-west-1\"]}"));
            assertOwnParts(first, "us-east-1", "eu-west-1");
            JsonNode second = payload(engine.run(step, "{\"regions\": [\"eu-west-1\", \"ap-southeast-2\"]}"));
            assertThat(second.get("runs").asInt()).as("the context was reused").isEqualTo(2);
            assertOwnParts(second, "eu-west-1", "ap-southeast-2");
        }
    }

    @Test
    void freshContexts_hookAddedToClientClassInOne_notInTheNext() throws DocumentException {
        String script = """
                import boto3
                def handler(events, context):
                    if events.get('mark'):
                        def add_marker(class_attributes, **kwargs):
                            class_attributes['execscript_marker'] = lambda self: 'marked'
                        boto3.setup_default_session()
                        boto3.DEFAULT_SESSION.events.register('creating-client-class.ssm', add_marker)
                    client = boto3.client('ssm', region_name=events['region'])
                    return [hasattr(client, 'execscript_marker'), client.meta.region_name,
                            client.generate_presigned_url('get_parameter', Params={'Name': 'x'}).split('/')[2]]
                """;
        try (ExecScript engine = engine(Isolation.FRESH)) {
            PythonStep step = PythonStep.inline(script, "handler");
            assertThat(payload(engine.run(step, "{\"mark\": true, \"region\": \"eu-west-1\"}")).toString())
                    .isEqualTo("[true,\"eu-west-1\",\"ssm.eu-west-1.amazonaws.com\"]");
            assertThat(payload(engine.run(step, "{\"region\": \"us-west-2\"}")).toString())
                    .isEqualTo("[false,\"us-west-2\",\"ssm.us-west-2.amazonaws.com\"]");
        }
    }

    @Test
    void loader_servicesOfEachModelKind_sameListAsBotocoresOwnScan() throws DocumentException {
        String script = """
                import botocore.loaders
                def handler(events, context):
                    listed = botocore.loaders.Loader.list_available_services
                    ours, theirs = botocore.loaders.Loader(), botocore.loaders.Loader()
                    kinds = ['service-2', 'endpoint-rule-set-1', 'waiters-2', 'paginators-1', 'no-such-kind']
                    return {'patched': listed.__wrapped__ is not None,
                            'same': [listed(ours, k) == listed.__wrapped__(theirs, k) for k in kinds],
                            'counts': [len(listed(ours, k)) for k in kinds]}
                """;
        try (ExecScript engine = engine(Isolation.FRESH)) {
            JsonNode out = payload(engine.run(PythonStep.inline(script, "handler"), "{}"));
            assertThat(out.get("same").toString()).isEqualTo("[true,true,true,true,true]");
            assertThat(out.get("counts").get(0).asInt()).isGreaterThan(100);
            assertThat(out.get("counts").get(4).asInt()).isZero();
        }
    }
}
