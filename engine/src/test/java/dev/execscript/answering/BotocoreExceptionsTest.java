package dev.execscript.answering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.aws.AwsResponses;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Debian's botocore.exceptions loads without importing requests (see {@code _execscript_aws._ExceptionsWithoutRequests}):
 * its exceptions derive from upstream botocore's vendored request exceptions, as on AWS, and a script that imports
 * requests itself still gets the real package.
 */
class BotocoreExceptionsTest {

    private static ScriptOutcome run(String script) throws DocumentException {
        try (ExecScript engine = ExecScript.builder().policy(ScriptPolicy.defaults()).prepareContexts(false)
                .awsResponses(AwsResponses.parse("ssm:GetParameter:\n  - error: {Code: ParameterNotFound, Message: gone}\n",
                        "r.yaml", List.of())).build()) {
            return engine.run(PythonStep.inline(script, "handler"), "{}");
        }
    }

    private static JsonNode payload(ScriptOutcome outcome) {
        assertThat(outcome.status()).as(outcome.failureMessage()).isEqualTo(StepStatus.Success);
        return JsonText.parseOrNull(outcome.payloadJson());
    }

    @Test
    void importBoto3_botocoreExceptions_upstreamHierarchyWithoutRequests() throws DocumentException {
        JsonNode out = payload(run("""
                import sys
                import boto3
                import botocore.exceptions as e
                def handler(events, context):
                    client = boto3.client('ssm')
                    try:
                        client.get_parameter(Name='x')
                    except client.exceptions.ParameterNotFound as error:
                        modelled = type(error).__name__
                    return {'requests_loaded': [m for m in sys.modules if m == 'requests' or m.startswith('requests.')],
                            'chardet_loaded': 'chardet' in sys.modules,
                            'ssl_error_bases': [c.__module__ + '.' + c.__name__ for c in e.SSLError.__mro__[3:6]],
                            'read_timeout_is_os_error': issubclass(e.ReadTimeoutError, OSError),
                            'connect_timeout': [c.__name__ for c in e.ConnectTimeoutError.__mro__[1:7]],
                            'endpoint_error': str(e.EndpointConnectionError(endpoint_url='https://x')),
                            'modelled': modelled}
                """));
        assertThat(out.get("requests_loaded").toString()).isEqualTo("[]");
        assertThat(out.get("chardet_loaded").asBoolean()).isFalse();
        assertThat(out.get("ssl_error_bases").toString()).isEqualTo("[\"botocore.vendored.requests.exceptions.SSLError\","
                + "\"botocore.vendored.requests.exceptions.ConnectionError\",\"botocore.vendored.requests.exceptions.RequestException\"]");
        assertThat(out.get("read_timeout_is_os_error").asBoolean()).isTrue();
        assertThat(out.get("connect_timeout").toString()).isEqualTo(
                "[\"ConnectionError\",\"BotoCoreError\",\"ConnectTimeout\",\"ConnectionError\",\"Timeout\",\"RequestException\"]");
        assertThat(out.get("endpoint_error").asText()).isEqualTo("Could not connect to the endpoint URL: \"https://x\"");
        assertThat(out.get("modelled").asText()).isEqualTo("ParameterNotFound");
    }

    @Test
    void requestsImportedByScript_beforeOrAfterBoto3_isTheRealPackage() throws DocumentException {
        JsonNode out = payload(run("""
                import boto3
                import requests
                import requests.adapters
                def handler(events, context):
                    return {'has_get': callable(requests.get), 'adapter': requests.adapters.HTTPAdapter.__module__,
                            'file': requests.__file__.endswith('requests/__init__.py'),
                            'exceptions': requests.exceptions.ConnectionError.__module__}
                """));
        assertThat(out.toString()).isEqualTo("{\"has_get\":true,\"adapter\":\"requests.adapters\",\"file\":true,"
                + "\"exceptions\":\"requests.exceptions\"}");
        JsonNode first = payload(run("""
                import requests
                import boto3
                import botocore.exceptions as e
                def handler(events, context):
                    return issubclass(e.SSLError, requests.exceptions.SSLError)
                """));
        assertThat(first.asBoolean()).as("requests imported first: Debian's botocore derives from it, as before").isTrue();
    }
}
