package dev.execscript.answering;

import org.graalvm.polyglot.HostAccess;

/**
 * What a context's {@code _execscript_aws} module calls to answer botocore's requests: one per context,
 * pointed at the running step's {@link AwsSession} for the length of its run, at nothing in between (a call
 * then has no answer).
 */
public final class AwsBridge {

    /** The name of the binding the engine puts this under before any script runs. */
    public static final String BINDING = "_execscript_aws_bridge";
    private static final String IDLE = "{\"kind\":\"none\",\"message\":\"no step is running in this context\"}";
    private static final String NOT_A_CALL = "{\"kind\":\"refused\",\"message\":\"not an AWS call: the service and operation "
            + "are names such as ec2 and DescribeInstances\"}";
    /** What botocore passes: service names as boto3.client() takes them, operations as the API names them. */
    private static final java.util.regex.Pattern SERVICE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final java.util.regex.Pattern OPERATION = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,128}");

    private volatile AwsSession session;

    /** Points the bridge at a run's session (null: none). */
    public void use(AwsSession value) {
        this.session = value;
    }

    @HostAccess.Export
    public String call(String service, String operation, String parametersJson) {
        // The script can reach this object and call it itself: only botocore's kind of call is recorded.
        if (service == null || operation == null || parametersJson == null || !SERVICE.matcher(service).matches()
                || !OPERATION.matcher(operation).matches()) {
            return NOT_A_CALL;
        }
        AwsSession s = session;
        return s == null ? IDLE : s.call(service, operation, parametersJson);
    }

    /** The endpoint clients are made for, or empty text when calls are answered by declared responses. */
    @HostAccess.Export
    public String endpoint() {
        AwsSession s = session;
        return s == null ? "" : s.endpoint();
    }

    /** What a script printing this object sees (not the Java class). */
    @HostAccess.Export
    @Override
    public String toString() {
        return "<execscript AWS bridge>";
    }

    @HostAccess.Export
    public String send(String method, String url, String headersJson, String bodyBase64) {
        AwsSession s = session;
        return s == null ? "{\"refused\":\"no step is running in this context\"}"
                : s.send(String.valueOf(method), String.valueOf(url), String.valueOf(headersJson), bodyBase64);
    }
}
