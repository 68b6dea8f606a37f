package dev.execscript.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escape_plainTextTabsAndNewlines_areUnchanged() {
        String text = "Grüße ☃ 日本 😀\tcolumn\nnext line \\x1b stays as typed";
        assertThat(TerminalText.escape(text)).isSameAs(text);
    }

    @Test
    void escape_escapeSequencesAndC0Controls_areShownAsHex() {
        assertThat(TerminalText.escape("\u001b[31mred\u001b[0m")).isEqualTo("\\x1b[31mred\\x1b[0m");
        assertThat(TerminalText.escape("\u001b]52;c;aGVsbG8=\u0007")).isEqualTo("\\x1b]52;c;aGVsbG8=\\x07");
        assertThat(TerminalText.escape("done\r[Step] forged")).isEqualTo("done\\x0d[Step] forged");
        assertThat(TerminalText.escape("nul\u0000 bs\b ff\f vt\u000b del\u007f")).isEqualTo("nul\\x00 bs\\x08 ff\\x0c vt\\x0b del\\x7f");
    }

    @Test
    void escape_c1ControlsAndBidiOverrides_areEscaped() {
        assertThat(TerminalText.escape("csi\u009b2J nel\u0085")).isEqualTo("csi\\x9b2J nel\\x85");
        assertThat(TerminalText.escape("abc\u202edef\u2066x\u2069\u200f\u061c\u2028"))
                .isEqualTo("abc\\u202edef\\u2066x\\u2069\\u200f\\u061c\\u2028");
    }
}
