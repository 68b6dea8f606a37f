package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.spec.JsonText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The full results of runbook tests as JSON: per case its file, name, line, outcome, seconds, the mismatches
 * ({@code Path}, {@code Expected}, {@code Actual}, {@code Detail}), the error, and the whole execution as
 * {@code aws ssm get-automation-execution} prints it; then the counts.
 */
public final class ResultsJson {

    private ResultsJson() {
    }

    public static ObjectNode toJson(List<CaseResult> results) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode cases = root.putArray("Cases");
        int passed = 0;
        int failed = 0;
        int errors = 0;
        for (CaseResult r : results) {
            ObjectNode c = cases.addObject();
            c.put("File", r.file().toString());
            c.put("Name", r.name());
            c.put("Line", r.line());
            c.put("Outcome", r.outcome().name());
            c.put("Seconds", r.elapsed().toNanos() / 1e9);
            ArrayNode mismatches = c.putArray("Mismatches");
            for (Mismatch m : r.mismatches()) {
                ObjectNode o = mismatches.addObject();
                o.put("Path", m.path());
                o.put("Expected", m.expected());
                o.put("Actual", m.actual());
                if (!m.detail().isEmpty()) {
                    o.put("Detail", m.detail());
                }
            }
            if (r.error() != null) {
                c.put("Error", r.error());
            }
            if (r.execution() != null) {
                c.set("AutomationExecution", r.execution().toJsonTree().get("AutomationExecution"));
            }
            switch (r.outcome()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case ERROR -> errors++;
            }
        }
        ObjectNode summary = root.putObject("Summary");
        summary.put("Cases", results.size());
        summary.put("Passed", passed);
        summary.put("Failed", failed);
        summary.put("Errors", errors);
        return root;
    }

    /** Writes {@link #toJson} to {@code file}, indented. */
    public static void write(List<CaseResult> results, Path file) throws IOException {
        // Bytes, not a String: Jackson's UTF-8 writer escapes a lone surrogate a script returned.
        byte[] json = JsonText.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(results));
        try (var out = Files.newOutputStream(file)) {
            out.write(json);
            out.write('\n');
        }
    }
}
