package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link GraalPyRuntime#startEarly}: the command line's first context, prepared while it reads its arguments,
 * serves the first run only when that run's policy is the expected one, and is never shared with a second run.
 */
class EarlyStartTest {

    static final ScriptPolicy EXPECTED = ScriptPolicy.preset("strict");
    static final PythonScript COUNT = new PythonScript("""
            import sys
            runs = getattr(sys, '_early_start_runs', 0) + 1
            sys._early_start_runs = runs
            def handler(events, context):
                return runs
            """, "count.py", "handler");

    static ScriptOutcome run(GraalPyRuntime python, ScriptPolicy policy) {
        return python.run(new PythonInvocation(COUNT, "{}", "{}", Duration.ofSeconds(60), policy, line -> { }));
    }

    @Test
    void startEarly_firstRunUnderExpectedPolicy_takesThePreparedContextOnce() {
        GraalPyRuntime.startEarly(EXPECTED, "us-east-1");
        try (GraalPyRuntime python = GraalPyRuntime.create(null, "us-east-1")) {
            ScriptOutcome first = run(python, EXPECTED);
            ScriptOutcome second = run(python, EXPECTED);
            assertThat(first.status()).isEqualTo(StepStatus.Success);
            // Each run had a context of its own: module state never carries over.
            assertThat(first.payloadJson()).isEqualTo("1");
            assertThat(second.payloadJson()).isEqualTo("1");
            assertThat(python.firstContextRuns()).isEqualTo(1);
        }
    }

    @Test
    void startEarly_firstRunUnderAnotherPolicy_runsInANewContext() {
        GraalPyRuntime.startEarly(EXPECTED, "us-east-1");
        try (GraalPyRuntime python = GraalPyRuntime.create(null, "us-east-1")) {
            ScriptPolicy other = EXPECTED.toBuilder().maxOutputBytes(4096).build();
            ScriptOutcome r = run(python, other);
            assertThat(r.status()).isEqualTo(StepStatus.Success);
            assertThat(python.firstContextRuns()).isZero();
            // The unused context was closed, not kept for a later run under the expected policy.
            run(python, EXPECTED);
            assertThat(python.firstContextRuns()).isZero();
        }
    }

    @Test
    void create_otherRegionOrAPool_doesNotTakeTheEarlyRuntime() {
        GraalPyRuntime.startEarly(EXPECTED, "us-east-1");
        try (GraalPyRuntime python = GraalPyRuntime.create(null, "eu-west-1")) {
            assertThat(run(python, EXPECTED).status()).isEqualTo(StepStatus.Success);
            assertThat(python.firstContextRuns()).isZero();
        }
        GraalPyRuntime.startEarly(EXPECTED, "us-east-1");
        try (GraalPyRuntime python = GraalPyRuntime.create(EXPECTED, "us-east-1")) {
            assertThat(run(python, EXPECTED).status()).isEqualTo(StepStatus.Success);
            assertThat(python.firstContextRuns()).isZero();
        }
    }
}
