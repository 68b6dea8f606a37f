package dev.execscript.worker;

import dev.execscript.runtime.StepStatus;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.policy.Confinement;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.answering.AwsBridge;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The JSON payloads of {@link Frames}: a policy, an invocation and an outcome, each written and read
 * field by field (no reflection, so nothing but these fields can cross). Non-ASCII is written escaped, so
 * text with lone surrogates (which UTF-8 cannot carry) crosses unchanged. Reading checks every field's
 * presence and type; anything else is a {@link MalformedException}.
 */
final class WireJson {

    /** The payload did not have the expected fields. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            // The frame's own length limit bounds everything; Jackson's defaults would refuse long outputs.
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(16).build())
            .build());

    private WireJson() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of text and numbers always writes", e);
        }
    }

    static JsonNode parse(byte[] payload) throws MalformedException {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new MalformedException("the payload is not a JSON object");
            }
            return node;
        } catch (MalformedException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedException("the payload is not JSON");
        }
    }

    // ---- policy ------------------------------------------------------------------------------------

    static ObjectNode policy(ScriptPolicy p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("wallClockTimeoutNanos", p.wallClockTimeout().toNanos());
        o.put("maxStatements", p.guestLimits().maxStatements());
        o.put("cpuTimeNanos", p.guestLimits().cpuTime().toNanos());
        o.put("maxAllocatedBytes", p.guestLimits().maxAllocatedBytes());
        o.put("maxRecursionDepth", p.guestLimits().maxRecursionDepth());
        o.put("maxOutputBytes", p.guestLimits().maxOutputBytes());
        o.put("maxPayloadBytes", p.payloadLimits().maxBytes());
        o.put("maxPayloadListItems", p.payloadLimits().maxListItems());
        ArrayNode dirs = o.putArray("readableDirectories");
        p.readableDirectories().forEach(d -> dirs.add(d.toString()));
        ArrayNode env = o.putArray("environmentVariables");
        p.environmentVariables().forEach(env::add);
        o.put("allowThreads", p.allowThreads());
        o.put("isolation", p.isolationSettings().isolation().name());
        o.put("poolSize", p.isolationSettings().poolSize());
        ArrayNode imports = o.putArray("warmupImports");
        p.isolationSettings().warmupImports().forEach(imports::add);
        o.put("maxArchiveEntries", p.archiveLimits().maxEntries());
        o.put("maxArchiveUncompressedBytes", p.archiveLimits().maxUncompressedBytes());
        o.put("maxArchiveCompressionRatio", p.archiveLimits().maxCompressionRatio());
        p.pwshPath().ifPresent(path -> o.put("pwshPath", path.toString()));
        o.put("strictRuntimes", p.strictRuntimes());
        o.put("maxMemory", p.isolationSettings().maxMemory());
        o.put("confinement", p.isolationSettings().confinement().name());
        ArrayNode pythonPath = o.putArray("pythonPath");
        p.pythonPath().forEach(d -> pythonPath.add(d.toString()));
        return o;
    }

    static ScriptPolicy policy(JsonNode o) throws MalformedException {
        try {
            return ScriptPolicy.builder()
                    .wallClockTimeout(Duration.ofNanos(number(o, "wallClockTimeoutNanos")))
                    .maxStatements(number(o, "maxStatements"))
                    .cpuTime(Duration.ofNanos(number(o, "cpuTimeNanos")))
                    .maxAllocatedBytes(number(o, "maxAllocatedBytes"))
                    .maxRecursionDepth(Math.toIntExact(number(o, "maxRecursionDepth")))
                    .maxOutputBytes(Math.toIntExact(number(o, "maxOutputBytes")))
                    .maxPayloadBytes(Math.toIntExact(number(o, "maxPayloadBytes")))
                    .maxPayloadListItems(Math.toIntExact(number(o, "maxPayloadListItems")))
                    .readableDirectories(texts(o, "readableDirectories").stream().map(Path::of).toList())
                    .environmentVariables(texts(o, "environmentVariables"))
                    .allowThreads(bool(o, "allowThreads"))
                    .isolation(Isolation.valueOf(text(o, "isolation")))
                    .poolSize(Math.toIntExact(number(o, "poolSize")))
                    .warmupImports(texts(o, "warmupImports"))
                    .maxArchiveEntries(Math.toIntExact(number(o, "maxArchiveEntries")))
                    .maxArchiveUncompressedBytes(number(o, "maxArchiveUncompressedBytes"))
                    .maxArchiveCompressionRatio(Math.toIntExact(number(o, "maxArchiveCompressionRatio")))
                    .pwshPath(o.has("pwshPath") ? Optional.of(Path.of(text(o, "pwshPath"))) : Optional.empty())
                    .strictRuntimes(bool(o, "strictRuntimes"))
                    .maxMemory(number(o, "maxMemory"))
                    .confinement(Confinement.valueOf(text(o, "confinement")))
                    .pythonPath(texts(o, "pythonPath").stream().map(Path::of).toList())
                    .build();
        } catch (RuntimeException e) {
            // Out-of-range values, unknown enum names: the policy setters say which.
            throw new MalformedException("the policy is not valid: " + e.getMessage());
        }
    }

    // ---- prepare -----------------------------------------------------------------------------------

    /** What a worker is started with: its pool's policy, and the region its scripts' AWS clients use by default. */
    record Prepare(ScriptPolicy policy, String awsRegion) {
    }

    static byte[] prepare(ScriptPolicy policy, String awsRegion) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("policy", policy(policy));
        o.put("awsRegion", awsRegion);
        return bytes(o);
    }

    static Prepare prepare(byte[] payload) throws MalformedException {
        JsonNode o = parse(payload);
        return new Prepare(policy(field(o, "policy")), text(o, "awsRegion"));
    }

    // ---- invocation --------------------------------------------------------------------------------

    /**
     * A run as the worker reads it; {@code policy} is null when the run has its pool's policy; {@code
     * awsEndpoint} is where its session sends AWS calls (through the host), empty when declared answers do.
     */
    record Run(PythonScript script, String eventsJson, String contextJson, Duration timeout, ScriptPolicy policy,
            Consumer<String> liveOutput, Optional<URI> awsEndpoint) {
    }

    /** The run's frame; without its policy when {@code withPolicy} is false (the worker's pool has it). */
    static byte[] invocation(PythonInvocation inv, boolean withPolicy) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        PythonScript s = inv.script();
        if (s.source() != null) {
            o.put("source", s.source());
        }
        if (s.fileName() != null) {
            o.put("fileName", s.fileName());
        }
        o.put("handler", s.handler());
        ObjectNode files = o.putObject("attachmentFiles");
        Base64.Encoder b64 = Base64.getEncoder();
        s.attachmentFiles().forEach((name, content) -> files.put(name, b64.encodeToString(content)));
        o.put("eventsJson", inv.eventsJson());
        o.put("contextJson", inv.contextJson());
        o.put("timeoutNanos", inv.timeout().toNanos());
        String endpoint = inv.aws() == null ? "" : inv.aws().endpoint();
        if (!endpoint.isEmpty()) {
            o.put("awsEndpoint", endpoint);
        }
        if (withPolicy) {
            o.set("policy", policy(inv.policy()));
        }
        return bytes(o);
    }

    static Run invocation(byte[] payload, Consumer<String> liveOutput) throws MalformedException {
        JsonNode o = parse(payload);
        Map<String, byte[]> files = new LinkedHashMap<>();
        JsonNode f = field(o, "attachmentFiles");
        if (!f.isObject()) {
            throw new MalformedException("'attachmentFiles' is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                files.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
            } catch (IllegalArgumentException bad) {
                throw new MalformedException("attachment file " + e.getKey() + " is not base64");
            }
        }
        PythonScript script = new PythonScript(optionalText(o, "source"), optionalText(o, "fileName"), text(o, "handler"), files);
        String endpoint = optionalText(o, "awsEndpoint");
        Optional<URI> awsEndpoint;
        try {
            awsEndpoint = endpoint == null ? Optional.empty() : Optional.of(new URI(endpoint));
        } catch (URISyntaxException e) {
            throw new MalformedException("'awsEndpoint' is not a URI");
        }
        return new Run(script, text(o, "eventsJson"), text(o, "contextJson"), Duration.ofNanos(number(o, "timeoutNanos")),
                o.hasNonNull("policy") ? policy(field(o, "policy")) : null, liveOutput, awsEndpoint);
    }

    // ---- AWS calls forwarded to the host ------------------------------------------------------------

    /** A script's AWS call as its worker forwards it: one of {@link AwsBridge}'s two requests, numbered. */
    sealed interface AwsRequest permits AwsCallRequest, AwsSendRequest {
        long id();
    }

    /** {@link AwsBridge#call}: which answer a call gets. */
    record AwsCallRequest(long id, String service, String operation, String parametersJson) implements AwsRequest {
    }

    /** {@link AwsBridge#send}: a signed request for the endpoint ({@code bodyBase64} may be null). */
    record AwsSendRequest(long id, String method, String url, String headersJson, String bodyBase64) implements AwsRequest {
    }

    static byte[] awsCall(long id, String service, String operation, String parametersJson) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("kind", "call");
        o.put("service", service);
        o.put("operation", operation);
        o.put("parameters", parametersJson);
        return bytes(o);
    }

    static byte[] awsSend(long id, String method, String url, String headersJson, String bodyBase64) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("kind", "send");
        o.put("method", method);
        o.put("url", url);
        o.put("headers", headersJson);
        putIfSet(o, "body", bodyBase64);
        return bytes(o);
    }

    static AwsRequest awsRequest(byte[] payload) throws MalformedException {
        JsonNode o = parse(payload);
        long id = number(o, "id");
        return switch (text(o, "kind")) {
            case "call" -> new AwsCallRequest(id, text(o, "service"), text(o, "operation"), text(o, "parameters"));
            case "send" -> new AwsSendRequest(id, text(o, "method"), text(o, "url"), text(o, "headers"), optionalText(o, "body"));
            default -> throw new MalformedException("'kind' of an AWS call is neither call nor send");
        };
    }

    /** The host's answer to the worker's AWS request {@code id}: the text the guest gets. */
    record AwsAnswer(long id, String text) {
    }

    static byte[] awsAnswer(long id, String text) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("answer", text);
        return bytes(o);
    }

    static AwsAnswer awsAnswer(byte[] payload) throws MalformedException {
        JsonNode o = parse(payload);
        return new AwsAnswer(number(o, "id"), text(o, "answer"));
    }

    // ---- outcome -----------------------------------------------------------------------------------

    static ObjectNode outcome(ScriptOutcome r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", r.status().name());
        putIfSet(o, "payloadJson", r.payloadJson());
        putIfSet(o, "truncation", r.truncation());
        putIfSet(o, "failureType", r.failureType() == null ? null : r.failureType().name());
        putIfSet(o, "failureMessage", r.failureMessage());
        putIfSet(o, "output", r.output());
        o.put("elapsedNanos", r.elapsed().toNanos());
        ObjectNode details = o.putObject("details");
        if (r.details() != null) {
            r.details().forEach((name, values) -> {
                ArrayNode list = details.putArray(name);
                values.forEach(list::add);
            });
        }
        return o;
    }

    static ScriptOutcome outcome(JsonNode o) throws MalformedException {
        StepStatus status;
        try {
            status = StepStatus.valueOf(text(o, "status"));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("'status' is not a known status");
        }
        Map<String, List<String>> details = new LinkedHashMap<>();
        JsonNode d = field(o, "details");
        if (!d.isObject()) {
            throw new MalformedException("'details' is not an object");
        }
        for (Iterator<String> names = d.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            details.put(name, texts(d, name));
        }
        String failureName = optionalText(o, "failureType");
        if (status != StepStatus.Success && failureName == null) {
            throw new MalformedException("a failed outcome without 'failureType'");
        }
        FailureType failureType;
        try {
            failureType = failureName == null || status == StepStatus.Success ? null : FailureType.valueOf(failureName);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("'failureType' is not a known failure type");
        }
        if (status != StepStatus.Success && status != StepStatus.Failed && status != StepStatus.TimedOut) {
            throw new MalformedException("'status' is not a script's status");
        }
        if (status == StepStatus.Success && optionalText(o, "payloadJson") == null) {
            throw new MalformedException("a successful outcome without 'payloadJson'");
        }
        return new ScriptOutcome(status, optionalText(o, "payloadJson"), optionalText(o, "truncation"), failureType,
                optionalText(o, "failureMessage"), details, optionalText(o, "output"),
                Duration.ofNanos(Math.max(0, number(o, "elapsedNanos"))));
    }

    // ---- field readers -----------------------------------------------------------------------------

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static JsonNode field(JsonNode o, String name) throws MalformedException {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new MalformedException("'" + name + "' is missing");
        }
        return v;
    }

    static String text(JsonNode o, String name) throws MalformedException {
        JsonNode v = field(o, name);
        if (!v.isTextual()) {
            throw new MalformedException("'" + name + "' is not text");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode o, String name) throws MalformedException {
        return o.hasNonNull(name) ? text(o, name) : null;
    }

    static long number(JsonNode o, String name) throws MalformedException {
        JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MalformedException("'" + name + "' is not a whole number");
        }
        return v.longValue();
    }

    static boolean bool(JsonNode o, String name) throws MalformedException {
        JsonNode v = field(o, name);
        if (!v.isBoolean()) {
            throw new MalformedException("'" + name + "' is not true or false");
        }
        return v.booleanValue();
    }

    private static List<String> texts(JsonNode o, String name) throws MalformedException {
        JsonNode v = field(o, name);
        if (!v.isArray()) {
            throw new MalformedException("'" + name + "' is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new MalformedException("'" + name + "' holds something that is not text");
            }
            out.add(item.textValue());
        }
        return out;
    }
}
