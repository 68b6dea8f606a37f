package dev.execscript.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One answer of a responses file: for calls of {@code key} ({@code service:Operation}) whose parameters
 * include {@code when}, a {@code response} (what boto3 returns) or an {@code error} (what it raises), at
 * most {@code times} times (0: any number).
 *
 * @param index 1-based position among the key's answers
 * @param line where the answer was written (0 when not from a file)
 */
public record DeclaredAnswer(String key, int index, int line, ObjectNode when, ObjectNode response, DeclaredError error, int times) {

    /** The AWS error an answer raises: its code, message and HTTP status. */
    public record DeclaredError(String code, String message, int httpStatus) {
    }

    /** Whether every parameter {@code when} names has an equal value in the call's parameters. */
    public boolean matches(JsonNode parameters) {
        if (when == null) {
            return true;
        }
        for (var field : when.properties()) {
            JsonNode given = parameters.get(field.getKey());
            if (given == null || !JsonEquality.equal(field.getValue(), given)) {
                return false;
            }
        }
        return true;
    }

    /** How the call log and messages name this answer: {@code ec2:DescribeInstances #2 (line 7)}. */
    public String describe() {
        return key + " #" + index + (line > 0 ? " (line " + line + ")" : "");
    }
}
