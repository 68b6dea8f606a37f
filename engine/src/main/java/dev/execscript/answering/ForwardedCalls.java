package dev.execscript.answering;

/**
 * Where a step's AWS calls go when they are answered in another process: a worker process forwards each
 * to its host, whose {@link AwsSession} answers, counts and records it as it does in-process. The texts
 * are those of {@link AwsBridge}'s methods, both ways.
 */
public interface ForwardedCalls {

    /** As {@link AwsBridge#call}: the answer as JSON text for the guest. */
    String call(String service, String operation, String parametersJson);

    /** As {@link AwsBridge#send}: the endpoint's reply as JSON text for the guest. */
    String send(String method, String url, String headersJson, String bodyBase64);
}
