package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.execution.StepExecution;
import dev.execscript.text.Excerpt;
import dev.execscript.runbooktest.Expectations.FailureExpectation;
import dev.execscript.runbooktest.Expectations.StepExpectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks an execution against a case's expectations; each difference is a {@link Mismatch} at its JSON path. */
final class CaseCheck {

    private CaseCheck() {
    }

    static List<Mismatch> check(Expectations expect, AutomationExecution execution) {
        List<Mismatch> out = new ArrayList<>();
        if (expect.status() != null && !expect.status().equals(execution.status().name())) {
            out.add(new Mismatch("$.status", expect.status(), execution.status().name() + why(execution)));
        }
        fragments("$.failureMessage", expect.failureMessage(), execution.failureMessage(), out);
        for (Map.Entry<String, StepExpectation> e : expect.steps().entrySet()) {
            step(ValueMatch.field("$.steps", e.getKey()), e.getKey(), e.getValue(), execution, out);
        }
        for (Map.Entry<String, JsonNode> e : expect.outputs().entrySet()) {
            ValueMatch.compare(ValueMatch.field("$.outputs", e.getKey()), e.getValue(), documentOutput(execution, e.getKey()), false, out);
        }
        List<CallMatch.MadeCall> calls = calls(execution, null);
        if (expect.awsCalls() != null) {
            CallMatch.check("$.awsCalls", expect.awsCalls(), calls, out);
        }
        CallMatch.notCalled("$.notCalled", expect.notCalled(), calls, out);
        return out;
    }

    private static void step(String path, String name, StepExpectation expect, AutomationExecution execution, List<Mismatch> out) {
        StepExecution step = last(execution, name);
        if (Expectations.NOT_REACHED.equals(expect.status())) {
            if (step != null) {
                out.add(new Mismatch(path + ".status", "notReached (the step does not run)", "it ran: " + step.status() + stepWhy(step)));
            }
            return;
        }
        if (step == null) {
            out.add(new Mismatch(path, "the step runs" + (expect.status() == null ? "" : " and ends " + expect.status()), "notReached"));
            return;
        }
        if (expect.status() != null && !expect.status().equals(step.status().name())) {
            out.add(new Mismatch(path + ".status", expect.status(), step.status().name() + stepWhy(step)));
        }
        if (expect.failure() != null) {
            failure(path + ".failure", expect.failure(), step, out);
        }
        if (expect.payload() != null) {
            ValueMatch.compare(path + ".payload", expect.payload(), step.typedOutputs().get("OutputPayload"), false, out);
        }
        if (expect.payloadTruncated() != null && expect.payloadTruncated() != (step.truncation() != null)) {
            out.add(new Mismatch(path + ".payloadTruncated", expect.payloadTruncated().toString(),
                    step.truncation() == null ? "false" : "true (" + Excerpt.of(step.truncation(), 200) + ")"));
        }
        fragments(path + ".scriptOutput", expect.scriptOutput(), step.scriptOutput(), out);
        if (expect.attempts() != null && expect.attempts() != step.attempts()) {
            out.add(new Mismatch(path + ".attempts", expect.attempts().toString(), Integer.toString(step.attempts())));
        }
        for (Map.Entry<String, JsonNode> e : expect.outputs().entrySet()) {
            ValueMatch.compare(ValueMatch.field(path + ".outputs", e.getKey()), e.getValue(), step.typedOutputs().get(e.getKey()), false, out);
        }
        List<CallMatch.MadeCall> calls = calls(execution, name);
        if (expect.awsCalls() != null) {
            CallMatch.check(path + ".awsCalls", expect.awsCalls(), calls, out);
        }
        CallMatch.notCalled(path + ".notCalled", expect.notCalled(), calls, out);
    }

    private static void failure(String path, FailureExpectation expect, StepExecution step, List<Mismatch> out) {
        same(path + ".type", expect.type(), step.failureType() == null ? null : step.failureType().name(), out);
        same(path + ".stage", expect.stage(), step.failureStage(), out);
        List<String> exception = step.failureDetails() == null ? null : step.failureDetails().get("ExceptionType");
        same(path + ".exception", expect.exception(), exception == null || exception.isEmpty() ? null : exception.get(0), out);
        fragments(path + ".message", expect.message(), step.failureMessage(), out);
    }

    private static void same(String path, String expected, String actual, List<Mismatch> out) {
        if (expected != null && !expected.equals(actual)) {
            out.add(new Mismatch(path, expected, actual == null ? "none" : Excerpt.of(actual, 300)));
        }
    }

    /** Each fragment must be in the text; one mismatch per fragment missing, so that all of them show. */
    private static void fragments(String path, List<String> fragments, String actual, List<Mismatch> out) {
        for (String fragment : fragments) {
            if (actual == null || !actual.contains(fragment)) {
                out.add(new Mismatch(path, "text containing \"" + Excerpt.of(fragment, 200) + "\"",
                        actual == null ? "none" : "\"" + Excerpt.of(actual, 300) + "\""));
            }
        }
    }

    /** ", Step X failed: ..." after a status, so that an unexpected failure says what failed. */
    private static String why(AutomationExecution execution) {
        return execution.failureMessage() == null ? "" : " (" + Excerpt.of(execution.failureMessage(), 300) + ")";
    }

    private static String stepWhy(StepExecution step) {
        return step.failureMessage() == null ? "" : " (" + step.failureType() + ": " + Excerpt.of(firstLine(step.failureMessage()), 300) + ")";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The step's last run (a step runs again when nextStep or onFailure leads back to it). */
    private static StepExecution last(AutomationExecution execution, String name) {
        StepExecution found = null;
        for (StepExecution s : execution.steps()) {
            if (s.stepName().equals(name)) {
                found = s;
            }
        }
        return found;
    }

    /** A document output {@code Step.Output} with its type, from the step's last run; null when it has none. */
    private static JsonNode documentOutput(AutomationExecution execution, String reference) {
        int dot = reference.indexOf('.');
        StepExecution step = dot < 0 ? null : last(execution, reference.substring(0, dot));
        return step == null ? null : step.typedOutputs().get(reference.substring(dot + 1));
    }

    /** Every call of the execution in order, or of one step's runs. */
    static List<CallMatch.MadeCall> calls(AutomationExecution execution, String stepName) {
        List<CallMatch.MadeCall> calls = new ArrayList<>();
        for (StepExecution s : execution.steps()) {
            if (stepName == null || s.stepName().equals(stepName)) {
                s.awsCalls().forEach(c -> calls.add(new CallMatch.MadeCall(s.stepName(), c)));
            }
        }
        return calls;
    }
}
