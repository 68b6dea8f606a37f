package dev.execscript.automation;

import dev.execscript.execution.ExecutionJson;
import dev.execscript.execution.StepExecution;
import dev.execscript.output.TextCut;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The size limit of one execution's result, whatever its scripts do: a loop through {@code nextStep}
 * whose steps each print, return or echo a lot would otherwise grow the result (and the memory holding
 * it) with every step. Steps are counted as they are recorded, by the size of their JSON as the CLI prints
 * it. The step that does not fit is recorded without its inputs, outputs and script output, with a marker,
 * and no further step runs (see {@link AutomationRunner}). Not thread-safe: one per execution.
 */
public final class ResultBudget {

    /** The most bytes the steps and outputs of one execution take in its JSON result. */
    public static final long MAX_RESULT_BYTES = 16L * 1024 * 1024;

    /** Of a step that no longer fits, the failure message keeps at most this many characters of its first line. */
    static final int SUMMARY_MESSAGE_CHARS = 1024;

    /**
     * Counted as used from the start: the execution's own fields and the summary of the step that did not
     * fit, so that the whole result (but the parameters as given) stays within {@link #MAX_RESULT_BYTES}.
     */
    static final int RESERVE_BYTES = 8 * 1024;

    private long used = RESERVE_BYTES;
    private boolean exhausted;

    /** Whether a step was cut short for lack of room: no further step should run. */
    boolean exhausted() {
        return exhausted;
    }

    static String marker() {
        return String.format(Locale.ROOT, "[execscript: left out: the execution's result reached its limit of %,d bytes]",
                MAX_RESULT_BYTES);
    }

    /** The step as it goes into the result: itself when it fits, else a summary of it. */
    StepExecution fit(StepExecution step) {
        long size = ExecutionJson.stepSize(step);
        if (!exhausted && used + size <= MAX_RESULT_BYTES) {
            used += size;
            return step;
        }
        exhausted = true;
        String first = step.failureMessage() == null ? null : AutomationRunner.firstLine(step.failureMessage());
        String message = first == null ? null : TextCut.head(first, SUMMARY_MESSAGE_CHARS, first.length());
        StepExecution summary = step.summarized(message, marker());
        used += ExecutionJson.stepSize(summary);
        return summary;
    }

    /** The execution's outputs as they go into the result: themselves when they fit, else each value a marker. */
    Map<String, List<String>> fitOutputs(Map<String, List<String>> outputs) {
        long size = ExecutionJson.outputsSize(outputs);
        if (used + size <= MAX_RESULT_BYTES) {
            used += size;
            return outputs;
        }
        Map<String, List<String>> left = new LinkedHashMap<>();
        outputs.keySet().forEach(name -> left.put(name, List.of(marker())));
        return left;
    }

}
