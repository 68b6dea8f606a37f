package dev.execscript.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.document.DocumentException;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.execution.StepExecution;
import dev.execscript.python.PythonRunner;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.AutomationDocument;
import dev.execscript.spec.OnFailure;
import dev.execscript.spec.StepSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a document's steps in order, following {@code onFailure}, {@code isEnd}, {@code nextStep} and
 * {@code maxAttempts}, and assembles the AWS-shaped execution result. Thread-safe: each call keeps its
 * own state; the Python runtime is shared.
 */
public final class AutomationRunner {

    /** Guards against nextStep/onFailure loops that would never end. */
    static final int MAX_STEP_EXECUTIONS = 1000;

    private final ExecuteScriptAction executeScript;

    public AutomationRunner(PythonRunner python) {
        this.executeScript = new ExecuteScriptAction(python);
    }

    /**
     * Checks what can only be checked against the local disk (attachments and their checksums) so that
     * such input errors stop the run before any step executes.
     */
    public void prepare(AutomationDocument doc, RunOptions options) throws DocumentException {
        executeScript.prepare(doc, options);
    }

    /**
     * Runs the document; its attachments are read and checked first, once (as {@link #prepare} does).
     *
     * @throws DocumentException if an attachment is missing, has the wrong checksum or is a hostile archive
     */
    public AutomationExecution run(AutomationDocument doc, Map<String, JsonNode> parameters, RunOptions options)
            throws DocumentException {
        Map<String, CheckedAttachment> attachments = executeScript.prepare(doc, options);
        Instant start = Instant.now();
        StepContext context = new StepContext(doc, parameters, options, attachments);
        List<StepExecution> executed = new ArrayList<>();
        ResultBudget budget = new ResultBudget();
        StepStatus overall = StepStatus.Success;
        String failureMessage = null;
        int index = 0;
        while (index >= 0 && index < doc.steps().size()) {
            if (executed.size() >= MAX_STEP_EXECUTIONS) {
                overall = StepStatus.Failed;
                failureMessage = "more than " + MAX_STEP_EXECUTIONS + " step executions; nextStep/onFailure form a loop";
                break;
            }
            if (budget.exhausted()) {
                overall = StepStatus.Failed;
                failureMessage = String.format(Locale.ROOT, "the execution's result reached its limit of %,d bytes;"
                        + " no further step was run", ResultBudget.MAX_RESULT_BYTES);
                break;
            }
            StepSpec step = doc.steps().get(index);
            StepExecution result = runWithAttempts(step, context);
            // Later steps read the step's outputs in full; the result keeps what fits in its budget.
            context.record(result);
            executed.add(budget.fit(result));
            if (result.succeeded()) {
                if (step.isEnd()) {
                    break;
                }
                index = step.nextStep() != null ? indexOf(doc, step.nextStep()) : index + 1;
                continue;
            }
            OnFailure onFailure = step.onFailure();
            if (onFailure instanceof OnFailure.Abort) {
                overall = result.status();
                failureMessage = "Step " + step.name() + " " + describe(result.status()) + ": " + firstLine(result.failureMessage());
                break;
            }
            // The run goes on; the execution still ends Failed if the step is critical (AWS: isCritical
            // defaults to false with onFailure Continue, to true otherwise).
            boolean critical = step.isCritical() != null ? step.isCritical() : onFailure.criticalByDefault();
            if (critical && overall == StepStatus.Success) {
                overall = StepStatus.Failed;
                failureMessage = "Step " + step.name() + " (critical) " + describe(result.status()) + ": "
                        + firstLine(result.failureMessage());
            }
            if (step.isEnd()) {
                break;
            }
            index = onFailure instanceof OnFailure.GoTo(String target) ? indexOf(doc, target) : index + 1;
        }
        return new AutomationExecution(options.variables().executionId(), doc.name(), overall, start, Instant.now(),
                parameters, List.copyOf(executed), budget.fitOutputs(documentOutputs(doc, context)), failureMessage);
    }

    private StepExecution runWithAttempts(StepSpec step, StepContext context) {
        StepExecution result = null;
        List<AwsCall> earlierCalls = new ArrayList<>();
        for (int attempt = 1; attempt <= step.maxAttempts(); attempt++) {
            result = runOnce(step, context, attempt);
            if (!earlierCalls.isEmpty()) {
                // Every attempt's calls reached the account: the step shows them all, in order.
                List<AwsCall> all = new ArrayList<>(earlierCalls);
                all.addAll(result.awsCalls());
                result = result.withAwsCalls(all);
            }
            if (result.succeeded()) {
                break;
            }
            earlierCalls = new ArrayList<>(result.awsCalls());
        }
        return result;
    }

    private StepExecution runOnce(StepSpec step, StepContext context, int attempt) {
        if (!step.isExecuteScript()) {
            Instant now = Instant.now();
            return StepExecution.failed(new StepExecution.Attempt(step.name(), step.action(), now, now, step.inputs(), attempt),
                    "Verification", FailureType.Unsupported,
                    "action not supported: " + step.action() + " (execscript runs aws:executeScript steps only)", Map.of(), null);
        }
        StepExecution result = executeScript.run(step, context, attempt);
        String problem = step.runtime().awsProblem();
        // A runtime AWS no longer runs still runs here (as execscript's Python or pwsh); the result says so.
        return problem == null ? result : result.withNotes(List.of("Runtime " + problem));
    }

    private static Map<String, List<String>> documentOutputs(AutomationDocument doc, StepContext context) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String ref : doc.outputs()) {
            List<String> value = context.awsOutput(ref);
            if (value != null) {
                out.put(ref, value);
            }
        }
        return out;
    }

    private static int indexOf(AutomationDocument doc, String name) {
        for (int i = 0; i < doc.steps().size(); i++) {
            if (doc.steps().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(StepStatus s) {
        return switch (s) {
            case TimedOut -> "timed out";
            case Cancelled -> "was cancelled";
            default -> "failed";
        };
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
