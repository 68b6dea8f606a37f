package dev.execscript.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in policy files: {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * a bare number of seconds ({@code 30}, {@code 0.5}), or ISO-8601 ({@code PT30S}); {@code _} may group digits. Units are
 * case-insensitive. Negative values parse, so that the range check, not the parser, rejects them
 * with a message that names the allowed range.
 */
final class DurationFormat {

    static final String EXPECTED = "a duration such as 250ms, 30s, 2m, 1h or a bare number of seconds";

    private static final Pattern FORM =
            Pattern.compile("([+-]?\\d+(?:_\\d+)*(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO = Pattern.compile("[+-]?[pP].*");
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private DurationFormat() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if the text has none of the accepted forms
     * @throws ArithmeticException if the value is too large for a {@link Duration}
     */
    static Duration parse(String text) {
        String t = text.strip();
        if (ISO.matcher(t).matches()) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED, e);
            }
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        long unitNanos = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException(unit);
        };
        BigDecimal nanos = new BigDecimal(m.group(1).replace("_", "")).multiply(BigDecimal.valueOf(unitNanos));
        BigInteger exact;
        try {
            exact = nanos.toBigIntegerExact();
        } catch (ArithmeticException e) {
            // A fraction of a nanosecond is a typo, not a value too large: report it as a form error.
            throw new IllegalArgumentException("'" + text + "' is finer than a nanosecond", e);
        }
        BigInteger[] secondsAndNanos = exact.divideAndRemainder(NANOS_PER_SECOND);
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
    }

    /**
     * The shortest exact text {@link #parse} reads back to {@code d}: the largest of h, m, s, ms that
     * divides it, else ISO-8601 (sub-millisecond or huge values).
     */
    static String format(Duration d) {
        if (d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            return d.toString();
        }
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
