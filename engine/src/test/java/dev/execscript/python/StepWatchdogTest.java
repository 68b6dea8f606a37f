package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one sweeping thread that replaced a deadline and a meter scheduled per run. */
class StepWatchdogTest {

    private final StepWatchdog watchdog = new StepWatchdog();

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void sweep_stepPastItsDeadline_isStoppedAsTimedOut() {
        StepControl step = running(Duration.ofMillis(30).toNanos());
        watchdog.watch(step);

        assertThat(within(Duration.ofSeconds(5), step::stopped)).isTrue();
        assertThat(step.timedOut()).isTrue();
        assertThat(step.exceeded()).isNull();
    }

    @Test
    void sweep_manyStepsAtOnce_stopsEveryOne() {
        List<StepControl> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StepControl step = running(Duration.ofMillis(10 + i % 50).toNanos());
            steps.add(step);
            watchdog.watch(step);
        }

        assertThat(within(Duration.ofSeconds(5), () -> steps.stream().allMatch(StepControl::stopped))).isTrue();
    }

    @Test
    void sweep_releasedStep_isLeftAlone() throws InterruptedException {
        StepControl step = running(Duration.ofMillis(20).toNanos());
        watchdog.watch(step);
        watchdog.release(step);

        Thread.sleep(10 * StepWatchdog.PERIOD_MILLIS);

        assertThat(step.stopped()).isFalse();
    }

    /** Regression guard: the sweep stops while no step runs and must start again for the next one. */
    @Test
    void sweep_afterIdlePeriod_watchesTheNextStep() throws InterruptedException {
        StepControl first = running(Duration.ofSeconds(60).toNanos());
        watchdog.watch(first);
        watchdog.release(first);
        Thread.sleep(10 * StepWatchdog.PERIOD_MILLIS);

        StepControl next = running(Duration.ofMillis(30).toNanos());
        watchdog.watch(next);

        assertThat(within(Duration.ofSeconds(5), next::stopped)).isTrue();
        assertThat(first.stopped()).isFalse();
    }

    @Test
    void sweep_stepOverItsCpuBudget_isStoppedWithTheLimitNamed() {
        StepControl step = running(Duration.ofSeconds(60).toNanos());
        // The meter watches the thread that creates it: this one, which then burns CPU.
        step.meter(new ResourceWatch(ScriptPolicy.builder().cpuTime(Duration.ofMillis(50)).build()));
        watchdog.watch(step);

        boolean stopped = within(Duration.ofSeconds(10), () -> {
            long until = System.nanoTime() + 1_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return step.stopped();
        });

        assertThat(stopped).isTrue();
        assertThat(step.timedOut()).isFalse();
        assertThat(step.exceeded().limit()).isEqualTo("cpuTime");
    }

    @Test
    void sweep_finishedStep_isNotStopped() throws InterruptedException {
        StepControl step = running(Duration.ofMillis(20).toNanos());
        watchdog.watch(step);
        step.finish();

        Thread.sleep(10 * StepWatchdog.PERIOD_MILLIS);

        assertThat(step.stopped()).isFalse();
    }

    /** A step whose script has started: its deadline counts from now. */
    private static StepControl running(long timeoutNanos) {
        StepControl step = new StepControl(timeoutNanos);
        step.start(new Object());
        return step;
    }

    private static boolean within(Duration limit, BooleanSupplier condition) {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return condition.getAsBoolean();
    }
}
