package dev.execscript.payload;

import java.math.BigDecimal;

/**
 * Formats a finite double as Python's {@code float.__repr__} does (which is what {@code json.dumps} writes):
 * the shortest round-tripping digits, fixed notation for exponents -4..15, otherwise {@code 1e+16} style.
 * Java's {@link Double#toString} already yields the shortest digits; only the layout differs.
 */
final class PythonFloatFormat {

    private PythonFloatFormat() {
    }

    static String repr(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not finite: " + d);
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
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
