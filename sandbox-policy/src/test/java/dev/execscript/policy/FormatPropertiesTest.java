package dev.execscript.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the duration and size notations and of the range checks behind them. */
class FormatPropertiesTest {

    private static final Duration MAX_STEP = Duration.ofSeconds(600);

    @Provide
    Arbitrary<Duration> anyDuration() {
        // Mix of exact-unit values (formatted as h/m/s/ms) and arbitrary ones (formatted as ISO-8601).
        Arbitrary<Duration> millis = Arbitraries.longs().map(Duration::ofMillis);
        Arbitrary<Duration> any = Combinators.combine(
                        Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
                        Arbitraries.longs().between(0, 999_999_999))
                .as(Duration::ofSeconds);
        Arbitrary<Duration> extremes = Arbitraries.of(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                Duration.ofSeconds(Long.MIN_VALUE), Duration.ofNanos(1), Duration.ofNanos(-1), MAX_STEP);
        return Arbitraries.oneOf(millis, any, extremes);
    }

    @Property
    void duration_formatThenParse_givesSameDuration(@ForAll("anyDuration") Duration d) {
        assertThat(DurationFormat.parse(DurationFormat.format(d))).isEqualTo(d);
    }

    @Property
    void duration_numberWithUnit_parsesToThatMany(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long n,
                                                 @ForAll("durationUnit") String unit) {
        Duration expected = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        assertThat(DurationFormat.parse(n + unit)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> durationUnit() {
        return Arbitraries.of("ms", "s", "m", "h", "");
    }

    @Property
    void duration_outOfRange_rejectedByBuilderAndLoader(@ForAll("anyDuration") Duration d) {
        boolean inRange = !d.isNegative() && !d.isZero() && d.compareTo(MAX_STEP) <= 0;
        if (inRange) {
            assertThat(ScriptPolicy.builder().cpuTime(d).build().guestLimits().cpuTime()).isEqualTo(d);
            return;
        }
        assertThatThrownBy(() -> ScriptPolicy.builder().cpuTime(d))
                .isInstanceOf(PolicyException.class).hasMessageContaining("'cpuTime'");
        // Written in a file, the same value is refused with the file's line.
        String text = DurationFormat.format(d);
        assertThatThrownBy(() -> PolicyLoader.load(new StringReader("cpuTime: " + text), "p.yaml", Path.of("/")))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml line 1: ")
                .hasMessageContaining("'cpuTime' = " + text + " is out of range");
    }

    @Property
    void size_formatThenParse_givesSameSize(@ForAll long bytes) {
        assertThat(SizeFormat.parse(SizeFormat.format(bytes))).isEqualTo(bytes);
    }

    @Property
    void size_exactMultiplesOfAUnit_formattedWithThatUnit(@ForAll @IntRange(min = 1, max = 1023) int n,
                                                         @ForAll @IntRange(min = 0, max = 3) int power) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        long bytes = (long) n << (10 * (power + 1));
        assertThat(SizeFormat.format(bytes)).isEqualTo(n + units[power]);
        // Both spellings of a unit mean 1024-based.
        assertThat(SizeFormat.parse(n + units[power].replace("i", ""))).isEqualTo(bytes);
    }

    @Property
    void size_outOfRange_rejectedByBuilderAndLoader(@ForAll long bytes) {
        long min = 1024 * 1024;
        if (bytes >= min) {
            assertThat(ScriptPolicy.builder().maxAllocatedBytes(bytes).build().guestLimits().maxAllocatedBytes()).isEqualTo(bytes);
            return;
        }
        assertThatThrownBy(() -> ScriptPolicy.builder().maxAllocatedBytes(bytes))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'maxAllocatedBytes' = " + bytes + " ")
                .hasMessageContaining("at least 1MiB");
        assertThatThrownBy(() -> PolicyLoader.load(
                        new StringReader("maxAllocatedBytes: " + SizeFormat.format(bytes)), "p.yaml", Path.of("/")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("p.yaml line 1: ")
                .hasMessageContaining("'maxAllocatedBytes' = " + bytes + " is out of range");
    }

    @Property
    void count_outsideIntRange_rejectedNamingValueAsWritten(@ForAll @LongRange(min = 100_001) long depth) {
        // The loader must refuse before narrowing to int, or a huge value could wrap into range.
        assertThatThrownBy(() -> PolicyLoader.load(
                        new StringReader("maxRecursionDepth: " + depth), "p.yaml", Path.of("/")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'maxRecursionDepth' = " + depth + " is out of range; allowed: 50 to 100,000");
    }

    @Property
    void size_garbage_rejectedAsWrongForm(@ForAll("notASize") String text) {
        assertThatThrownBy(() -> SizeFormat.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> notASize() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.strip().matches("[+-]?\\d.*"));
    }
}
