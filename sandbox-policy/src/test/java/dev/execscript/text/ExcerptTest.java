package dev.execscript.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void of_plainShortText_isUnchanged() {
        assertThat(Excerpt.of("python3.11 é ✓ 😀")).isEqualTo("python3.11 é ✓ 😀");
    }

    @Test
    void of_controlAndInvisibleCharacters_areEscaped() {
        assertThat(Excerpt.of("a\nb\tc\rd\u001b[2Je\u007f\u009bf\u202eg\u200bh\u2028i"))
                .isEqualTo("a\\nb\\tc\\rd\\u001B[2Je\\u007F\\u009Bf\\u202Eg\\u200Bh\\u2028i");
    }

    @Test
    void of_longText_isCutNamingItsLength() {
        String cut = Excerpt.of("x".repeat(1_000_000));
        assertThat(cut).isEqualTo("x".repeat(Excerpt.MAX_CHARS) + "... (1000000 characters)");
        assertThat(Excerpt.of("y".repeat(500), 400)).startsWith("y".repeat(400) + "...").endsWith("(500 characters)");
    }

    @Test
    void of_cutInsideASurrogatePair_keepsThePairWhole() {
        String text = "x".repeat(Excerpt.MAX_CHARS - 1) + "😀" + "tail";
        String cut = Excerpt.of(text);
        assertThat(cut).startsWith("x".repeat(Excerpt.MAX_CHARS - 1) + "...");
        assertThat(cut.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }
}
