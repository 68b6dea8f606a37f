package dev.execscript.answering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.aws.DeclaredAnswer;
import dev.execscript.document.DocumentException;
import dev.execscript.spec.JsonText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Answering calls from declared responses: which answer is taken, what a session records and says. */
class AwsAnsweringTest {

    private static AwsResponses parse(String yaml) throws DocumentException {
        return AwsResponses.parse(yaml, "responses.yaml", List.of());
    }

    private static JsonNode json(String text) {
        return JsonText.parseOrNull(text);
    }

    @Test
    void take_firstMatchingAnswerNotUsedUp_answersInOrder() throws Exception {
        AwsResponses responses = parse("""
                ec2:DescribeInstances:
                  - when: {InstanceIds: [i-1]}
                    response: {Reservations: [{ReservationId: r-1}]}
                    times: 1
                  - response: {Reservations: []}
                """);
        AwsAnswering answering = new AwsAnswering(responses, Optional.empty());
        JsonNode one = json("{\"InstanceIds\": [\"i-1\"]}");
        assertThat(answering.take("ec2:DescribeInstances", one)).map(DeclaredAnswer::index).contains(1);
        assertThat(answering.take("ec2:DescribeInstances", one)).map(DeclaredAnswer::index).contains(2);
        assertThat(answering.take("ec2:DescribeInstances", json("{}"))).map(DeclaredAnswer::index).contains(2);
        assertThat(answering.take("ssm:GetParameter", json("{}"))).isEmpty();
    }

    @Test
    void take_whenComparesNumbersByValue_andNeedsEveryNamedParameter() throws Exception {
        AwsResponses responses = parse("""
                ec2:DescribeInstances:
                  - when: {MaxResults: 5, DryRun: false}
                    response: {}
                """);
        AwsAnswering answering = new AwsAnswering(responses, Optional.empty());
        assertThat(answering.take("ec2:DescribeInstances", json("{\"MaxResults\": 5.0, \"DryRun\": false}"))).isPresent();
        assertThat(answering.take("ec2:DescribeInstances", json("{\"MaxResults\": 5}"))).isEmpty();
        assertThat(answering.take("ec2:DescribeInstances", json("{\"MaxResults\": 6, \"DryRun\": false}"))).isEmpty();
    }

    @Test
    void session_callWithoutAnswer_recordedAndNamesTheAnswerToAdd() throws Exception {
        AwsResponses responses = parse("""
                ssm:GetParameter:
                  - response: {Parameter: {Value: x}}
                    times: 1
                """);
        List<AwsCall> heard = new ArrayList<>();
        AwsSession session = new AwsAnswering(responses, Optional.empty()).session(heard::add, Duration.ofSeconds(5));
        assertThat(json(session.call("ssm", "GetParameter", "{\"Name\":\"a\"}")).get("kind").asText()).isEqualTo("response");
        JsonNode second = json(session.call("ssm", "GetParameter", "{\"Name\":\"a\"}"));
        assertThat(second.get("kind").asText()).isEqualTo("none");
        assertThat(session.unanswered()).get().asString()
                .contains("no declared answer for ssm:GetParameter with parameters {\"Name\":\"a\"}")
                .contains("1 answer, 1 used up in responses.yaml")
                .contains("ssm:GetParameter:\n  - when: {\"Name\":\"a\"}\n    response: {}");
        assertThat(heard).extracting(AwsCall::answered).containsExactly(true, false);
        assertThat(session.calls()).hasSize(2);
    }

    @Test
    void session_noAnswersConfigured_saysHowToAnswer() {
        AwsSession session = AwsAnswering.none().session(call -> { }, Duration.ofSeconds(5));
        session.call("sts", "GetCallerIdentity", "{}");
        assertThat(session.unanswered()).get().asString().contains("no AWS answers are configured")
                .contains("--aws-responses FILE").contains("--aws-endpoint URL");
    }

    @Test
    void session_manyCalls_recordsAtMostTheCapAndCountsTheRest() {
        AwsSession session = AwsAnswering.none().session(call -> { }, Duration.ofSeconds(5));
        for (int i = 0; i < AwsSession.MAX_RECORDED_CALLS + 5; i++) {
            session.call("sts", "GetCallerIdentity", "{}");
        }
        assertThat(session.calls()).hasSize(AwsSession.MAX_RECORDED_CALLS);
        assertThat(session.omittedCalls()).isEqualTo(5);
    }
}
