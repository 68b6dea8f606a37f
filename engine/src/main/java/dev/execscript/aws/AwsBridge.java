package dev.execscript.aws;

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

    private volatile AwsSession session;

    /** Points the bridge at a run's session (null: none). */
    public void use(AwsSession value) {
        this.session = value;
    }

    @HostAccess.Export
    public String call(String service, String operation, String parametersJson) {
        AwsSession s = session;
        return s == null ? IDLE : s.call(String.valueOf(service), String.valueOf(operation), String.valueOf(parametersJson));
    }

    /** The endpoint clients are made for, or empty text when calls are answered by declared responses. */
    @HostAccess.Export
    public String endpoint() {
        AwsSession s = session;
        return s == null ? "" : s.endpoint();
    }

    @HostAccess.Export
    public String send(String method, String url, String headersJson, String bodyBase64) {
        AwsSession s = session;
        return s == null ? "{\"refused\":\"no step is running in this context\"}"
                : s.send(String.valueOf(method), String.valueOf(url), String.valueOf(headersJson), bodyBase64);
    }
}
