package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What must hold after a case's run. Values ({@link JsonNode}) may hold patterns, {@code {matches: REGEX}}
 * (see {@link ValueMatch}); null fields are not checked.
 *
 * @param status the execution's status (Success, Failed, TimedOut, Cancelled)
 * @param failureMessage a fragment the execution's FailureMessage must contain
 * @param steps by step name, in the order the case states them
 * @param outputs document outputs by name ({@code Step.Output}), in the order the case states them
 * @param awsCalls the AWS calls of the whole execution
 * @param notCalled {@code service:Operation} keys no call of the execution may have
 */
record Expectations(String status, String failureMessage, Map<String, StepExpectation> steps, Map<String, JsonNode> outputs,
        CallExpectation awsCalls, List<String> notCalled) {

    /** The status word for a step that must not have run. */
    static final String NOT_REACHED = "notReached";

    /**
     * What must hold for one step (its last run, when it ran more than once).
     *
     * @param status a StepStatus name or {@link #NOT_REACHED}
     * @param failureType the FailureType name the step failed with
     * @param failureMessage a fragment of its failure message
     * @param payload the value the handler returned
     * @param outputs its named outputs
     */
    record StepExpectation(String status, String failureType, String failureMessage, JsonNode payload, Map<String, JsonNode> outputs,
            CallExpectation awsCalls, List<String> notCalled) {
    }

    /** How expected calls are matched against the calls made. */
    enum CallOrder {
        /** The calls made are exactly these, in this order. */
        EXACTLY("exactly"),
        /** The calls made are exactly these, in any order. */
        ANY_ORDER("anyOrder"),
        /** Each of these was made (a different call for each), in any order; other calls may have been made too. */
        INCLUDING("including");

        final String key;

        CallOrder(String key) {
            this.key = key;
        }
    }

    record CallExpectation(CallOrder order, List<ExpectedCall> calls) {
    }

    /**
     * One expected call.
     *
     * @param key {@code service:Operation}
     * @param step the step that made it, or null for any
     * @param parameters parameters the call must have (a subset of its parameters), or null for any
     */
    record ExpectedCall(String key, String step, JsonNode parameters) {

        /** {@code TagAndStop: ec2:CreateTags {"Resources":[...]}}, as the side-by-side list shows it. */
        String text() {
            return (step == null ? "" : step + ": ") + key + (parameters == null ? "" : " " + ValueMatch.render(parameters));
        }
    }
}
