package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The step's clock, on a ticker moved by hand: no sleeping, no wall-clock windows. */
class StepControlTest {

    /** A ticker for tests: time moves only when told to. */
    static final class FakeTicker implements Ticker {
        private long now = 1_000_000_000L;

        @Override
        public long read() {
            return now;
        }

        void advance(Duration d) {
            now += d.toNanos();
        }
    }

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void check_contextStillStarting_doesNotCountAgainstTheTimeout() {
        StepControl step = new StepControl(Duration.ofSeconds(1).toNanos(), ticker);
        ticker.advance(Duration.ofSeconds(10));
        step.check();

        assertThat(step.stopped()).isFalse();
        assertThat(step.start(new Object())).isTrue();
        ticker.advance(Duration.ofMillis(999));
        step.check();
        assertThat(step.stopped()).isFalse();

        ticker.advance(Duration.ofMillis(1));
        step.check();
        assertThat(step.stopped()).isTrue();
        assertThat(step.timedOut()).isTrue();
    }

    @Test
    void check_contextNeverStarts_stopsTheStepAtTheStartLimit() {
        StepControl step = new StepControl(Duration.ofSeconds(1).toNanos(), ticker);
        ticker.advance(Duration.ofNanos(StepControl.START_LIMIT_NANOS - 1));
        step.check();
        assertThat(step.stopped()).isFalse();

        ticker.advance(Duration.ofNanos(1));
        step.check();

        assertThat(step.stopped()).isTrue();
        assertThat(step.started()).isFalse();
        assertThat(step.start(new Object())).as("a stopped step never starts").isFalse();
    }

    @Test
    void waitUntil_afterStart_isTheDeadlinePlusGrace() {
        StepControl step = new StepControl(Duration.ofSeconds(3).toNanos(), ticker);
        ticker.advance(Duration.ofSeconds(5));
        long startedAt = ticker.read();
        step.start(new Object());

        assertThat(step.waitUntil(Duration.ofSeconds(2).toNanos())).isEqualTo(startedAt + Duration.ofSeconds(5).toNanos());
    }

    @Test
    void check_finishedStep_isNeverStopped() {
        StepControl step = new StepControl(Duration.ofSeconds(1).toNanos(), ticker);
        step.start(new Object());
        step.finish();
        ticker.advance(Duration.ofHours(1));
        step.check();

        assertThat(step.stopped()).isFalse();
    }
}
