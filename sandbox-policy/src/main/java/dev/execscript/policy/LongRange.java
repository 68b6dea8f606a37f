package dev.execscript.policy;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The allowed values of one whole-number setting. The builder and the file loader both check through
 * it, so a value is refused with the same message wherever it comes from.
 */
record LongRange(String setting, long min, long max, boolean bytes) {

    static LongRange count(String setting, long min, long max) {
        return new LongRange(setting, min, max, false);
    }

    static LongRange size(String setting, long min, long max) {
        return new LongRange(setting, min, max, true);
    }

    long check(long value) {
        if (value < min || value > max) {
            throw new PolicyException(setting, value, describe());
        }
        return value;
    }

    /** For file values that may not even fit a long: those are out of range, not malformed. */
    long check(BigInteger value) {
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new PolicyException(setting, value, describe());
        }
        return value.longValueExact();
    }

    String describe() {
        String low = show(min);
        return max == Long.MAX_VALUE ? "at least " + low : low + " to " + show(max);
    }

    private String show(long v) {
        return bytes ? SizeFormat.format(v) : String.format(Locale.ROOT, "%,d", v);
    }
}
