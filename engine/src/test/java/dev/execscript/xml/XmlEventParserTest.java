package dev.execscript.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.execscript.python.GuestEngines;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK parser behind the sandbox's pyexpat: its events, its errors, and what it refuses to read. */
class XmlEventParserTest {

    private final XmlEventParser parser = XmlEventParser.instance();

    /** The events as a list of fields (the string's NUL separators split). */
    private static List<String> fields(String events) {
        return List.of(events.split("\0", -1));
    }

    private String parseText(String document, boolean namespaces) {
        return parser.parse(document, false, null, namespaces);
    }

    private String parseBytes(byte[] document) {
        return parser.parse(new String(document, StandardCharsets.ISO_8859_1), true, null, false);
    }

    @Test
    void smallDocument_givesExpatStyleEventsInDocumentOrder() {
        String events = parseText("<?xml version='1.0' standalone='yes'?><r b='2' a='1'>t&amp;<!--c--><?p d?><![CDATA[<x>]]></r>",
                false);
        assertThat(fields(events)).containsExactly(
                "X", "1.0", "-", "1",
                // Positions are where each tag ends (1-based columns); without namespace processing the names are as written.
                "S", "1", "54", "r", "", "", "2", "b", "", "b", "1", "2", "a", "", "a", "1", "1",
                "C", "t&",
                "!", "c",
                "?", "p", "d",
                "[", "C", "<x>", "]",
                "e", "1", "94", "r", "", "");
    }

    @Test
    void namespaces_whenProcessed_giveUrisAndScopesEndingInReverseOrder() {
        List<String> f = fields(parseText("<r xmlns='urn:d' xmlns:p='urn:p' p:a='1'/>", true));
        assertThat(f.subList(0, 6)).containsExactly("P", "-", "+urn:d", "P", "+p", "+urn:p");
        assertThat(f.subList(6, 13)).containsExactly("S", "1", "43", "r", "urn:d", "r", "1");
        assertThat(f.subList(13, 18)).containsExactly("p:a", "urn:p", "a", "1", "1");
        assertThat(f.subList(f.size() - 4, f.size())).containsExactly("p", "+p", "p", "-");
    }

    @Test
    void mismatchedTag_endsTheEventsWithExpatsCodeAndPosition() {
        List<String> f = fields(parseText("<a>\n  <b>\n</a>", false));
        assertThat(f.subList(f.size() - 5, f.size())).containsExactly("F", "7", "3", "2", "mismatched tag: line 3, column 2");
    }

    @Test
    void errors_underAnotherDefaultLocale_stillMapToExpatCodes() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            // The JDK has German messages: the mapping reads English ones whatever the JVM's locale.
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            List<String> f = fields(parseText("<a>&foo;</a>", false));
            assertThat(f.subList(f.size() - 5, f.size())).containsExactly("F", "11", "1", "3", "undefined entity: line 1, column 3");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void billionLaughs_stopsAtTheEntityExpansionLimit() {
        StringBuilder doc = new StringBuilder("<!DOCTYPE l [<!ENTITY l0 'lol'>");
        for (int i = 1; i < 10; i++) {
            doc.append("<!ENTITY l").append(i).append(" '").append(("&l" + (i - 1) + ";").repeat(10)).append("'>");
        }
        doc.append("]><l>&l9;</l>");
        String events = parseText(doc.toString(), false);
        List<String> f = fields(events);
        assertThat(f.get(f.size() - 5)).isEqualTo("F");
        assertThat(f.get(f.size() - 4)).isEqualTo("43");
        assertThat(f.getLast()).contains("at most " + Limits.ENTITY_EXPANSIONS + " entity expansions");
        // What was expanded before the limit is bounded by it, not by the document's 3 billion characters.
        assertThat(events.length()).isLessThan(Limits.ENTITY_EXPANSIONS * 40);
    }

    @Test
    void oneLargeEntityReferencedOften_stopsAtTheTotalSizeLimit() {
        String big = "x".repeat(100_000);
        String doc = "<!DOCTYPE r [<!ENTITY big '" + big + "'>]><r>" + "&big;".repeat(200) + "</r>";
        List<String> f = fields(parseText(doc, false));
        assertThat(f.get(f.size() - 4)).isEqualTo("43");
        assertThat(f.getLast()).contains("characters from all entity expansions");
    }

    @Test
    void externalGeneralEntity_isReportedAsSkipped_andTheFileIsNotRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String doc = "<!DOCTYPE r [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]><r>&x;</r>";
        String events = parseText(doc, false);
        assertThat(events).doesNotContain("TOP-SECRET").contains("&\0x\0");
        assertThat(events).doesNotContain("\0F\0");
    }

    @Test
    void externalDtdAndParameterEntity_areNotRead(@TempDir Path dir) throws Exception {
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY leak 'TOP-SECRET'>");
        String external = parseText("<!DOCTYPE r SYSTEM '" + dtd.toUri() + "'><r>&leak;</r>", false);
        String parameter = parseText("<!DOCTYPE r [<!ENTITY % p SYSTEM '" + dtd.toUri() + "'> %p;]><r>&leak;</r>", false);
        assertThat(external).doesNotContain("TOP-SECRET");
        assertThat(parameter).doesNotContain("TOP-SECRET");
    }

    @Test
    void relativeSystemId_isReportedAsWritten_notResolvedAgainstTheWorkingDirectory() {
        String events = parseText("<!DOCTYPE r [<!ENTITY y SYSTEM 'rel.txt'><!NOTATION n SYSTEM 'n.exe'>]><r/>", false);
        assertThat(events).contains("\0+rel.txt\0").contains("\0+n.exe\0")
                .doesNotContain(System.getProperty("user.dir"));
    }

    @Test
    void bytes_areDecodedFromTheirDeclarationOrBom_andAnOverrideWins() {
        byte[] latin1 = "<?xml version='1.0' encoding='iso-8859-1'?><r>\u00e9</r>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(fields(parseBytes(latin1))).contains("\u00e9");
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF});
        utf16.writeBytes("<r>\u20ac</r>".getBytes(StandardCharsets.UTF_16BE));
        assertThat(fields(parseBytes(utf16.toByteArray()))).contains("\u20ac");
        byte[] mislabelled = "<?xml version='1.0' encoding='utf-8'?><r>\u00e9</r>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(fields(parser.parse(new String(mislabelled, StandardCharsets.ISO_8859_1), true, "iso-8859-1", false)))
                .contains("\u00e9");
    }

    @Test
    void garbageOrMissingInput_endsInAnErrorEvent_neverAnException() {
        for (String doc : new String[] {null, "", "\uFFFF", "<", "<!DOCTYPE", "<!DOCTYPE r [", "<?xml version='1.0' encoding='x-none'?>",
                "<r>" + "<a>".repeat(5000)}) {
            String events = parser.parse(doc, false, null, true);
            assertThat(events).as(String.valueOf(doc)).contains("F\0");
        }
        assertThat(parser.parse("<?xml version='1.0' encoding='no-such-charset'?><r/>", true, null, false))
                .contains("F\0" + ExpatErrors.UNKNOWN_ENCODING + "\0");
    }

    @Test
    void hostObject_inAConstrainedContextsBindings_isCallableFromPython_andExposesNothingElse() {
        try (Engine engine = GuestEngines.newEngine(SandboxPolicy.CONSTRAINED);
                Context context = Context.newBuilder("python").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStreamSink.INSTANCE).err(OutputStreamSink.INSTANCE).build()) {
            context.getBindings("python").putMember(XmlEventParser.BINDING, parser);
            Value events = context.eval("python", "_execscript_xml.parse('<a x=\"1\"/>', False, None, False).split('\\0')");
            assertThat(events.getArrayElement(0).asString()).isEqualTo("S");
            assertThat(events.getArrayElement(3).asString()).isEqualTo("a");
            Value escape = context.eval("python", """
                    def attempt(f):
                        try:
                            f()
                            return 'reached'
                        except Exception as e:
                            return type(e).__name__
                    [attempt(lambda: _execscript_xml.getClass()), attempt(lambda: _execscript_xml.instance()),
                     attempt(lambda: _execscript_xml.hashCode())]
                    """);
            for (int i = 0; i < escape.getArraySize(); i++) {
                assertThat(escape.getArrayElement(i).asString()).isNotEqualTo("reached");
            }
        } catch (PolyglotException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Discards a context's output. */
    private static final class OutputStreamSink {
        static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
    }
}
