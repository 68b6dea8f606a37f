package dev.execscript.runbooktest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.runbooktest.CallMatch.MadeCall;
import dev.execscript.runbooktest.Expectations.CallExpectation;
import dev.execscript.runbooktest.Expectations.CallOrder;
import dev.execscript.runbooktest.Expectations.ExpectedCall;
import dev.execscript.spec.JsonText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallMatchTest {

    private static MadeCall made(String step, String key, String parameters) {
        String[] parts = key.split(":");
        return new MadeCall(step, new AwsCall(parts[0], parts[1], JsonText.parseOrNull(parameters), "response " + key + " #1 (line 1)", true));
    }

    private static ExpectedCall expected(String key, String parameters) {
        JsonNode p = parameters == null ? null : JsonText.parseOrNull(parameters);
        return new ExpectedCall(key, null, p);
    }

    private static final List<MadeCall> MADE = List.of(
            made("Find", "ec2:DescribeInstances", "{\"InstanceIds\": [\"i-1\"]}"),
            made("Act", "ec2:StopInstances", "{\"InstanceIds\": [\"i-1\"], \"Force\": false}"),
            made("Act", "ec2:CreateTags", "{\"Resources\": [\"i-1\"], \"Tags\": [{\"Key\": \"a\", \"Value\": \"b\"}]}"));

    private static List<Mismatch> check(CallOrder order, ExpectedCall... calls) {
        List<Mismatch> out = new ArrayList<>();
        CallMatch.check("$.awsCalls", new CallExpectation(order, List.of(calls)), MADE, out);
        return out;
    }

    @Test
    void exactly_sameCallsWithParameterSubsets_passes() {
        assertThat(check(CallOrder.EXACTLY, expected("ec2:DescribeInstances", null), expected("ec2:StopInstances", "{\"InstanceIds\": [\"i-1\"]}"),
                expected("ec2:CreateTags", "{\"Tags\": [{\"Key\": \"a\", \"Value\": {\"matches\": \"[a-z]\"}}]}"))).isEmpty();
    }

    @Test
    void exactly_answerFragment_matchesTheRecordedAnswerOrSaysWhatItGot() {
        ExpectedCall answered = new ExpectedCall("ec2:StopInstances", null, null, "response ec2:StopInstances #1");
        ExpectedCall other = new ExpectedCall("ec2:StopInstances", null, null, "HTTP 400");
        assertThat(check(CallOrder.EXACTLY, expected("ec2:DescribeInstances", null), answered, expected("ec2:CreateTags", null))).isEmpty();
        List<Mismatch> out = check(CallOrder.EXACTLY, expected("ec2:DescribeInstances", null), other, expected("ec2:CreateTags", null));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).detail()).contains("≠").contains("$.awsCalls[1].answer: expected text containing \"HTTP 400\", "
                + "got \"response ec2:StopInstances #1 (line 1)\"");
    }

    @Test
    void exactly_missingCall_showsOneMinusRowAndTheRestAligned() {
        List<Mismatch> out = check(CallOrder.EXACTLY, expected("ec2:DescribeInstances", null), expected("ec2:TerminateInstances", null),
                expected("ec2:StopInstances", null), expected("ec2:CreateTags", null));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).path()).isEqualTo("$.awsCalls");
        assertThat(out.get(0).expected()).isEqualTo("4 calls in this order");
        assertThat(out.get(0).actual()).isEqualTo("3 calls");
        List<String> rows = out.get(0).detail().lines().skip(1).map(l -> l.strip().substring(0, 1)).toList();
        assertThat(rows).containsExactly("=", "-", "=", "=");
    }

    @Test
    void exactly_differentParameters_showsTheRowAndTheParameterPath() {
        List<Mismatch> out = check(CallOrder.EXACTLY, expected("ec2:DescribeInstances", null), expected("ec2:StopInstances", "{\"InstanceIds\": [\"i-2\"]}"),
                expected("ec2:CreateTags", null));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).detail()).contains("≠ ec2:StopInstances {\"InstanceIds\":[\"i-2\"]}")
                .contains("| Act: ec2:StopInstances {\"InstanceIds\":[\"i-1\"],\"Force\":false}")
                .contains("$.awsCalls[1].parameters.InstanceIds[0]: expected \"i-2\", got \"i-1\"");
    }

    @Test
    void exactly_extraCall_isAPlusRow() {
        List<Mismatch> out = check(CallOrder.EXACTLY, expected("ec2:DescribeInstances", null), expected("ec2:CreateTags", null));
        assertThat(out.get(0).detail().lines().skip(1).map(l -> l.strip().substring(0, 1)).toList()).containsExactly("=", "+", "=");
    }

    @Test
    void anyOrder_allCallsInAnotherOrder_passes_butAMissingOneFails() {
        assertThat(check(CallOrder.ANY_ORDER, expected("ec2:CreateTags", null), expected("ec2:DescribeInstances", null),
                expected("ec2:StopInstances", null))).isEmpty();
        assertThat(check(CallOrder.ANY_ORDER, expected("ec2:CreateTags", null), expected("ec2:DescribeInstances", null))).hasSize(1);
    }

    @Test
    void including_generalExpectationFirst_stillPairsEachWithADistinctCall() {
        List<MadeCall> two = List.of(made("A", "ssm:GetParameter", "{\"Name\": \"/x\"}"), made("A", "ssm:GetParameter", "{\"Name\": \"/y\"}"));
        List<Mismatch> out = new ArrayList<>();
        // Greedy pairing would give the first expectation /x and leave /x's own expectation without a call.
        CallMatch.check("$", new CallExpectation(CallOrder.INCLUDING, List.of(expected("ssm:GetParameter", null),
                expected("ssm:GetParameter", "{\"Name\": \"/x\"}"))), two, out);
        assertThat(out).isEmpty();
        CallMatch.check("$", new CallExpectation(CallOrder.INCLUDING, List.of(expected("ssm:GetParameter", "{\"Name\": \"/x\"}"),
                expected("ssm:GetParameter", "{\"Name\": \"/x\"}"))), two, out);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).detail()).contains("$[1].parameters.Name: expected \"/x\", got \"/y\"");
    }

    @Test
    void notCalled_calledOperation_namesTheCalls() {
        List<Mismatch> out = new ArrayList<>();
        CallMatch.notCalled("$.notCalled", List.of("ec2:TerminateInstances", "ec2:StopInstances"), MADE, out);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).text()).startsWith("$.notCalled['ec2:StopInstances']: expected no call to ec2:StopInstances, got 1 call\n")
                .contains("Act: ec2:StopInstances");
    }

    @Test
    void matches_stepNamed_mustBeThatStep() {
        assertThat(CallMatch.matches(new ExpectedCall("ec2:StopInstances", "Act", null), MADE.get(1))).isTrue();
        assertThat(CallMatch.matches(new ExpectedCall("ec2:StopInstances", "Find", null), MADE.get(1))).isFalse();
    }
}
