package dev.execscript.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import dev.execscript.text.TerminalText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes an execution the way {@code aws ssm get-automation-execution} prints one, so users read what
 * they already know. Fields AWS does not have ({@code ScriptOutput}, {@code PayloadTruncation}, {@code Notes}) are
 * execscript's additions and are documented as such.
 */
public final class ExecutionJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    /** Indented as the AWS CLI prints JSON: four spaces, {@code "key": value}. */
    private static final ObjectWriter PRETTY = JsonText.MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")))
            .with(TerminalSafeEscapes.INSTANCE);

    /** On one line, for several documents' results in a row. */
    private static final ObjectWriter LINE = JsonText.MAPPER.writer().with(TerminalSafeEscapes.INSTANCE);

    /**
     * Jackson escapes C0 controls itself; these escapes also write DEL, C1 controls and bidi controls as
     * {@code \\uXXXX}, so the result is safe to show on a terminal as it is. Parsed, it is the same JSON.
     */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        static final TerminalSafeEscapes INSTANCE = new TerminalSafeEscapes();
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        private TerminalSafeEscapes() {
            ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return TerminalText.unsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private ExecutionJson() {
    }

    /** The execution as the AWS CLI would print it. */
    public static String pretty(AutomationExecution e) {
        return write(PRETTY, toJson(e));
    }

    /** The execution on one line. */
    public static String line(AutomationExecution e) {
        return write(LINE, toJson(e));
    }

    /** Through bytes, not a String: Jackson's UTF-8 generator escapes lone surrogates (see JsonText.write). */
    private static String write(ObjectWriter writer, JsonNode tree) {
        try {
            return new String(writer.writeValueAsBytes(tree), StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a JSON tree could not be written", ex);
        }
    }

    public static ObjectNode toJson(AutomationExecution e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode x = f.objectNode();
        x.put("AutomationExecutionId", e.executionId());
        x.put("DocumentName", e.documentName());
        x.put("DocumentVersion", "1");
        x.put("ExecutionStartTime", time(e.start()));
        x.put("ExecutionEndTime", time(e.end()));
        x.put("AutomationExecutionStatus", e.status().name());
        ArrayNode steps = x.putArray("StepExecutions");
        for (StepExecution s : e.steps()) {
            steps.add(step(s));
        }
        ObjectNode params = x.putObject("Parameters");
        e.parameters().forEach((name, value) -> params.set(name, awsList(value)));
        x.set("Outputs", lists(e.outputs()));
        if (e.failureMessage() != null) {
            x.put("FailureMessage", e.failureMessage());
        }
        x.put("Mode", "Auto");
        x.put("ExecutedBy", "execscript");
        ObjectNode root = f.objectNode();
        root.set("AutomationExecution", x);
        return root;
    }

    private static ObjectNode step(StepExecution s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("StepName", s.stepName());
        o.put("Action", s.action());
        o.put("ExecutionStartTime", time(s.start()));
        o.put("ExecutionEndTime", time(s.end()));
        o.put("StepStatus", s.status().name());
        ObjectNode inputs = o.putObject("Inputs");
        // AWS shows each resolved input as JSON text.
        s.inputs().fields().forEachRemaining(in -> inputs.put(in.getKey(), JsonText.write(in.getValue())));
        o.set("Outputs", lists(s.outputs()));
        if (s.failureMessage() != null) {
            o.put("FailureMessage", s.failureMessage());
            ObjectNode details = o.putObject("FailureDetails");
            details.put("FailureStage", s.failureStage());
            details.put("FailureType", s.failureType().name());
            details.set("Details", lists(s.failureDetails()));
        }
        o.put("Attempts", s.attempts());
        if (s.truncation() != null) {
            o.put("PayloadTruncated", true);
            o.put("PayloadTruncation", s.truncation());
        }
        if (s.scriptOutput() != null) {
            o.put("ScriptOutput", s.scriptOutput());
        }
        if (!s.notes().isEmpty()) {
            ArrayNode notes = o.putArray("Notes");
            s.notes().forEach(notes::add);
        }
        if (!s.awsCalls().isEmpty()) {
            ArrayNode calls = o.putArray("AwsCalls");
            for (AwsCall call : s.awsCalls()) {
                ObjectNode c = calls.addObject();
                c.put("Service", call.service());
                c.put("Operation", call.operation());
                c.set("Parameters", call.parameters());
                c.put("Answer", call.answer());
            }
        }
        return o;
    }

    /** Bytes the step takes in {@link #pretty}'s output, where it is indented three levels deep. */
    public static long stepSize(StepExecution s) {
        return prettySize(step(s), 3);
    }

    /** Bytes the execution's outputs take in {@link #pretty}'s output. */
    public static long outputsSize(Map<String, List<String>> outputs) {
        return prettySize(lists(outputs), 2);
    }

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static long prettySize(JsonNode node, int depth) {
        long[] bytes = new long[2];
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
                if (b == '\n') {
                    bytes[1]++;
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        bytes[1]++;
                    }
                }
            }
        };
        try {
            PRETTY.writeValue(counter, node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        // Every line but the first is indented by four spaces per level more than when written alone.
        return bytes[0] + bytes[1] * 4L * depth;
    }

    private static ObjectNode lists(Map<String, List<String>> map) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        map.forEach((k, v) -> {
            ArrayNode a = o.putArray(k);
            v.forEach(a::add);
        });
        return o;
    }

    /** Parameters as AWS lists them: a list of text per parameter. */
    private static ArrayNode awsList(JsonNode value) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        if (value.isArray()) {
            value.forEach(v -> a.add(v.isTextual() ? v.asText() : JsonText.write(v)));
        } else {
            a.add(value.isTextual() ? value.asText() : JsonText.write(value));
        }
        return a;
    }

    static String time(Instant t) {
        return TIME.format(t);
    }
}
