package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double of an AWS endpoint (what {@code --aws-endpoint URL} names, e.g. LocalStack): an HTTP server on
 * 127.0.0.1 that answers each {@code service:Operation} with the HTTP status and body a case declares, the same
 * answer every time, so that the engine's run and the CPython differential's run see the same answers. It reads the
 * operation the way AWS does: the {@code X-Amz-Target} header (JSON protocols, e.g. ssm) or the form's {@code Action}
 * (query protocols, e.g. ec2), and the service from the request's signature scope.
 */
final class EndpointStandIn implements AutoCloseable {

    /** A case's {@code awsEndpoint:} block: by {@code service:Operation}, the HTTP status and body to answer with. */
    record Answers(Map<String, Answer> byOperation) {

        static Answers of(JsonNode spec, String where) {
            if (spec == null || !spec.isObject() || spec.isEmpty()) {
                throw new IllegalArgumentException(where + " is a map of service:Operation to {status: HTTP status, body: text}");
            }
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : spec.properties()) {
                String at = where + "." + e.getKey();
                if (!e.getKey().matches("[a-z0-9-]+:[A-Za-z0-9]+")) {
                    throw new IllegalArgumentException(at + ": the key is service:Operation, e.g. ssm:GetParameter");
                }
                JsonNode a = e.getValue();
                a.fieldNames().forEachRemaining(f -> {
                    if (!Set.of("status", "body").contains(f)) {
                        throw new IllegalArgumentException(at + ": unknown field '" + f + "'; known: status, body");
                    }
                });
                if (!a.path("status").canConvertToInt() || a.path("status").asInt() < 100 || a.path("status").asInt() > 599
                        || !a.path("body").isTextual()) {
                    throw new IllegalArgumentException(at + ": an answer is {status: an HTTP status, body: the response body as text}");
                }
                answers.put(e.getKey(), new Answer(a.get("status").asInt(), a.get("body").asText()));
            }
            return new Answers(Map.copyOf(answers));
        }
    }

    record Answer(int status, String body) {

        /** What AWS sends with such a body: JSON protocols' content type, or XML. */
        String contentType() {
            return body.stripLeading().startsWith("<") ? "text/xml" : "application/x-amz-json-1.1";
        }
    }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[0-9]{8}/[^/]+/([^/]+)/aws4_request");

    private final HttpServer server;
    private final Answers answers;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    private EndpointStandIn(HttpServer server, Answers answers) {
        this.server = server;
        this.answers = answers;
    }

    static EndpointStandIn start(Answers answers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        EndpointStandIn standIn = new EndpointStandIn(server, answers);
        server.createContext("/", standIn::answer);
        server.start();
        return standIn;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The {@code service:Operation} of each request, in the order they came. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] request;
        try (InputStream in = exchange.getRequestBody()) {
            request = in.readNBytes(1024 * 1024);
        }
        String key = service(exchange) + ":" + operation(exchange, new String(request, StandardCharsets.UTF_8));
        received.add(key);
        Answer a = answers.byOperation().get(key);
        if (a == null) {
            // Not an AWS error shape on purpose: a case must declare every call it makes.
            a = new Answer(501, "{\"message\": \"the stand-in endpoint has no answer for " + key + "; declare one under awsEndpoint\"}");
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", a.contentType());
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stand-in-" + received.size());
        exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String service(HttpExchange exchange) {
        Matcher m = SCOPE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        return m.find() ? m.group(1) : "unsigned";
    }

    private static String operation(HttpExchange exchange, String body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "unknown";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
