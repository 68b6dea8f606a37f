package dev.execscript.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Python's float repr, checked against CPython 3.11's own output and against round-tripping. */
class PythonFloatFormatTest {

    @Test
    void repr_smallestSubnormals_shortestAsCPython() {
        // CPython 3.11: [repr(k * 5e-324) for k in range(1, 13)]
        String[] cpython = {"5e-324", "1e-323", "1.5e-323", "2e-323", "2.5e-323", "3e-323", "3.5e-323", "4e-323",
                "4.4e-323", "5e-323", "5.4e-323", "6e-323"};
        for (int k = 1; k <= cpython.length; k++) {
            assertThat(PythonFloatFormat.repr(k * Double.MIN_VALUE)).as("%d * MIN_VALUE", k).isEqualTo(cpython[k - 1]);
            assertThat(PythonFloatFormat.repr(-k * Double.MIN_VALUE)).isEqualTo("-" + cpython[k - 1]);
        }
    }

    @Test
    void repr_layoutAsCPython() {
        assertThat(PythonFloatFormat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PythonFloatFormat.repr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PythonFloatFormat.repr(1e-5)).isEqualTo("1e-05");
        assertThat(PythonFloatFormat.repr(1e-4)).isEqualTo("0.0001");
        assertThat(PythonFloatFormat.repr(-0.0)).isEqualTo("-0.0");
        assertThat(PythonFloatFormat.repr(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(PythonFloatFormat.repr(9.5)).isEqualTo("9.5");
        assertThat(PythonFloatFormat.repr(1e23)).isEqualTo("1e+23");
    }

    /** The text reads back as the same double, with no more digits than Java's shortest (at least two) form. */
    @Property(tries = 2000)
    void repr_readsBackAndIsNoLongerThanJava(@ForAll("finiteDoubles") double d) {
        String text = PythonFloatFormat.repr(d);
        assertThat(Double.parseDouble(text)).isEqualTo(d);
        int digits = new BigDecimal(text).stripTrailingZeros().precision();
        int javaDigits = new BigDecimal(Double.toString(d)).stripTrailingZeros().precision();
        assertThat(digits).isLessThanOrEqualTo(javaDigits);
    }

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.longs().between(1, 1000).map(Double::longBitsToDouble),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3));
    }
}
