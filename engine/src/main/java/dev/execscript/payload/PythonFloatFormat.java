package dev.execscript.payload;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a finite double as Python's {@code float.__repr__} does (which is what {@code json.dumps} writes):
 * the shortest round-tripping digits, fixed notation for exponents -4..15, otherwise {@code 1e+16} style.
 * Java's {@link Double#toString} already yields the shortest digits; only the layout differs.
 */
final class PythonFloatFormat {

    private PythonFloatFormat() {
    }

    /**
     * {@link Double#toString} gives at least two digits, the two-digit decimal closest to the value; Python
     * gives the shortest that reads back as the same double. They differ only for the smallest subnormals:
     * Java writes 4.9E-324 where Python writes 5e-324.
     */
    private static BigDecimal oneDigitIfExact(BigDecimal twoDigits, double abs) {
        BigDecimal down = twoDigits.round(new MathContext(1, RoundingMode.FLOOR));
        BigDecimal up = twoDigits.round(new MathContext(1, RoundingMode.CEILING));
        boolean downReadsBack = Double.parseDouble(down.toString()) == abs;
        boolean upReadsBack = Double.parseDouble(up.toString()) == abs;
        if (downReadsBack && upReadsBack) { // both: the closer one, as Python's repr picks
            BigDecimal exact = new BigDecimal(abs);
            return exact.subtract(down).compareTo(up.subtract(exact)) <= 0 ? down : up;
        }
        return downReadsBack ? down : upReadsBack ? up : twoDigits;
    }

    static String repr(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not finite: " + d);
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        if (shortest.precision() == 2) {
            shortest = oneDigitIfExact(shortest, Math.abs(d));
        }
        String digits = shortest.unscaledValue().toString();
        // value = 0.<digits> * 10^decpt, as CPython's float_repr counts it
        int decpt = digits.length() - shortest.scale();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (d < 0) {
            out.append('-');
        }
        if (decpt > 16 || decpt < -3) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exponent = decpt - 1;
            out.append(exponent < 0 ? "e-" : "e+");
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        } else if (decpt <= 0) {
            out.append("0.").repeat('0', -decpt).append(digits);
        } else if (decpt >= digits.length()) {
            out.append(digits).repeat('0', decpt - digits.length()).append(".0");
        } else {
            out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return out.toString();
    }
}
