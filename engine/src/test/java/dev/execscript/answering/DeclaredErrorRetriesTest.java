package dev.execscript.answering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.Runbook;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.execution.StepExecution;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.spec.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declared error goes through the client's own retry handler, as an error from AWS does in botocore's endpoint:
 * throttling and 5xx errors are retried up to the client's {@code retries} config, each attempt taking the next
 * answer; other errors are raised at once. One runbook, one step per question, run once.
 */
class DeclaredErrorRetriesTest {

    private static final String RESPONSES = """
            ssm:GetParameter:
              - when: {Name: /throttled-once}
                times: 1
                error: {Code: ThrottlingException, Message: Rate exceeded, HTTPStatusCode: 400}
              - when: {Name: /throttled-once}
                response: {Parameter: {Name: /throttled-once, Type: String, Value: after-retry}}
              - when: {Name: /always-throttled}
                error: {Code: ThrottlingException, Message: Rate exceeded, HTTPStatusCode: 400}
              - when: {Name: /missing}
                times: 1
                error: {Code: ParameterNotFound, Message: not found, HTTPStatusCode: 400}
              - when: {Name: /missing}
                response: {Parameter: {Name: /missing, Type: String, Value: must-not-be-reached}}
            ec2:DescribeVpcs:
              - times: 1
                error: {Code: InternalError, Message: An internal error has occurred, HTTPStatusCode: 500}
              - response: {Vpcs: [{VpcId: vpc-1}]}
            """;

    private static final String RUNBOOK = """
            schemaVersion: '0.3'
            mainSteps:
              - name: ThrottledOnce
                action: aws:executeScript
                onFailure: Continue
                inputs:
                  Runtime: python3.11
                  Handler: handler
                  Script: |-
                    import boto3
                    from botocore.config import Config
                    def handler(events, context):
                        ssm = boto3.client('ssm', config=Config(retries={'mode': 'standard', 'max_attempts': 5}))
                        r = ssm.get_parameter(Name='/throttled-once')
                        ec2 = boto3.client('ec2')
                        v = ec2.describe_vpcs()
                        return {'value': r['Parameter']['Value'], 'retries': r['ResponseMetadata']['RetryAttempts'],
                                'vpc': v['Vpcs'][0]['VpcId'], 'vpc_retries': v['ResponseMetadata']['RetryAttempts']}
              - name: AlwaysThrottled
                action: aws:executeScript
                onFailure: Continue
                inputs:
                  Runtime: python3.11
                  Handler: handler
                  Script: |-
                    import boto3
                    from botocore.config import Config
                    def handler(events, context):
                        ssm = boto3.client('ssm', config=Config(retries={'mode': 'standard', 'total_max_attempts': 3}))
                        try:
                            ssm.get_parameter(Name='/always-throttled')
                        except ssm.exceptions.ClientError as e:
                            return {'text': str(e), 'max_reached': e.response['ResponseMetadata'].get('MaxAttemptsReached')}
              - name: NotRetryable
                action: aws:executeScript
                onFailure: Continue
                inputs:
                  Runtime: python3.11
                  Handler: handler
                  Script: |-
                    import boto3
                    def handler(events, context):
                        ssm = boto3.client('ssm')
                        try:
                            ssm.get_parameter(Name='/missing')
                        except ssm.exceptions.ParameterNotFound as e:
                            return {'code': e.response['Error']['Code'], 'retries': e.response['ResponseMetadata']['RetryAttempts']}
            """;

    private static AutomationExecution execution;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        Path runbook = Files.writeString(dir.resolve("retries.yaml"), RUNBOOK);
        AwsResponses responses = AwsResponses.parse(RESPONSES, "responses.yaml", List.of());
        try (ExecScript engine = ExecScript.builder().policy(ScriptPolicy.builder().poolSize(0).build()).awsResponses(responses).build()) {
            execution = engine.run(Runbook.load(runbook), Map.of());
        }
    }

    @Test
    void call_throttledOnceThen5xxOnce_retriedToTheNextAnswers() {
        StepExecution step = step("ThrottledOnce");
        assertThat(payload(step)).isEqualTo(JsonText.parseOrNull(
                "{\"value\":\"after-retry\",\"retries\":1,\"vpc\":\"vpc-1\",\"vpc_retries\":1}"));
        assertThat(step.awsCalls()).extracting(AwsCall::answer).satisfiesExactly(
                a -> assertThat(a).startsWith("error ThrottlingException (HTTP 400) ssm:GetParameter #1"),
                a -> assertThat(a).startsWith("response ssm:GetParameter #2"),
                a -> assertThat(a).startsWith("error InternalError (HTTP 500) ec2:DescribeVpcs #1"),
                a -> assertThat(a).startsWith("response ec2:DescribeVpcs #2"));
    }

    @Test
    void call_throttledOnEveryAttempt_raisesAfterTheClientsMaxAttempts() {
        StepExecution step = step("AlwaysThrottled");
        assertThat(payload(step)).isEqualTo(JsonText.parseOrNull("{\"text\":\"An error occurred (ThrottlingException) when calling"
                + " the GetParameter operation (reached max retries: 2): Rate exceeded\",\"max_reached\":true}"));
        assertThat(step.awsCalls()).hasSize(3).allSatisfy(c -> assertThat(c.answer()).startsWith("error ThrottlingException"));
    }

    @Test
    void call_errorThatIsNotRetryable_raisedWithoutRetry() {
        StepExecution step = step("NotRetryable");
        assertThat(payload(step)).isEqualTo(JsonText.parseOrNull("{\"code\":\"ParameterNotFound\",\"retries\":0}"));
        assertThat(step.awsCalls()).hasSize(1);
    }

    private static StepExecution step(String name) {
        StepExecution step = execution.steps().stream().filter(s -> s.stepName().equals(name)).findFirst().orElseThrow();
        assertThat(step.succeeded()).as(name + ": " + step.failureMessage()).isTrue();
        return step;
    }

    private static JsonNode payload(StepExecution step) {
        return JsonText.parseOrNull(step.outputs().get("OutputPayload").getFirst()).get("Payload");
    }
}
