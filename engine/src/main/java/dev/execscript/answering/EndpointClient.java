package dev.execscript.answering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.spec.JsonText;
import dev.execscript.text.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends a script's signed AWS request to the configured endpoint on its behalf (the guest has no sockets),
 * to that origin only, within the step's time and a response size cap.
 */
final class EndpointClient {

    /** A response body larger than this is refused (the guest holds it in memory). */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    /** Headers the JDK's client sets itself and refuses from callers. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** The endpoint's answer: an HTTP status, headers and body; or, with status 0, why there is none. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body, String problem, boolean refused) {

        static Reply refused(String why) {
            return new Reply(0, Map.of(), new byte[0], why, true);
        }

        static Reply unreachable(String why) {
            return new Reply(0, Map.of(), new byte[0], why, false);
        }

        String toJson() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            if (status == 0) {
                out.put(refused ? "refused" : "unreachable", problem);
                return JsonText.write(out);
            }
            out.put("status", status);
            ObjectNode h = out.putObject("headers");
            headers.forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    h.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
                }
            });
            out.put("body", Base64.getEncoder().encodeToString(body));
            return JsonText.write(out);
        }
    }

    private EndpointClient() {
    }

    static Reply send(URI endpoint, String method, String url, String headersJson, String bodyBase64, Duration timeout) {
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            return Reply.refused("the request's URL is not valid: " + Excerpt.of(url));
        }
        if (!sameOrigin(endpoint, target)) {
            return Reply.refused("the request goes to " + Excerpt.of(origin(target)) + ", not to the AWS endpoint " + endpoint
                    + ": the sandbox sends AWS calls to that endpoint only");
        }
        byte[] body;
        try {
            body = bodyBase64 == null || bodyBase64.isEmpty() ? new byte[0] : Base64.getDecoder().decode(bodyBase64);
        } catch (IllegalArgumentException e) {
            return Reply.refused("the request body is not base64");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .method(method, body.length == 0 && !method.equals("POST") && !method.equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        JsonNode headers = JsonText.parseOrNull(headersJson);
        if (headers != null && headers.isObject()) {
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                if (!CLIENT_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    try {
                        request.header(header.getKey(), header.getValue().asText());
                    } catch (IllegalArgumentException refused) {
                        // A header the JDK's client will not send (a restricted name or a control character): left out.
                    }
                }
            }
        }
        try {
            HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] content;
            try (InputStream in = response.body()) {
                content = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
            if (content.length > MAX_RESPONSE_BYTES) {
                return Reply.unreachable("the endpoint's response to " + Excerpt.of(url) + " is larger than "
                        + MAX_RESPONSE_BYTES / (1024 * 1024) + " MiB");
            }
            return new Reply(response.statusCode(), response.headers().map(), content, null, false);
        } catch (HttpConnectTimeoutException e) {
            return Reply.unreachable("the AWS endpoint " + endpoint + " did not accept a connection within 5 s");
        } catch (HttpTimeoutException e) {
            return Reply.unreachable("the AWS endpoint " + endpoint + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return Reply.unreachable("the AWS endpoint " + endpoint + " cannot be reached (connection refused)");
        } catch (IOException e) {
            return Reply.unreachable("the AWS endpoint " + endpoint + " cannot be reached: " + Excerpt.of(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unreachable("interrupted while waiting for the AWS endpoint");
        } catch (IllegalArgumentException e) {
            return Reply.refused("the request cannot be sent: " + Excerpt.of(String.valueOf(e.getMessage())));
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }
}
