package dev.execscript.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One entry of {@code mainSteps}. {@code inputs} is the raw (not yet interpolated) input map.
 * {@code runtime} is null for actions other than aws:executeScript.
 */
public record StepSpec(
        String name,
        String action,
        ObjectNode inputs,
        ScriptRuntime runtime,
        List<OutputSpec> outputs,
        Integer timeoutSeconds,
        String onFailure,
        Boolean isCritical,
        boolean isEnd,
        String nextStep,
        int maxAttempts,
        int line) {

    public static final String EXECUTE_SCRIPT = "aws:executeScript";

    public boolean isExecuteScript() {
        return EXECUTE_SCRIPT.equals(action);
    }
}
