package dev.execscript.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One AWS call a script made, as the step's result records it.
 *
 * @param service as {@code boto3.client()} names it ({@code ec2})
 * @param operation as the API names it ({@code DescribeInstances})
 * @param parameters the request parameters the script gave (bytes as text, or as {@code <N bytes>})
 * @param answer what answered it: a declared answer ({@code response ec2:DescribeInstances #1 (line 3)}), the
 *     endpoint ({@code HTTP 200 from http://127.0.0.1:4566}), or {@code no answer}
 * @param answered false when nothing answered the call (the step then fails)
 */
public record AwsCall(String service, String operation, JsonNode parameters, String answer, boolean answered) {

    public AwsCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(answer, "answer");
    }

    /** {@code ec2:DescribeInstances}. */
    public String key() {
        return service + ":" + operation;
    }
}
