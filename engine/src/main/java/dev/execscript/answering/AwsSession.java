package dev.execscript.answering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.DeclaredAnswer;
import dev.execscript.spec.JsonText;
import dev.execscript.text.Excerpt;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One step's AWS calls: each answered as its execution's {@link AwsAnswering} says, recorded in order and
 * told to a listener as it is made. Called from the step's script thread through {@link AwsBridge}.
 */
public final class AwsSession {

    /** Calls recorded one by one per step; a script calling in a loop past this is counted, not recorded. */
    static final int MAX_RECORDED_CALLS = 1000;
    /** Recorded parameters larger than this (as JSON) are kept as an excerpt. */
    static final int MAX_PARAMETERS_CHARS = 16 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AwsAnswering answering;
    private final Consumer<AwsCall> listener;
    private final Duration timeout;
    private final List<AwsCall> calls = new ArrayList<>();
    private int omitted;
    private String unanswered;
    /** The call whose request goes to the endpoint next (endpoint mode), or null. */
    private AwsCall sending;

    AwsSession(AwsAnswering answering, Consumer<AwsCall> listener, Duration timeout) {
        this.answering = answering;
        this.listener = listener;
        this.timeout = timeout;
    }

    /** The calls made, in order (at most {@link #MAX_RECORDED_CALLS}). */
    public synchronized List<AwsCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls made past {@link #MAX_RECORDED_CALLS}, not recorded one by one. */
    public synchronized int omittedCalls() {
        return omitted;
    }

    /** Why the step must fail when a call got no answer (the first such call), else empty. */
    public synchronized Optional<String> unanswered() {
        return Optional.ofNullable(unanswered);
    }

    /**
     * A call the script is about to make, its parameters as JSON text: the answer, as JSON text for the
     * guest ({@code {"kind": "response" | "error" | "send" | "none", ...}}).
     */
    String call(String service, String operation, String parametersJson) {
        ForwardedCalls to = answering.forwarded();
        // Not under this session's lock: the wait for another process's answer must stay interruptible.
        return to != null ? to.call(service, operation, forwardedParameters(parametersJson))
                : answer(service, operation, parametersJson);
    }

    private synchronized String answer(String service, String operation, String parametersJson) {
        JsonNode parameters = parameters(parametersJson);
        String key = service + ":" + operation;
        ObjectNode reply = NODES.objectNode();
        if (answering.endpoint().isPresent()) {
            sending = new AwsCall(service, operation, parameters, "not sent", true);
            reply.put("kind", "send");
            reply.put("endpoint", answering.endpoint().get().toString());
            return JsonText.write(reply);
        }
        Optional<DeclaredAnswer> answer = answering.take(key, parameters);
        if (answer.isEmpty()) {
            String message = noAnswer(key, parameters);
            if (unanswered == null) {
                unanswered = message;
            }
            record(new AwsCall(service, operation, parameters, "no answer", false));
            reply.put("kind", "none");
            reply.put("message", message);
            return JsonText.write(reply);
        }
        DeclaredAnswer a = answer.get();
        if (a.response() != null) {
            record(new AwsCall(service, operation, parameters, "response " + a.describe() + summary(a.response()), true));
            reply.put("kind", "response");
            reply.set("response", a.response());
        } else {
            DeclaredAnswer.DeclaredError e = a.error();
            record(new AwsCall(service, operation, parameters, "error " + e.code() + " (HTTP " + e.httpStatus() + ") "
                    + a.describe(), true));
            reply.put("kind", "error");
            reply.put("code", e.code());
            reply.put("message", e.message());
            reply.put("status", e.httpStatus());
        }
        return JsonText.write(reply);
    }

    /** The endpoint clients are made for, or empty text when calls are answered by declared responses. */
    public String endpoint() {
        return answering.endpoint().map(URI::toString).orElse("");
    }

    /** The script's signed request, to go to the endpoint: the response as JSON text for the guest. */
    String send(String method, String url, String headersJson, String bodyBase64) {
        ForwardedCalls to = answering.forwarded();
        if (to != null) {
            return to.send(method, url, headersJson, bodyBase64);
        }
        AwsCall call;
        synchronized (this) {
            call = sending;
        }
        URI endpoint = answering.endpoint().orElse(null);
        EndpointClient.Reply reply = endpoint == null
                ? EndpointClient.Reply.refused("no AWS endpoint is configured")
                : EndpointClient.send(endpoint, method, url, headersJson, bodyBase64, timeout);
        if (call != null) {
            String answer = reply.status() > 0 ? "HTTP " + reply.status() + " from " + endpoint : reply.problem();
            synchronized (this) {
                record(new AwsCall(call.service(), call.operation(), call.parameters(), answer, reply.status() > 0));
            }
        }
        return reply.toJson();
    }

    private void record(AwsCall call) {
        if (calls.size() >= MAX_RECORDED_CALLS) {
            omitted++;
            return;
        }
        calls.add(call);
        listener.accept(call);
    }

    private String noAnswer(String key, JsonNode parameters) {
        String params = JsonText.write(parameters);
        if (answering.endpoint().isEmpty() && answering.responses().isEmpty()) {
            return "the script called " + key + " and no AWS answers are configured: no call leaves the machine. "
                    + "Give --aws-responses FILE with an answer such as\n" + example(key, parameters)
                    + "\nor --aws-endpoint URL (a local endpoint such as LocalStack or moto)";
        }
        String where = answering.responses().file().map(f -> " in " + f).orElse("");
        return "no declared answer for " + key + " with parameters " + Excerpt.of(params, 2000) + " ("
                + answering.availability(key) + where + "); add one, e.g.\n" + example(key, parameters);
    }

    private static String example(String key, JsonNode parameters) {
        String when = parameters.isEmpty() ? "" : "    when: " + Excerpt.of(JsonText.write(parameters), 2000) + "\n";
        return key + ":\n  - " + (when.isEmpty() ? "response: {}" : when.substring(4) + "    response: {}");
    }

    /**
     * Parameters as they are forwarded: the same text, or when it is longer than a session reads (see
     * {@link #parameters}) the excerpt the answering session would make of it, so that a call's message
     * stays small whatever the script passes and is answered and recorded alike.
     */
    private static String forwardedParameters(String json) {
        return json.length() > MAX_PARAMETERS_CHARS ? JsonText.write(parameters(json)) : json;
    }

    private static JsonNode parameters(String json) {
        if (json.length() > MAX_PARAMETERS_CHARS) {
            return NODES.objectNode().put("(excerpt)", Excerpt.of(json));
        }
        JsonNode node = JsonText.parseOrNull(json);
        return node == null || !node.isObject() ? NODES.objectNode() : node;
    }

    /** A few words on what a response holds: {@code : Reservations: 1 item}. */
    private static String summary(ObjectNode response) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : response.properties()) {
            if (parts.size() == 3) {
                parts.add("...");
                break;
            }
            JsonNode v = field.getValue();
            String shown = v.isArray() ? v.size() + (v.size() == 1 ? " item" : " items")
                    : v.isObject() ? "{" + v.size() + (v.size() == 1 ? " key}" : " keys}")
                    : Excerpt.of(v.asText());
            parts.add(field.getKey() + ": " + shown);
        }
        return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
    }
}
