package dev.execscript.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/** The whole-text reader must drive SnakeYAML's scanner exactly as SnakeYAML's own reader does. */
class WholeTextStreamReaderTest {

    /** Every event with its start and end marks, or the error with its mark: what the parser saw. */
    private static List<String> events(StreamReader reader) {
        List<String> seen = new ArrayList<>();
        ParserImpl parser = new ParserImpl(reader, new LoaderOptions());
        try {
            while (parser.peekEvent() != null) {
                Event e = parser.getEvent();
                seen.add(e + " " + where(e.getStartMark()) + "-" + where(e.getEndMark()));
                if (e.is(Event.ID.StreamEnd)) {
                    break;
                }
            }
        } catch (MarkedYAMLException e) {
            seen.add("error " + e.getProblem() + " at " + where(e.getProblemMark()));
        }
        return seen;
    }

    private static String where(Mark m) {
        return m == null ? "?" : m.getLine() + ":" + m.getColumn() + "@" + m.getIndex();
    }

    /** YAML-ish text from the characters that matter to the scanner: indicators, breaks of every kind, BOM, surrogate pairs. */
    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> pieces = Arbitraries.of(
                "a", "key", ": ", ":", "- ", "-", "\n", "\r\n", "\r", "\u0085", "\u2028", "  ", "\t", "#c", "'", "\"",
                "\\", "\\n", "{", "}", "[", "]", ", ", "&a ", "*a", "<<: ", "|", ">", "---\n", "...\n", "\uFEFF",
                "\uD83D\uDE00", "\u00e9", "x".repeat(3000), "? ", "!tag ", "%YAML 1.1\n");
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = 400)
    void events_anyText_sameAsSnakeYamlsOwnReader(@ForAll("yamlish") String text) {
        assertThat(events(new WholeTextStreamReader(text))).isEqualTo(events(new StreamReader(text)));
    }

    @Test
    void events_longQuotedScalarAndBlockScalar_sameAsSnakeYamlsOwnReader() {
        String text = "a: \"" + "q".repeat(5000) + "\"\nb: |\n  " + "r".repeat(3000) + "\n  line\r\nc: 'x'\n";
        assertThat(events(new WholeTextStreamReader(text))).isEqualTo(events(new StreamReader(text)));
    }
}
