package dev.execscript.runbooktest;

import dev.execscript.execution.AutomationExecution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one runbook test case went.
 *
 * @param file the case file
 * @param name the case's name
 * @param line the line of the case in its file
 * @param outcome passed, failed (an expectation was not met) or error (the case could not run)
 * @param mismatches the expectations not met, in the order the case states them; empty unless failed
 * @param error why the case could not run; null unless error
 * @param execution the execution the case checked; null when it could not run
 * @param elapsed how long the run and its checks took
 */
public record CaseResult(Path file, String name, int line, Outcome outcome, List<Mismatch> mismatches, String error,
        AutomationExecution execution, Duration elapsed) {

    /** What became of a case. */
    public enum Outcome { PASSED, FAILED, ERROR }

    public CaseResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    /** What differed, one mismatch after another (or the error); empty when the case passed. */
    public String report() {
        if (outcome == Outcome.ERROR) {
            return error;
        }
        StringBuilder sb = new StringBuilder();
        for (Mismatch m : mismatches) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(m.text());
        }
        return sb.toString();
    }

    /** {@code file > name}, as the command line and reports name a case. */
    public String title() {
        return file + " > " + name;
    }
}
