package dev.execscript.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated Automation document (schemaVersion 0.3). {@code path} is where it was read
 * from (null when it came from elsewhere); {@code name} is what results call it.
 */
public record AutomationDocument(
        Path path,
        String name,
        String description,
        Map<String, ParameterSpec> parameters,
        List<StepSpec> steps,
        List<String> outputs,
        Map<String, AttachmentSpec> files,
        boolean json) {

    public StepSpec step(String stepName) {
        for (StepSpec s : steps) {
            if (s.name().equals(stepName)) {
                return s;
            }
        }
        return null;
    }

    /** The directory attachments are looked up in by default. */
    public Path directory() {
        Path parent = path == null ? null : path.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
