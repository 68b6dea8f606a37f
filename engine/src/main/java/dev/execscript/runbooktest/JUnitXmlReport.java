package dev.execscript.runbooktest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes runbook test results as the JUnit XML report CI systems read (Jenkins, GitLab, GitHub Actions' test
 * reporters): {@code testsuites}, one {@code testsuite} per test file, one {@code testcase} per case, a failed
 * case's {@code failure} (an error's {@code error}) with the first difference as its message and all of them
 * as its text. Valid against the Ant/Jenkins JUnit schema (windyroad/JUnit-Schema).
 */
public final class JUnitXmlReport {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private JUnitXmlReport() {
    }

    /**
     * Writes the report of {@code results}, run from {@code started} (local time, as the schema's timestamp has no zone).
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(List<CaseResult> results, LocalDateTime started, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(results, started, out);
        }
    }

    static void write(List<CaseResult> results, LocalDateTime started, OutputStream out) throws IOException {
        Map<Path, List<CaseResult>> byFile = new LinkedHashMap<>();
        for (CaseResult r : results) {
            byFile.computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r);
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            int id = 0;
            for (Map.Entry<Path, List<CaseResult>> suite : byFile.entrySet()) {
                suite(xml, id++, suite.getKey(), suite.getValue(), started);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("the JUnit XML report cannot be written: " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter xml, int id, Path file, List<CaseResult> cases, LocalDateTime started)
            throws XMLStreamException {
        long failures = cases.stream().filter(c -> c.outcome() == CaseResult.Outcome.FAILED).count();
        long errors = cases.stream().filter(c -> c.outcome() == CaseResult.Outcome.ERROR).count();
        Duration time = cases.stream().map(CaseResult::elapsed).reduce(Duration.ZERO, Duration::plus);
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(file.toString()));
        xml.writeAttribute("package", clean(file.toString()));
        xml.writeAttribute("id", Integer.toString(id));
        xml.writeAttribute("timestamp", started.truncatedTo(ChronoUnit.SECONDS).format(TIMESTAMP));
        xml.writeAttribute("hostname", hostname());
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", Long.toString(errors));
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(time));
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("properties");
        for (CaseResult c : cases) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("name", clean(c.name()));
            xml.writeAttribute("classname", clean(className(file)));
            xml.writeAttribute("time", seconds(c.elapsed()));
            if (!c.passed()) {
                xml.writeCharacters("\n      ");
                xml.writeStartElement(c.outcome() == CaseResult.Outcome.ERROR ? "error" : "failure");
                String report = c.report();
                xml.writeAttribute("message", clean(firstLine(report)));
                xml.writeAttribute("type", c.outcome() == CaseResult.Outcome.ERROR ? "RunbookTestError" : "RunbookTestFailure");
                xml.writeCharacters(clean(report));
                xml.writeEndElement();
                xml.writeCharacters("\n    ");
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("system-out");
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("system-err");
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    /** The test file's name without its ending: what CI tools show as the cases' class. */
    static String className(Path file) {
        String name = file.getFileName().toString();
        for (String ending : RunbookTestFile.NAME_ENDINGS) {
            if (name.endsWith(ending)) {
                return name.substring(0, name.length() - ending.length());
            }
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String hostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : clean(name);
        } catch (IOException | UncheckedIOException e) {
            return "localhost";
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * XML 1.0 cannot hold most control characters, not even escaped, nor unpaired surrogates: they are written
     * as {@code \\uXXXX} text instead (script and document text may hold any of them).
     */
    static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                sb.append(c).append(text.charAt(++i));
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
