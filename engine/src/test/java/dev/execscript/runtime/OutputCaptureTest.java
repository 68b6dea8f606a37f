package dev.execscript.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    @Property(tries = 300)
    void line_keptTextNeverExceedsTheCapAndIsAPrefix(
            @ForAll @Size(max = 30) List<@StringLength(max = 40) String> lines,
            @ForAll @IntRange(min = 0, max = 600) int cap) {
        List<String> live = new ArrayList<>();
        OutputCapture capture = new OutputCapture(cap, live::add);
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            capture.line(line);
            all.append(line).append('\n');
        }
        String marker = OutputCapture.marker(cap) + "\n";
        String text = capture.text();
        boolean over = OutputCapture.utf8Length(all) > cap;

        assertThat(capture.isCut()).isEqualTo(over);
        if (over) {
            assertThat(text).endsWith(marker);
            String kept = text.substring(0, text.length() - marker.length());
            assertThat(OutputCapture.utf8Length(kept)).isLessThanOrEqualTo(cap + 1L); // + the newline after a partial line
            assertThat(all.toString()).startsWith(kept.endsWith("\n") ? kept.substring(0, kept.length() - 1) : kept);
            assertThat(live.getLast()).isEqualTo(OutputCapture.marker(cap));
        } else {
            assertThat(text).isEqualTo(all.toString());
            assertThat(live).isEqualTo(lines);
        }
    }

    @Test
    void pump_splitsLfAndCrlfAndKeepsALastLineWithoutNewline() throws Exception {
        List<String> live = new ArrayList<>();
        OutputCapture capture = new OutputCapture(1000, live::add);
        capture.pump(new ByteArrayInputStream("one\r\ntwo\n\nthree ☃".getBytes(StandardCharsets.UTF_8)));
        assertThat(live).containsExactly("one", "two", "", "three ☃");
        assertThat(capture.text()).isEqualTo("one\ntwo\n\nthree ☃\n");
    }

    @Test
    void pump_splitsOverlongLinesWithoutBreakingSurrogatePairs() throws Exception {
        List<String> live = new ArrayList<>();
        OutputCapture capture = new OutputCapture(Integer.MAX_VALUE, live::add);
        String text = "a" + "😀".repeat(OutputCapture.MAX_LINE_CHARS);
        capture.pump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(live).hasSizeGreaterThan(1).allMatch(l -> l.length() <= OutputCapture.MAX_LINE_CHARS)
                .allMatch(l -> !Character.isHighSurrogate(l.charAt(l.length() - 1)));
        assertThat(String.join("", live)).isEqualTo(text);
    }

    @Test
    void note_isKeptPastTheCap() {
        OutputCapture capture = new OutputCapture(3, line -> { });
        capture.line("abcdef");
        capture.note("timed out");
        assertThat(capture.text()).isEqualTo("abc\n[execscript: output cut at 3 bytes]\n[execscript: timed out]\n");
    }

    @Test
    void prefixWithin_countsUtf8Bytes() {
        assertThat(OutputCapture.prefixWithin("aé☃😀", 1)).isEqualTo("a");
        assertThat(OutputCapture.prefixWithin("aé☃😀", 3)).isEqualTo("aé");
        assertThat(OutputCapture.prefixWithin("aé☃😀", 9)).isEqualTo("aé☃");
        assertThat(OutputCapture.prefixWithin("aé☃😀", 10)).isEqualTo("aé☃😀");
        assertThat(OutputCapture.utf8Length("aé☃😀")).isEqualTo(10);
    }

    @Test
    void describeExit_namesSignals() {
        assertThat(PowerShellRunner.describeExit(1)).isEqualTo("pwsh exited with code 1");
        assertThat(PowerShellRunner.describeExit(143)).isEqualTo("pwsh was killed by signal 15 (SIGTERM) (exit code 143)");
    }
}
