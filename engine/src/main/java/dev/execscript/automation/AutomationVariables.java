package dev.execscript.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The Automation variables ({@code global:REGION}, {@code automation:EXECUTION_ID}, ...) with local
 * values. Date and time are read when a reference is resolved, as AWS does, so they can differ
 * between steps of one execution.
 */
public record AutomationVariables(String accountId, String region, String partition, String executionId, Clock clock) {

    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH.mm.ss");

    /** Local defaults and a fresh execution id. */
    public static AutomationVariables local(String accountId, String region) {
        String account = accountId == null ? DEFAULT_ACCOUNT : accountId;
        String r = region == null ? DEFAULT_REGION : region;
        return new AutomationVariables(account, r, partitionOf(r), UUID.randomUUID().toString(), Clock.systemUTC());
    }

    /** The same settings with a new execution id, for the next document of a batch. */
    public AutomationVariables nextExecution() {
        return new AutomationVariables(accountId, region, partition, UUID.randomUUID().toString(), clock);
    }

    static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** The value of a variable, or null when the name is not one. */
    public String value(String name) {
        return switch (name) {
            case "global:ACCOUNT_ID" -> accountId;
            case "global:REGION" -> region;
            case "global:AWS_PARTITION" -> partition;
            case "global:DATE" -> ZonedDateTime.now(clock).format(DATE);
            case "global:DATE_TIME" -> ZonedDateTime.now(clock).format(DATE_TIME);
            case "automation:EXECUTION_ID", "automation:DOCUMENT_EXECUTION_ID" -> executionId;
            default -> null;
        };
    }

    public JsonNode resolve(String name) {
        String v = value(name);
        return v == null ? null : JsonNodeFactory.instance.textNode(v);
    }

    /** The handler's {@code context} argument: every variable by name. */
    public ObjectNode handlerContext() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String name : new String[] {"automation:EXECUTION_ID", "global:ACCOUNT_ID", "global:REGION",
                "global:AWS_PARTITION", "global:DATE", "global:DATE_TIME"}) {
            o.put(name, value(name));
        }
        return o;
    }
}
