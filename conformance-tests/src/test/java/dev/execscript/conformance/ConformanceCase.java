package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One case file under {@code cases/<area>/}: a document (inline or referenced), its parameters and
 * attachments, and the expected outcome. See {@code cases/README.md} for the format. The {@code expect:} block
 * (and the {@code expect:} of an {@code aws:} block) is a runbook test case's, written into a generated test file
 * ({@link #writeTestFile}) and checked by {@code execscript test}; {@code cli:} blocks are checked here.
 */
record ConformanceCase(
        String id,
        Path file,
        List<String> rules,
        String title,
        JsonNode document,
        String documentFormat,
        Map<String, JsonNode> parameters,
        List<String> args,
        Map<String, JsonNode> files,
        Kind expected,
        String reason,
        JsonNode expect,
        CliExpectation cli,
        JsonNode awsExpect,
        CliExpectation awsCli,
        DifferentialMode differential,
        String differentialReason,
        ModuleTable moduleTable,
        JsonNode awsResponses,
        EndpointStandIn.Answers awsEndpoint) {

    enum Kind { conforms, differs, pending }

    enum DifferentialMode { auto, skip, differs }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> KNOWN_FIELDS = Set.of("rule", "title", "document", "documentFormat", "parameters", "args",
            "files", "expected", "reason", "expect", "cli", "aws", "differential", "differentialReason",
            "moduleTable", "awsResponses", "awsEndpoint");
    /** The names of the runbook test cases a case's test file holds. */
    static final String EXPECT_CASE = "expect";
    static final String AWS_CASE = "aws: the outcome AWS gives (must not hold)";

    static List<ConformanceCase> loadAll(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") && !root.equals(p.getParent()))
                    .sorted()
                    .map(p -> load(root, p))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConformanceCase load(Path root, Path file) {
        String id = root.relativize(file).toString().replace('\\', '/').replaceAll("\\.yaml$", "");
        JsonNode n;
        try {
            n = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not YAML: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(file + ": a case is a YAML map");
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!KNOWN_FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": unknown field '" + f + "'; known: " + KNOWN_FIELDS);
            }
        });
        List<String> rules = new ArrayList<>();
        JsonNode rule = n.path("rule");
        if (rule.isArray()) {
            rule.forEach(r -> rules.add(r.asText()));
        } else if (rule.isTextual()) {
            rules.add(rule.asText());
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(file + ": 'rule' (a rule id from rules.yaml, or a list of them) is required");
        }
        JsonNode document = n.get("document");
        if (document == null) {
            throw new IllegalArgumentException(file + ": 'document' is required");
        }
        String format = n.path("documentFormat").asText("yaml");
        if (document.isTextual() && !document.asText().contains("\n") && document.asText().matches(".*\\.(ya?ml|json)")) {
            format = document.asText().endsWith(".json") ? "json" : "yaml";
        }
        Map<String, JsonNode> params = new LinkedHashMap<>();
        n.path("parameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue()));
        ModuleTable moduleTable = ModuleTable.of(n.get("moduleTable"), file);
        if (moduleTable != null) {
            // the list lives in one file, shared with the engine
            params.put(moduleTable.parameter(), com.fasterxml.jackson.databind.node.TextNode.valueOf(moduleTable.namesAsJson()));
        }
        List<String> args = new ArrayList<>();
        n.path("args").forEach(a -> args.add(a.asText()));
        Map<String, JsonNode> files = new LinkedHashMap<>();
        n.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue()));
        Kind kind = Kind.valueOf(n.path("expected").asText("conforms"));
        String reason = n.path("reason").asText(null);
        if (kind != Kind.conforms && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(file + ": expected: " + kind + " needs a 'reason'");
        }
        if (kind == Kind.differs && !n.has("aws")) {
            throw new IllegalArgumentException(file + ": expected: differs needs an 'aws' block: the outcome AWS gives");
        }
        if (kind != Kind.differs && n.has("aws")) {
            throw new IllegalArgumentException(file + ": an 'aws' block (the outcome AWS gives) belongs to expected: differs only");
        }
        JsonNode expect = block(n, "expect", file);
        CliExpectation cli = CliExpectation.of(n.get("cli"), file + ": cli");
        if (expect == null && cli.isEmpty()) {
            throw new IllegalArgumentException(file + ": 'expect' (a runbook test case's expect block) or 'cli' is required");
        }
        JsonNode aws = n.path("aws");
        aws.fieldNames().forEachRemaining(f -> {
            if (!Set.of("expect", "cli").contains(f)) {
                throw new IllegalArgumentException(file + ": aws: unknown field '" + f + "'; known: expect, cli");
            }
        });
        JsonNode awsExpect = block(aws, "expect", file);
        CliExpectation awsCli = CliExpectation.of(aws.get("cli"), file + ": aws.cli");
        if (kind == Kind.differs && awsExpect == null && awsCli.isEmpty()) {
            throw new IllegalArgumentException(file + ": the 'aws' block needs expect or cli: the outcome AWS gives");
        }
        DifferentialMode differential = DifferentialMode.valueOf(n.path("differential").asText("auto"));
        String differentialReason = n.path("differentialReason").asText(null);
        if (differential != DifferentialMode.auto && (differentialReason == null || differentialReason.isBlank())) {
            throw new IllegalArgumentException(file + ": differential: " + differential + " needs a 'differentialReason'");
        }
        JsonNode awsResponses = n.get("awsResponses");
        if (awsResponses != null && !awsResponses.isObject() && !awsResponses.isTextual()) {
            throw new IllegalArgumentException(file + ": 'awsResponses' is a map (the responses, inline), a multi-line string"
                    + " (the file's text, written as is) or a path relative to this file");
        }
        EndpointStandIn.Answers endpoint = n.has("awsEndpoint") ? EndpointStandIn.Answers.of(n.get("awsEndpoint"), file + ": awsEndpoint")
                : null;
        if (endpoint != null && (awsResponses != null || expect == null || awsExpect != null || !cli.isEmpty())) {
            throw new IllegalArgumentException(file + ": an awsEndpoint case has an expect block, and no awsResponses, aws or cli");
        }
        return new ConformanceCase(id, file, List.copyOf(rules), n.path("title").asText(id), document, format, params, args, files,
                kind, reason, expect, cli, awsExpect, awsCli, differential, differentialReason, moduleTable, awsResponses, endpoint);
    }

    private static JsonNode block(JsonNode n, String name, Path file) {
        JsonNode b = n.get(name);
        if (b != null && !b.isObject()) {
            throw new IllegalArgumentException(file + ": '" + name + "' is a map: a runbook test case's expect block");
        }
        return b;
    }

    String area() {
        int slash = id.indexOf('/');
        return slash < 0 ? "" : id.substring(0, slash);
    }

    /** A path when the document is a reference to a file, else null. */
    Path referencedDocument() {
        if (document.isTextual() && !document.asText().contains("\n") && document.asText().matches(".*\\.(ya?ml|json)")) {
            return file.getParent().resolve(document.asText()).normalize();
        }
        return null;
    }

    /**
     * Writes the document under {@code dir} (a referenced one is copied there when the case has attachments, which are
     * looked up next to it); returns the document's path.
     */
    Path writeDocument(Path dir) throws IOException {
        Path ref = referencedDocument();
        if (ref != null && files.isEmpty()) {
            return ref;
        }
        Files.createDirectories(dir);
        String base = id.substring(id.lastIndexOf('/') + 1);
        Path doc = dir.resolve(base + ("json".equals(documentFormat) ? ".json" : ".yaml"));
        String text;
        if (ref != null) {
            text = Files.readString(ref);
        } else if (document.isTextual()) {
            text = document.asText(); // inline document text, e.g. deliberately broken YAML
        } else if ("json".equals(documentFormat)) {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } else {
            text = new YAMLMapper().writeValueAsString(document);
        }
        Files.writeString(doc, text);
        return doc;
    }

    /**
     * The responses file passed as {@code --aws-responses}: the referenced file, or the inline responses written under
     * {@code dir}; null when the case declares none. The same path each time for the same {@code dir}, so the CPython
     * differential reads the file the engine read (and names it the same way in its messages).
     */
    Path awsResponsesFile(Path dir) throws IOException {
        if (awsResponses == null) {
            return null;
        }
        if (awsResponses.isTextual() && !awsResponses.asText().contains("\n")) {
            return file.getParent().resolve(awsResponses.asText()).normalize();
        }
        Files.createDirectories(dir);
        Path target = dir.resolve("aws-responses.yaml");
        String text = awsResponses.isTextual() ? awsResponses.asText() : new YAMLMapper().writeValueAsString(awsResponses);
        Files.writeString(target, text);
        return target;
    }

    /**
     * Writes the runbook test file that runs this case under {@code execscript test}: the document, the parameters,
     * the AWS responses file, and a case named {@link #EXPECT_CASE} with the {@code expect} block (and one named
     * {@link #AWS_CASE} with the {@code aws.expect} block). Returns its path, or null when there is nothing for it.
     */
    Path writeTestFile(Path dir) throws IOException {
        if (expect == null && awsExpect == null) {
            return null;
        }
        Path doc = writeDocument(dir).toAbsolutePath().normalize();
        writeAttachments(doc.getParent());
        Path responses = awsResponsesFile(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("document", doc.toString());
        var cases = root.putArray("cases");
        for (var entry : new String[][] {{EXPECT_CASE, "expect"}, {AWS_CASE, "awsExpect"}}) {
            JsonNode block = entry[1].equals("expect") ? expect : awsExpect;
            if (block == null) {
                continue;
            }
            ObjectNode c = cases.addObject();
            c.put("name", entry[0]);
            if (!parameters.isEmpty()) {
                parameters.forEach(c.putObject("parameters")::set);
            }
            if (responses != null) {
                c.put("aws", responses.toAbsolutePath().normalize().toString());
            }
            c.set("expect", block);
        }
        Path target = dir.resolve(id.substring(id.lastIndexOf('/') + 1) + ".test.json");
        Files.writeString(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return target.toAbsolutePath().normalize();
    }

    /** Writes the inline attachments to {@code dir}; returns it, or null when the case has none. */
    Path writeAttachments(Path dir) throws IOException {
        if (files.isEmpty()) {
            return null;
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            if (f.getValue().isObject()) {
                writeZip(target, f.getValue()); // a map: the entries of a .zip attachment, built here (cases are text)
            } else {
                Files.writeString(target, f.getValue().asText());
            }
        }
        return dir;
    }

    private static void writeZip(Path target, JsonNode entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) entries::fields) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().asText().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    /** The text of an inline attachment, or null when there is none or it is a built .zip. */
    String attachmentText(String name) {
        JsonNode f = files.get(name);
        return f == null || f.isObject() ? null : f.asText();
    }

    /** Whether the case runs alone through {@code execscript run}, for what only that run shows (see {@link CliExpectation}). */
    boolean needsOwnRun() {
        return cli.needsOwnRun() || awsCli.needsOwnRun();
    }

    /** Whether the case runs through {@code execscript test} (its expect blocks are runbook test cases). */
    boolean runsAsTest() {
        return awsEndpoint == null && (expect != null || awsExpect != null);
    }

    boolean hasInlineDocumentMap() {
        return document instanceof ObjectNode;
    }
}
