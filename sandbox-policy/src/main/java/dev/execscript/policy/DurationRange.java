package dev.execscript.policy;

import java.time.Duration;
import java.util.Objects;

/** The allowed values of a duration setting: more than zero and at most {@code max}. */
record DurationRange(String setting, Duration max) {

    Duration check(Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new PolicyException(setting, DurationFormat.format(value), describe());
        }
        return value;
    }

    String describe() {
        return "more than 0s and at most " + DurationFormat.format(max);
    }
}
