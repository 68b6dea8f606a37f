package dev.execscript.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.document.DocumentException;
import dev.execscript.spec.AutomationDocument;
import dev.execscript.spec.DocumentParser;
import dev.execscript.spec.JsonText;
import dev.execscript.spec.OnFailure;
import dev.execscript.spec.ParameterBinder;
import dev.execscript.spec.StepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An Automation document (schemaVersion 0.3, YAML or JSON), parsed and checked, ready to run with
 * {@link ExecScript#run(Runbook, Map)}. Immutable and thread-safe: load it once, run it many times.
 *
 * <pre>{@code
 * Runbook runbook = Runbook.load(Path.of("examples/hello.yaml"));   // DocumentException names file:line
 * AutomationExecution execution = engine.run(runbook, Map.of("Name", "Ada"));
 * }</pre>
 */
public final class Runbook {

    private final AutomationDocument document;

    private Runbook(AutomationDocument document) {
        this.document = document;
    }

    /**
     * Reads and checks the document at {@code path}; its name is the file name without {@code .yaml},
     * {@code .yml} or {@code .json}, and its attachments are looked up next to it unless the engine says
     * otherwise ({@link ExecScript.Builder#attachments(Path)}).
     *
     * @throws DocumentException if the file cannot be read or is not a valid document; the message names
     *     the file, the line when known, the field and the problem
     */
    public static Runbook load(Path path) throws DocumentException {
        Objects.requireNonNull(path, "path");
        return new Runbook(new DocumentParser().parse(path));
    }

    /** What results call the runbook ({@code DocumentName}). */
    public String name() {
        return document.name();
    }

    /** Where it was read from. */
    public Path path() {
        return document.path();
    }

    /** The names of its {@code mainSteps}, in order. */
    public List<String> stepNames() {
        return document.steps().stream().map(StepSpec::name).toList();
    }

    /**
     * One line per step whose {@code Runtime} AWS no longer runs or does not list, as {@code FILE:LINE: step 'X'
     * uses Runtime python3.8, which AWS no longer runs (since 2025-09-10); AWS runs python3.10 and python3.11
     * today}; empty when AWS runs every one. Such steps still run (each result carries the note in
     * {@code Notes}) unless the policy sets {@code strictRuntimes}.
     */
    public List<String> runtimeNotes() {
        String source = document.path() == null ? document.name() : document.path().toString();
        List<String> notes = new ArrayList<>();
        for (StepSpec s : document.steps()) {
            String note = s.isExecuteScript() ? s.runtimeNote() : null;
            if (note != null) {
                notes.add(source + ":" + s.runtimeLine() + ": " + note);
            }
        }
        return List.copyOf(notes);
    }

    /** Its document {@code outputs}, as declared ({@code Step.Output}). */
    public List<String> outputNames() {
        return List.copyOf(document.outputs());
    }

    /** The names of a step's declared {@code outputs}, in order; empty for a step it does not have. */
    public List<String> stepOutputNames(String stepName) {
        StepSpec s = document.step(Objects.requireNonNull(stepName, "stepName"));
        return s == null ? List.of() : s.outputs().stream().map(dev.execscript.spec.OutputSpec::name).toList();
    }

    /** The names of its declared parameters, in document order. */
    public Set<String> parameterNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(document.parameters().keySet()));
    }

    /**
     * The value every declared parameter takes for these given values: the given value coerced to the
     * parameter's type, else its default; checked against {@code allowedValues}, {@code allowedPattern},
     * {@code minItems} and {@code maxItems}. Runs nothing; {@link ExecScript#run(Runbook, Map)} does the
     * same before its first step.
     *
     * @param values by parameter name: text (coerced as on the command line: a StringList may be
     *     {@code a,b,c}, an Integer {@code "7"}), a Jackson {@link JsonNode}, or any value Jackson turns into
     *     one (numbers, booleans, lists, maps)
     * @throws DocumentException naming the parameter: undeclared, required and missing, or not valid
     */
    public Map<String, JsonNode> bindParameters(Map<String, ?> values) throws DocumentException {
        return ParameterBinder.bind(document, toJson(values));
    }

    /**
     * This runbook reduced to one step, run alone with {@code inputPayload} as its {@code InputPayload}
     * (the command line's {@code --step NAME --payload JSON}): no retries, no jumps, no document outputs.
     * The payload replaces what parameters would fill in, so the result declares none; run it with an
     * empty map.
     *
     * @throws IllegalArgumentException if there is no such step or the payload is not a JSON object
     */
    public Runbook withOnlyStep(String stepName, JsonNode inputPayload) {
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(inputPayload, "inputPayload");
        StepSpec s = document.step(stepName);
        if (s == null) {
            throw new IllegalArgumentException("no step " + stepName + "; steps: " + String.join(", ", stepNames()));
        }
        if (!inputPayload.isObject()) {
            throw new IllegalArgumentException("inputPayload must be a JSON object: " + JsonText.write(inputPayload));
        }
        ObjectNode inputs = s.inputs().deepCopy();
        inputs.set("InputPayload", inputPayload.deepCopy());
        StepSpec only = new StepSpec(s.name(), s.action(), inputs, s.runtime(), s.outputs(), s.timeoutSeconds(), OnFailure.ABORT, null, true,
                null, 1, s.line(), s.index(), s.runtimeLine());
        return new Runbook(new AutomationDocument(document.path(), document.name(), document.description(), Map.of(),
                List.of(only), List.of(), document.files(), document.json()));
    }

    /** The parsed document, for the engine. */
    AutomationDocument document() {
        return document;
    }

    static Map<String, JsonNode> toJson(Map<String, ?> values) {
        Objects.requireNonNull(values, "parameters");
        Map<String, JsonNode> json = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("parameter " + name + " is null; leave it out to use its default");
            }
            json.put(name, switch (value) {
                case JsonNode node -> node;
                case String text -> JsonNodeFactory.instance.textNode(text);
                default -> JsonText.MAPPER.valueToTree(value);
            });
        });
        return json;
    }

    @Override
    public String toString() {
        return "Runbook{name=" + name() + ", path=" + path() + ", steps=" + stepNames() + "}";
    }
}
