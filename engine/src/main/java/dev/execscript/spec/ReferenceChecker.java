package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.text.Excerpt;
import java.util.Set;

/** Checks before anything runs that every {{ reference }} in step inputs names something that exists. */
final class ReferenceChecker {

    /** The Automation variables AWS documents; resolved locally by the runner. */
    static final Set<String> VARIABLES = Set.of(
            "global:ACCOUNT_ID", "global:REGION", "global:AWS_PARTITION", "global:DATE", "global:DATE_TIME",
            "automation:EXECUTION_ID", "automation:DOCUMENT_EXECUTION_ID");

    private final LocatedTree tree;
    private final AutomationDocument doc;

    ReferenceChecker(LocatedTree tree, AutomationDocument doc) {
        this.tree = tree;
        this.doc = doc;
    }

    void check() throws DocumentException {
        for (int i = 0; i < doc.steps().size(); i++) {
            StepSpec step = doc.steps().get(i);
            check(step.inputs(), "/mainSteps/" + i + "/inputs", step);
        }
    }

    private void check(JsonNode node, String pointer, StepSpec step) throws DocumentException {
        if (node.isTextual()) {
            for (String ref : Placeholders.references(node)) {
                String problem = problem(ref, step);
                if (problem != null) {
                    throw tree.error(pointer, "{{ " + Excerpt.of(ref) + " }}: " + problem);
                }
            }
        } else if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                check(e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), step);
            }
        } else if (node.isArray()) {
            for (int j = 0; j < node.size(); j++) {
                check(node.get(j), pointer + "/" + j, step);
            }
        }
    }

    private String problem(String ref, StepSpec current) {
        if (ref.contains(":")) {
            return VARIABLES.contains(ref) ? null : "unknown variable; known: " + String.join(", ", new java.util.TreeSet<>(VARIABLES));
        }
        int dot = ref.indexOf('.');
        if (dot < 0) {
            return doc.parameters().containsKey(ref) ? null
                    : "no parameter named '" + Excerpt.of(ref) + "'" + (doc.parameters().isEmpty() ? "" : "; declared: " + Excerpt.of(String.join(", ", doc.parameters().keySet()), 400));
        }
        String stepName = ref.substring(0, dot);
        StepSpec step = doc.step(stepName);
        if (step == null) {
            return "no step named '" + Excerpt.of(stepName) + "'";
        }
        if (step == current) {
            return "a step cannot read its own outputs";
        }
        String output = ref.substring(dot + 1);
        return hasOutput(step, output) ? null : "step '" + Excerpt.of(stepName) + "' has no output named '" + Excerpt.of(output) + "'";
    }

    /** Named outputs, plus OutputPayload which every aws:executeScript step has. */
    static boolean hasOutput(StepSpec step, String output) {
        if (step.isExecuteScript() && output.equals("OutputPayload")) {
            return true;
        }
        return step.outputs().stream().anyMatch(o -> o.name().equals(output));
    }
}
