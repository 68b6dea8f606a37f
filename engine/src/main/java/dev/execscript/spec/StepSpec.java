package dev.execscript.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One entry of {@code mainSteps}. {@code inputs} is the raw (not yet interpolated) input map.
 * {@code runtime} is null for actions other than aws:executeScript.
 *
 * @param line the line the step starts on
 * @param index the step's position in the file's {@code mainSteps}
 * @param runtimeLine the line of its {@code Runtime} input (the step's line when it has none)
 */
public record StepSpec(
        String name,
        String action,
        ObjectNode inputs,
        ScriptRuntime runtime,
        List<OutputSpec> outputs,
        Integer timeoutSeconds,
        OnFailure onFailure,
        Boolean isCritical,
        boolean isEnd,
        String nextStep,
        int maxAttempts,
        int line,
        int index,
        int runtimeLine) {

    public static final String EXECUTE_SCRIPT = "aws:executeScript";

    public StepSpec {
        java.util.Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Where the {@code Runtime} input is, as errors name a field: {@code mainSteps[0].inputs.Runtime}. */
    public String runtimeField() {
        return "mainSteps[" + index + "].inputs.Runtime";
    }

    /**
     * What to tell about this step's runtime when AWS no longer runs it or does not list it, e.g.
     * {@code step 'Echo' uses Runtime python3.8, which AWS no longer runs ...}; null when AWS runs it.
     */
    public String runtimeNote() {
        String problem = runtime == null ? null : runtime.awsProblem();
        return problem == null ? null : "step '" + name + "' uses Runtime " + problem;
    }

    public boolean isExecuteScript() {
        return EXECUTE_SCRIPT.equals(action);
    }
}
