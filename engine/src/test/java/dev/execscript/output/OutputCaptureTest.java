package dev.execscript.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
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

    private final List<String> live = new ArrayList<>();

    private static long liveBytes(List<String> lines) {
        return lines.stream().mapToLong(l -> OutputCapture.utf8Length(l) + 1).sum();
    }

    @Property(tries = 300)
    void stream_keptTextIsAPrefixWithinTheCapAndLiveSeesExactlyIt(
            @ForAll @Size(max = 30) List<@StringLength(max = 40) String> lines,
            @ForAll @IntRange(min = 0, max = 600) int cap) throws Exception {
        List<String> seen = new ArrayList<>();
        OutputCapture capture = new OutputCapture(cap, seen::add);
        OutputStream out = capture.stream();
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            String clean = line.replace('\n', ' ').replace('\r', ' ');
            out.write((clean + "\n").getBytes(StandardCharsets.UTF_8));
            all.append(clean).append('\n');
        }
        String text = capture.text();
        boolean over = OutputCapture.utf8Length(all) > cap;

        assertThat(capture.wasCut()).isEqualTo(over);
        if (!over) {
            assertThat(text).isEqualTo(all.toString());
            assertThat(String.join("", seen.stream().map(l -> l + "\n").toList())).isEqualTo(text);
            return;
        }
        String marker = OutputCapture.marker(cap);
        int at = text.indexOf(marker.substring(0, marker.length() - 1));
        assertThat(at).isNotNegative();
        String kept = text.substring(0, at);
        assertThat(OutputCapture.utf8Length(kept)).isLessThanOrEqualTo(cap);
        // What was kept is what was printed, up to the cut (a cut line keeps its head).
        assertThat(all.toString()).startsWith(kept.isEmpty() ? "" : kept.substring(0, kept.length() - 1));
        assertThat(seen.getLast()).isEqualTo(marker);
        assertThat(seen.subList(0, seen.size() - 1).stream().map(l -> l + "\n").reduce("", String::concat)).isEqualTo(kept);
    }

    @Test
    void stream_afterTheCut_forwardsNothingMoreAndCountsWhatWasPrinted() throws Exception {
        OutputCapture capture = new OutputCapture(100, live::add);
        OutputStream out = capture.stream();
        for (int i = 0; i < 10_000; i++) {
            out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(liveBytes(live)).isLessThanOrEqualTo(100 + OutputCapture.marker(100).length() + 1);
        assertThat(live).filteredOn(l -> l.startsWith("[execscript: output cut")).containsExactly(OutputCapture.marker(100));
        assertThat(capture.text())
                .endsWith("[execscript: output cut at 100 bytes (policy maxOutputBytes); 98890 bytes were printed in all]\n");
    }

    @Test
    void stream_textWithoutNewlines_isCutIntoBoundedLinesAndCapped() throws Exception {
        OutputCapture capture = new OutputCapture(50_000, live::add);
        OutputStream out = capture.stream();
        byte[] chunk = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            out.write(chunk);
        }
        assertThat(live).allMatch(l -> OutputCapture.utf8Length(l) <= OutputCapture.MAX_LINE_BYTES);
        assertThat(liveBytes(live)).isLessThanOrEqualTo(50_000 + OutputCapture.marker(50_000).length() + 1);
        assertThat(OutputCapture.utf8Length(capture.text())).isLessThan(50_000 + 200);
        assertThat(capture.wasCut()).isTrue();
    }

    @Test
    void stream_longLinesOfMultiByteCharacters_areNeverCutInsideACharacter() throws Exception {
        // 1-, 2-, 3- and 4-byte characters, so that piece boundaries fall inside every kind of sequence.
        String text = "a" + "é☃😀".repeat(3 * OutputCapture.MAX_LINE_BYTES / 9);
        OutputCapture capture = new OutputCapture(Integer.MAX_VALUE, live::add);
        OutputStream out = capture.stream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 1000) {
            out.write(bytes, i, Math.min(1000, bytes.length - i));
        }
        capture.text();
        assertThat(live).hasSizeGreaterThan(2)
                .allMatch(l -> OutputCapture.utf8Length(l) <= OutputCapture.MAX_LINE_BYTES)
                .allMatch(l -> !l.contains("\uFFFD"));
        assertThat(String.join("", live)).isEqualTo(text);
    }

    @Test
    void stream_cutInsideALine_keepsAWholeCharacterHead() throws Exception {
        OutputCapture capture = new OutputCapture(6, live::add);
        capture.stream().write("ab😀cd\n".getBytes(StandardCharsets.UTF_8));
        // 6 bytes: "ab" and the 4-byte emoji would be 6 without the newline; a line needs its newline too.
        assertThat(live.getFirst()).isEqualTo("ab");
        assertThat(capture.text()).startsWith("ab\n[execscript: output cut at 6 bytes");
    }

    @Test
    void stream_invalidUtf8_becomesReplacementCharacters() throws Exception {
        OutputCapture capture = new OutputCapture(1000, live::add);
        capture.stream().write(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xC3, '\n'});
        assertThat(live).containsExactly("a\uFFFDb\uFFFD");
    }

    @Test
    void stream_controlCharacters_areKeptAsPrintedForTheConsumerToEscape() throws Exception {
        OutputCapture capture = new OutputCapture(1000, live::add);
        capture.stream().write("a\u001b[2J\rb\u0000\tc\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(live).containsExactly("a\u001b[2J\rb\u0000\tc");
    }

    @Test
    void pump_splitsLfAndCrlfAndKeepsALastLineWithoutNewline() throws Exception {
        OutputCapture capture = new OutputCapture(1000, live::add);
        capture.pump(new ByteArrayInputStream("one\r\ntwo\n\nthree ☃".getBytes(StandardCharsets.UTF_8)));
        assertThat(live).containsExactly("one", "two", "", "three ☃");
        assertThat(capture.text()).isEqualTo("one\ntwo\n\nthree ☃\n");
    }

    @Test
    void pump_twoSourcesAtOnce_keepTheirOwnPartialLines() throws Exception {
        OutputCapture capture = new OutputCapture(1000, live::add);
        OutputStream a = capture.stream();
        OutputStream b = capture.stream();
        a.write("from a, ".getBytes(StandardCharsets.UTF_8));
        b.write("from b\n".getBytes(StandardCharsets.UTF_8));
        a.write("still a\n".getBytes(StandardCharsets.UTF_8));
        assertThat(live).containsExactly("from b", "from a, still a");
    }

    @Test
    void pump_afterTheCut_readsThePipeToItsEnd() throws Exception {
        OutputCapture capture = new OutputCapture(10, live::add);
        InputStream flood = new ByteArrayInputStream("y\n".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        capture.pump(flood);
        assertThat(flood.available()).isZero();
        assertThat(capture.text()).endsWith("; 2000000 bytes were printed in all]\n");
    }

    @Test
    void note_isKeptPastTheCapAfterTheMarker() throws Exception {
        OutputCapture capture = new OutputCapture(4, line -> { });
        capture.pump(new ByteArrayInputStream("abcdef".getBytes(StandardCharsets.US_ASCII)));
        capture.note("timed out");
        assertThat(capture.text()).isEqualTo("abc\n[execscript: output cut at 4 bytes (policy maxOutputBytes); 6 bytes were printed "
                + "in all]\n[execscript: timed out]\n");
    }

    @Test
    void close_ignoresLaterOutput() throws Exception {
        OutputCapture capture = new OutputCapture(1000, live::add);
        OutputStream out = capture.stream();
        out.write("partial".getBytes(StandardCharsets.UTF_8));
        capture.close();
        out.write("late\n".getBytes(StandardCharsets.UTF_8));
        assertThat(live).containsExactly("partial");
        assertThat(capture.text()).isEqualTo("partial\n");
    }

    @Test
    void live_aFailingConsumer_doesNotStopTheCapture() throws Exception {
        OutputCapture capture = new OutputCapture(1000, line -> {
            throw new IllegalStateException("broken");
        });
        capture.stream().write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        assertThat(capture.text()).isEqualTo("one\ntwo\n");
    }

    @Test
    void characterBoundary_backsOffAnIncompleteSequenceOnly() {
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertThat(OutputCapture.characterBoundary(new byte[] {'a', emoji[0], emoji[1]}, 3)).isEqualTo(1);
        assertThat(OutputCapture.characterBoundary(new byte[] {'a', emoji[0], emoji[1], emoji[2], emoji[3]}, 5)).isEqualTo(5);
        assertThat(OutputCapture.characterBoundary(new byte[] {'a', (byte) 0xC3}, 2)).isEqualTo(1);
        assertThat(OutputCapture.characterBoundary(new byte[] {'a', 'b'}, 2)).isEqualTo(2);
    }

    @Test
    void prefixWithin_countsUtf8Bytes() {
        assertThat(OutputCapture.prefixWithin("aé☃😀", 1)).isEqualTo("a");
        assertThat(OutputCapture.prefixWithin("aé☃😀", 3)).isEqualTo("aé");
        assertThat(OutputCapture.prefixWithin("aé☃😀", 9)).isEqualTo("aé☃");
        assertThat(OutputCapture.prefixWithin("aé☃😀", 10)).isEqualTo("aé☃😀");
        assertThat(OutputCapture.utf8Length("aé☃😀")).isEqualTo(10);
    }
}
