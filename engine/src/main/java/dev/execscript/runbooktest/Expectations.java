package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What must hold after a case's run. Values ({@link JsonNode}) may hold patterns, {@code {matches: REGEX}}
 * (see {@link ValueMatch}); null fields are not checked.
 *
 * @param status the execution's status (Success, Failed, TimedOut, Cancelled)
 * @param failureMessage fragments the execution's FailureMessage must each contain
 * @param steps by step name, in the order the case states them
 * @param outputs document outputs by name ({@code Step.Output}), in the order the case states them
 * @param awsCalls the AWS calls of the whole execution
 * @param notCalled {@code service:Operation} keys no call of the execution may have
 */
record Expectations(String status, List<String> failureMessage, Map<String, StepExpectation> steps, Map<String, JsonNode> outputs,
        CallExpectation awsCalls, List<String> notCalled) {

    /** The status word for a step that must not have run. */
    static final String NOT_REACHED = "notReached";

    /**
     * What must hold for one step (its last run, when it ran more than once).
     *
     * @param status a StepStatus name or {@link #NOT_REACHED}
     * @param failure how it failed, or null
     * @param payload the value the handler returned
     * @param payloadTruncated whether the payload was cut to the size limit, or null
     * @param outputs its named outputs
     * @param scriptOutput fragments what its script printed must each contain
     * @param attempts how many times it was tried (maxAttempts), or null
     */
    record StepExpectation(String status, FailureExpectation failure, JsonNode payload, Boolean payloadTruncated,
            Map<String, JsonNode> outputs, List<String> scriptOutput, Integer attempts, CallExpectation awsCalls, List<String> notCalled) {

        /** A step expectation that says only its status. */
        static StepExpectation ofStatus(String status) {
            return new StepExpectation(status, null, null, null, Map.of(), List.of(), null, null, List.of());
        }
    }

    /**
     * How a step failed ({@code FailureDetails}); null fields are not checked.
     *
     * @param type the FailureType name (Action, Verification, ...)
     * @param stage the FailureStage (Invocation, Inputs, ...)
     * @param exception the type of the exception the script raised ({@code Details.ExceptionType}), e.g. ValueError
     * @param message fragments the step's failure message must each contain
     */
    record FailureExpectation(String type, String stage, String exception, List<String> message) {
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
     * @param answer a fragment of the answer the call got as recorded ({@code error ThrottlingException},
     *     {@code HTTP 400 from}), or null for any
     */
    record ExpectedCall(String key, String step, JsonNode parameters, String answer) {

        ExpectedCall(String key, String step, JsonNode parameters) {
            this(key, step, parameters, null);
        }

        /** {@code TagAndStop: ec2:CreateTags {"Resources":[...]}}, as the side-by-side list shows it. */
        String text() {
            return (step == null ? "" : step + ": ") + key + (parameters == null ? "" : " " + ValueMatch.render(parameters))
                    + (answer == null ? "" : " answered \"" + answer + "...\"");
        }
    }
}
