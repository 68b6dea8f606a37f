package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An expected outcome ({@code expect:} or {@code aws:} block of a case). Each field given is checked;
 * fields left out are not. {@link #mismatches} lists every difference, so one run shows them all.
 */
record Expectation(JsonNode spec) {

    private static final Set<String> FIELDS = Set.of("exitCode", "status", "failureMessageContains", "outputs", "steps",
            "stepNames", "stderrContains", "stdoutEmpty");
    private static final Set<String> STEP_FIELDS = Set.of("name", "status", "payload", "payloadTruncated", "outputs",
            "failureType", "failureStage", "exceptionType", "messageContains", "scriptOutputContains", "attempts", "awsCalls");

    static Expectation of(JsonNode spec) {
        JsonNode s = spec == null ? MissingNode.getInstance() : spec;
        s.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown expectation field '" + f + "'; known: " + FIELDS);
            }
        });
        for (JsonNode step : s.path("steps")) {
            step.fieldNames().forEachRemaining(f -> {
                if (!STEP_FIELDS.contains(f)) {
                    throw new IllegalArgumentException("unknown step expectation field '" + f + "'; known: " + STEP_FIELDS);
                }
            });
            for (JsonNode call : step.path("awsCalls")) {
                if (!call.isTextual() && !(call.isObject() && call.path("call").isTextual())) {
                    throw new IllegalArgumentException("an awsCalls entry is service:Operation or {call: service:Operation,"
                            + " parameters: {...}, answer: text}: " + call);
                }
                call.fieldNames().forEachRemaining(f -> {
                    if (!Set.of("call", "parameters", "answer").contains(f)) {
                        throw new IllegalArgumentException("unknown awsCalls field '" + f + "'; known: call, parameters, answer");
                    }
                });
            }
        }
        return new Expectation(s);
    }

    boolean isEmpty() {
        return spec.isMissingNode() || spec.isEmpty();
    }

    /** Stderr and exit codes other than 0/1 are only observable when a document runs alone. */
    boolean batchable() {
        int exit = spec.path("exitCode").asInt(0);
        return !spec.has("stderrContains") && !spec.has("stdoutEmpty") && (exit == 0 || exit == 1);
    }

    int expectedExitCode(int fallback) {
        return spec.path("exitCode").asInt(fallback);
    }

    List<String> mismatches(CliOutcome o) {
        List<String> m = new ArrayList<>();
        if (spec.has("exitCode") && spec.get("exitCode").asInt() != o.exitCode()) {
            m.add("exit code: expected " + spec.get("exitCode").asInt() + ", got " + o.exitCode());
        }
        for (String s : texts(spec.path("stderrContains"))) {
            if (!o.stderr().contains(s)) {
                m.add("stderr does not contain '" + s + "'");
            }
        }
        if (spec.path("stdoutEmpty").asBoolean(false) && !o.stdout().isBlank()) {
            m.add("stdout is not empty");
        }
        boolean needsExecution = spec.has("status") || spec.has("steps") || spec.has("outputs") || spec.has("stepNames")
                || spec.has("failureMessageContains");
        JsonNode x = o.execution();
        if (!needsExecution) {
            return m;
        }
        if (x == null) {
            m.add("no AutomationExecution on stdout");
            return m;
        }
        if (spec.has("status") && !spec.get("status").asText().equals(x.path("AutomationExecutionStatus").asText())) {
            m.add("execution status: expected " + spec.get("status").asText() + ", got " + x.path("AutomationExecutionStatus").asText());
        }
        for (String s : texts(spec.path("failureMessageContains"))) {
            if (!x.path("FailureMessage").asText().contains(s)) {
                m.add("execution FailureMessage does not contain '" + s + "': " + x.path("FailureMessage").asText());
            }
        }
        if (spec.has("outputs") && !ParsedJson.sameValue(spec.get("outputs"), x.path("Outputs"))) {
            m.add("execution Outputs: expected " + spec.get("outputs") + ", got " + x.path("Outputs"));
        }
        if (spec.has("stepNames")) {
            List<String> actual = new ArrayList<>();
            x.path("StepExecutions").forEach(s -> actual.add(s.path("StepName").asText()));
            List<String> expected = texts(spec.get("stepNames"));
            if (!expected.equals(actual)) {
                m.add("steps executed: expected " + expected + ", got " + actual);
            }
        }
        for (JsonNode want : spec.path("steps")) {
            String name = want.path("name").asText();
            JsonNode step = o.step(name);
            if (step == null) {
                m.add("step " + name + ": not in StepExecutions");
                continue;
            }
            stepMismatches(name, want, step, m);
        }
        return m;
    }

    private static void stepMismatches(String name, JsonNode want, JsonNode step, List<String> m) {
        String p = "step " + name + ": ";
        if (want.has("status") && !want.get("status").asText().equals(step.path("StepStatus").asText())) {
            m.add(p + "status expected " + want.get("status").asText() + ", got " + step.path("StepStatus").asText()
                    + failureSuffix(step));
        }
        if (want.has("payload")) {
            JsonNode actual = CliOutcome.payload(step);
            if (actual == null) {
                m.add(p + "no OutputPayload" + failureSuffix(step));
            } else if (!ParsedJson.sameValue(want.get("payload"), actual)) {
                m.add(p + "payload expected " + ParsedJson.abbreviate(ParsedJson.write(want.get("payload")), 1500)
                        + ", got " + ParsedJson.abbreviate(ParsedJson.write(actual), 1500));
            }
        }
        if (want.has("payloadTruncated") && want.get("payloadTruncated").asBoolean() != step.path("PayloadTruncated").asBoolean(false)) {
            m.add(p + "PayloadTruncated expected " + want.get("payloadTruncated").asBoolean() + ", got "
                    + step.path("PayloadTruncated").asBoolean(false));
        }
        if (want.has("outputs")) {
            want.get("outputs").fields().forEachRemaining(e -> {
                JsonNode actual = step.path("Outputs").path(e.getKey());
                if (!ParsedJson.sameValue(e.getValue(), actual)) {
                    m.add(p + "output " + e.getKey() + " expected " + e.getValue() + ", got " + actual);
                }
            });
        }
        JsonNode failure = step.path("FailureDetails");
        if (want.has("failureType") && !want.get("failureType").asText().equals(failure.path("FailureType").asText())) {
            m.add(p + "FailureType expected " + want.get("failureType").asText() + ", got '" + failure.path("FailureType").asText() + "'");
        }
        if (want.has("failureStage") && !want.get("failureStage").asText().equals(failure.path("FailureStage").asText())) {
            m.add(p + "FailureStage expected " + want.get("failureStage").asText() + ", got '" + failure.path("FailureStage").asText() + "'");
        }
        if (want.has("exceptionType")) {
            String actual = failure.path("Details").path("ExceptionType").path(0).asText();
            if (!want.get("exceptionType").asText().equals(actual)) {
                m.add(p + "ExceptionType expected " + want.get("exceptionType").asText() + ", got '" + actual + "'");
            }
        }
        for (String s : texts(want.path("messageContains"))) {
            if (!step.path("FailureMessage").asText().contains(s)) {
                m.add(p + "FailureMessage does not contain '" + s + "': " + ParsedJson.abbreviate(step.path("FailureMessage").asText(), 600));
            }
        }
        for (String s : texts(want.path("scriptOutputContains"))) {
            if (!step.path("ScriptOutput").asText().contains(s)) {
                m.add(p + "ScriptOutput does not contain '" + s + "': " + ParsedJson.abbreviate(step.path("ScriptOutput").asText(), 600));
            }
        }
        if (want.has("attempts") && want.get("attempts").asInt() != step.path("Attempts").asInt()) {
            m.add(p + "Attempts expected " + want.get("attempts").asInt() + ", got " + step.path("Attempts").asInt());
        }
        if (want.has("awsCalls")) {
            awsCallMismatches(p, want.get("awsCalls"), step.path("AwsCalls"), m);
        }
    }

    /**
     * The step's AwsCalls, exactly these calls in this order. Each expected call is {@code service:Operation}, or a map
     * {@code {call: service:Operation, parameters: {...}, answer: text}}: parameters compared whole (as parsed JSON),
     * answer as a fragment of the recorded answer.
     */
    private static void awsCallMismatches(String p, JsonNode want, JsonNode actual, List<String> m) {
        List<String> actualKeys = new ArrayList<>();
        actual.forEach(c -> actualKeys.add(c.path("Service").asText() + ":" + c.path("Operation").asText()));
        List<String> wantKeys = new ArrayList<>();
        want.forEach(c -> wantKeys.add(c.isTextual() ? c.asText() : c.path("call").asText()));
        if (!wantKeys.equals(actualKeys)) {
            m.add(p + "AWS calls expected " + wantKeys + ", got " + actualKeys);
            return;
        }
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i);
            JsonNode a = actual.get(i);
            String at = p + "AWS call " + (i + 1) + " (" + wantKeys.get(i) + "): ";
            if (w.has("parameters") && !ParsedJson.sameValue(w.get("parameters"), a.path("Parameters"))) {
                m.add(at + "parameters expected " + ParsedJson.write(w.get("parameters")) + ", got " + ParsedJson.write(a.path("Parameters")));
            }
            if (w.has("answer") && !a.path("Answer").asText().contains(w.get("answer").asText())) {
                m.add(at + "answer does not contain '" + w.get("answer").asText() + "': " + a.path("Answer").asText());
            }
        }
    }

    private static String failureSuffix(JsonNode step) {
        String msg = step.path("FailureMessage").asText("");
        return msg.isEmpty() ? "" : " (FailureMessage: " + ParsedJson.abbreviate(msg, 600) + ")";
    }

    static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (!n.isMissingNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }
}
