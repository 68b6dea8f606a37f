package dev.execscript.python;

import dev.execscript.output.OutputCapture;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.graalvm.polyglot.PolyglotException;

/**
 * How a run that was stopped before its handler returned is reported: which of the step's deadline, a
 * resource watch or GraalVM's statement limit stopped it (in that order: the deadline is what the user set
 * on the step), as the outcome the step shows.
 */
final class StoppedRun {

    private StoppedRun() {
    }

    /** The run was stopped; {@code e} is what the guest threw, null when the run did not unwind. */
    static ScriptOutcome outcome(PythonInvocation invocation, StepControl control, PolyglotException e, OutputCapture output,
            long start) {
        if (control.timedOut()) {
            return timedOut(invocation, control, output, start);
        }
        ResourceWatch.Exceeded exceeded = control.exceeded();
        if (exceeded != null) {
            return limit(exceeded, output, start);
        }
        String limit = String.format(Locale.ROOT, "%,d", invocation.policy().guestLimits().maxStatements());
        if (e == null || e.isResourceExhausted()) {
            return ScriptOutcome.limitReached("maxStatements", limit, "more than " + limit,
                    "statement limit " + limit + " reached (policy maxStatements)", output.text(), since(start));
        }
        return ScriptOutcome.failed(FailureType.Action, "the script was cancelled: " + e.getMessage(), Map.of(), output.text(),
                since(start));
    }

    /** A resource watch found a limit passed. */
    static ScriptOutcome limit(ResourceWatch.Exceeded exceeded, OutputCapture output, long start) {
        return ScriptOutcome.limitReached(exceeded.limit(), exceeded.value(), exceeded.used(), exceeded.message(), output.text(),
                since(start));
    }

    /** The step's deadline passed: before the context started (an engine problem), or while the script ran. */
    static ScriptOutcome timedOut(PythonInvocation invocation, StepControl control, OutputCapture output, long start) {
        if (!control.started()) {
            return ScriptOutcome.failed(FailureType.Action, "the script's Python context did not start within "
                    + seconds(Duration.ofNanos(StepControl.START_LIMIT_NANOS)), Map.of(), output.text(), since(start));
        }
        return ScriptOutcome.timedOut("the step timed out after " + seconds(invocation.timeout())
                + " (timeoutSeconds); the script was stopped", output.text(), since(start));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
