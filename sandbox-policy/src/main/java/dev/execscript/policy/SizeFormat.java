package dev.execscript.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them in policy files: a bare number of bytes, or a number with a unit.
 * All units are 1024-based whatever their spelling: {@code KB} = {@code KiB} = 1024 bytes, {@code MB}
 * = {@code MiB} = 1024², {@code GB} = {@code GiB} = 1024³, {@code TB} = {@code TiB} = 1024⁴; {@code B}
 * is bytes. Units are case-insensitive; fractions are allowed when they give whole bytes
 * ({@code 0.5KB} = 512). Negative values parse so that the range check can name the allowed range.
 */
final class SizeFormat {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    static final String EXPECTED =
            "a size in bytes, or with a 1024-based unit such as 64KB, 512MB, 8GB (KiB, MiB, GiB also accepted)";

    private static final Pattern FORM =
            Pattern.compile("([+-]?\\d+(?:_\\d+)*(?:\\.\\d+)?)\\s*(b|[kmgt]i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"TiB", "GiB", "MiB", "KiB"};

    private SizeFormat() {
    }

    /**
     * Parses {@code text} to a number of bytes.
     *
     * @throws IllegalArgumentException if the text is not a size
     * @throws ArithmeticException if the value does not fit a {@code long}
     */
    static long parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'b' -> 0;
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> throw new IllegalStateException(unit);
        };
        BigDecimal number = new BigDecimal(m.group(1).replace("_", ""));
        BigDecimal bytes = number.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift)));
        BigInteger exact;
        try {
            exact = bytes.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes", e);
        }
        return exact.longValueExact();
    }

    /** The shortest exact text {@link #parse} reads back to {@code bytes}, e.g. {@code 8GiB}, {@code 1000B}. */
    static String format(long bytes) {
        if (bytes != 0) {
            for (int i = 0; i < UNITS.length; i++) {
                int shift = 10 * (UNITS.length - i);
                if (bytes % (1L << shift) == 0) {
                    return (bytes >> shift) + UNITS[i];
                }
            }
        }
        return bytes + "B";
    }
}
