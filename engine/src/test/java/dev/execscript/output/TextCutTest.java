package dev.execscript.output;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextCutTest {

    @Test
    void bounded_textWithinTheLimit_isUnchanged() {
        String text = "x".repeat(TextCut.MAX_TEXT_CHARS);
        assertThat(TextCut.bounded(text)).isSameAs(text);
        assertThat(TextCut.bounded(null)).isNull();
    }

    @Test
    void bounded_longerText_keepsItsHeadAndAMarkerWithinTheLimit() {
        String cut = TextCut.bounded("y".repeat(1_000_000));
        assertThat(cut).hasSizeLessThanOrEqualTo(TextCut.MAX_TEXT_CHARS).startsWith("yyy")
                .endsWith("y\n[execscript: cut at 65,536 characters of 1,000,000 (text limit)]");
    }

    @Test
    void head_ofALongerTextWhoseLengthIsUnknown_saysSo() {
        assertThat(TextCut.head("abcdefghijklmnopqrstuvwxyz".repeat(10), 100, -1))
                .endsWith("\n[execscript: cut at 100 characters (text limit)]").hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void head_neverSplitsASurrogatePair() {
        String cut = TextCut.head("😀".repeat(1000), 200, 2000);
        String kept = cut.substring(0, cut.indexOf('\n'));
        assertThat(kept).isNotEmpty();
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
        assertThat(kept.codePoints()).allMatch(c -> c == 0x1F600);
    }

    @Property(tries = 200)
    void head_isWithinTheLimitAndCuttingAgainChangesNothing(@ForAll @StringLength(max = 400) String text,
            @ForAll @IntRange(min = 80, max = 300) int max) {
        String once = TextCut.head(text, max, text.length());
        assertThat(once).hasSizeLessThanOrEqualTo(Math.max(max, 0));
        assertThat(TextCut.head(once, max, once.length())).isEqualTo(once);
        if (text.length() <= max) {
            assertThat(once).isEqualTo(text);
        } else {
            assertThat(text).startsWith(once.substring(0, once.lastIndexOf("\n[execscript: cut at")));
        }
    }
}
