package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a case's {@code cli:} block says of the command line's contract, beyond the execution: the exit code, what stderr
 * holds, an empty stdout. Conformance-only (a runbook test sees executions, not processes); the execution itself is
 * checked by the runbook test code from the case's {@code expect:} block.
 */
record CliExpectation(JsonNode spec) {

    private static final Set<String> FIELDS = Set.of("exitCode", "stderrContains", "stdoutEmpty");

    static CliExpectation of(JsonNode spec, String where) {
        JsonNode s = spec == null ? MissingNode.getInstance() : spec;
        if (!s.isMissingNode() && !s.isObject()) {
            throw new IllegalArgumentException(where + " is a map of " + FIELDS);
        }
        s.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "'; known: " + FIELDS);
            }
        });
        return new CliExpectation(s);
    }

    boolean isEmpty() {
        return spec.isMissingNode() || spec.isEmpty();
    }

    /**
     * Whether the case must run alone through {@code execscript run}: stderr, stdout and exit codes other than 0/1 (the
     * execution's status says those) are only observable there.
     */
    boolean needsOwnRun() {
        int exit = spec.path("exitCode").asInt(0);
        return spec.has("stderrContains") || spec.has("stdoutEmpty") || (exit != 0 && exit != 1);
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
        return m;
    }

    private static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (!n.isMissingNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }
}
