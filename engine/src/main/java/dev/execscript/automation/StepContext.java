package dev.execscript.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.answering.AwsAnswering;
import dev.execscript.document.DocumentException;
import dev.execscript.execution.StepExecution;
import dev.execscript.spec.AutomationDocument;
import dev.execscript.spec.Placeholders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The state of one execution that later steps read: parameters, variables and earlier outputs. */
final class StepContext {

    final AutomationDocument doc;
    final Map<String, JsonNode> parameters;
    final RunOptions options;
    /** Answers the execution's AWS calls; counts each declared answer's uses across its steps. */
    final AwsAnswering aws;
    private final Map<String, JsonNode> typedOutputs = new HashMap<>();
    private final Map<String, List<String>> awsOutputs = new HashMap<>();
    /** Attachments read and checked once per execution, however many steps or attempts use them. */
    private final Map<String, CheckedAttachment> attachments;

    StepContext(AutomationDocument doc, Map<String, JsonNode> parameters, RunOptions options,
            Map<String, CheckedAttachment> preparedAttachments) {
        this.doc = doc;
        this.attachments = new HashMap<>(preparedAttachments);
        this.parameters = parameters;
        this.options = options;
        this.aws = options.newAwsAnswering();
    }

    /** An attachment, from {@link ExecuteScriptAction#prepare} or read and checked on first use. */
    CheckedAttachment attachment(String name) throws DocumentException {
        CheckedAttachment attachment = attachments.get(name);
        if (attachment == null) {
            attachment = ExecuteScriptAction.attachment(doc, options, name);
            attachments.put(name, attachment);
        }
        return attachment;
    }

    void record(StepExecution step) {
        step.typedOutputs().forEach((name, value) -> typedOutputs.put(step.stepName() + "." + name, value));
        step.outputs().forEach((name, value) -> awsOutputs.put(step.stepName() + "." + name, value));
    }

    List<String> awsOutput(String reference) {
        return awsOutputs.get(reference);
    }

    /** Replaces every {{ reference }} in a step's inputs. */
    JsonNode resolve(JsonNode inputs) throws DocumentException {
        return Placeholders.substitute(inputs, this::lookup);
    }

    private JsonNode lookup(String ref) throws DocumentException {
        if (ref.contains(":")) {
            JsonNode v = options.variables().resolve(ref);
            if (v != null) {
                return v;
            }
            throw DocumentException.usage("{{ " + ref + " }} is not a known variable");
        }
        if (!ref.contains(".")) {
            JsonNode v = parameters.get(ref);
            if (v != null) {
                return v;
            }
            throw DocumentException.usage("{{ " + ref + " }}: parameter has no value");
        }
        JsonNode v = typedOutputs.get(ref);
        if (v != null) {
            return v;
        }
        throw DocumentException.usage("{{ " + ref + " }}: that step has not produced this output (it did not run or failed)");
    }
}
