package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A case's {@code moduleTable:} block: one step imports every module of a list (a file, one name a line,
 * shared with the engine's own sweep) and returns {@code {module: "ok" | "ImportError: reason"}}. The
 * block lists the modules refused here, each with a fragment of its reason and a category; every other
 * module must import. Against CPython each module is compared too, so the table stays true both ways:
 * a module that works here must import in CPython, and a refused one imports in CPython unless its
 * category says CPython lacks it as well.
 */
record ModuleTable(String step, String parameter, Path namesFile, List<String> names, Map<String, Refusal> refused) {

    /** Why a module is refused here; {@link #cpythonImports} is what CPython must do with it. */
    enum Category {
        REMOVED_IN_312("removed-in-3.12", "removed in Python 3.12 (the sandbox runs 3.12)", true),
        NATIVE_CODE("native-code", "native code, which the sandbox refuses", true),
        NOT_IN_SANDBOX("not-in-sandbox", "not available in the sandbox (GraalPy lacks it, or it needs the host)", true),
        ALSO_ABSENT_IN_CPYTHON("also-absent-in-cpython", "CPython 3.11 on this machine lacks it too (other platforms, optional builds)", false);

        final String id;
        final String text;
        final boolean cpythonImports;

        Category(String id, String text, boolean cpythonImports) {
            this.id = id;
            this.text = text;
            this.cpythonImports = cpythonImports;
        }

        static Category of(String id, String where) {
            return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    where + ": category '" + id + "' is not one of " + Arrays.stream(values()).map(c -> c.id).toList()));
        }
    }

    record Refusal(String reason, Category category) {
    }

    /** One module of the report's table. {@code cpython} is null when CPython was not run. */
    record Row(String module, String here, String cpython, String reason, boolean consistent) {
    }

    private static final Set<String> FIELDS = Set.of("step", "parameter", "names", "refused");
    static final String OK = "ok";

    static ModuleTable of(JsonNode n, Path caseFile) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        String where = caseFile + ": moduleTable";
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "'; known: " + FIELDS);
            }
        });
        for (String f : List.of("step", "parameter", "names")) {
            if (n.path(f).asText().isBlank()) {
                throw new IllegalArgumentException(where + ": '" + f + "' is required");
            }
        }
        Path file = caseFile.getParent().resolve(n.path("names").asText()).normalize();
        List<String> names;
        try {
            names = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read the module list " + file + ": " + e.getMessage(), e);
        }
        Map<String, Refusal> refused = new LinkedHashMap<>();
        n.path("refused").fields().forEachRemaining(e -> {
            String module = e.getKey();
            if (!names.contains(module)) {
                throw new IllegalArgumentException(where + ": refused module '" + module + "' is not in " + file);
            }
            JsonNode r = e.getValue();
            if (r.path("reason").asText().isBlank()) {
                throw new IllegalArgumentException(where + ": refused module '" + module + "' needs a 'reason' (a fragment of its ImportError)");
            }
            refused.put(module, new Refusal(r.path("reason").asText(), Category.of(r.path("category").asText(), where + "." + module)));
        });
        return new ModuleTable(n.path("step").asText(), n.path("parameter").asText(), file, names, refused);
    }

    /** The module names as the JSON list the parameter is given. */
    String namesAsJson() {
        return ParsedJson.write(ParsedJson.MAPPER.valueToTree(names));
    }

    /** What differs from the table in the step's payload (null payload: the step gave none). */
    List<String> mismatches(JsonNode payload) {
        List<String> m = new ArrayList<>();
        if (payload == null || !payload.isObject()) {
            m.add("module table: step " + step + " gave no {module: outcome} payload");
            return m;
        }
        for (String module : names) {
            JsonNode v = payload.get(module);
            Refusal r = refused.get(module);
            if (v == null) {
                m.add("module " + module + ": missing from the payload");
            } else if (r == null && !OK.equals(v.asText())) {
                m.add("module " + module + ": expected to import, got " + v.asText());
            } else if (r != null && OK.equals(v.asText())) {
                m.add("module " + module + ": listed as refused (" + r.category().id + ") but imports: remove it from 'refused'");
            } else if (r != null && !refusedWithImportError(v.asText())) {
                m.add("module " + module + ": refused, but not with an ImportError: " + v.asText());
            } else if (r != null && !v.asText().contains(r.reason())) {
                m.add("module " + module + ": refused without the reason '" + r.reason() + "': " + v.asText());
            }
        }
        payload.fieldNames().forEachRemaining(f -> {
            if (!names.contains(f)) {
                m.add("module " + f + ": in the payload but not in the list");
            }
        });
        return m;
    }

    private static boolean refusedWithImportError(String outcome) {
        return outcome.startsWith("ImportError: ") || outcome.startsWith("ModuleNotFoundError: ");
    }

    /**
     * One row per module, comparing this run with CPython's ({@code cpythonPayload} null: not run). A row is
     * inconsistent when a module works here but not in CPython, or a refused one's category misstates CPython.
     */
    List<Row> rows(JsonNode payload, JsonNode cpythonPayload) {
        List<Row> rows = new ArrayList<>();
        for (String module : names) {
            String here = payload == null ? "?" : payload.path(module).asText("?");
            String cpython = cpythonPayload == null ? null : cpythonPayload.path(module).asText("?");
            Refusal r = refused.get(module);
            String reason = r == null ? "" : r.category().text + ": " + r.reason();
            boolean consistent = true;
            if (cpython != null) {
                boolean cpythonOk = OK.equals(cpython);
                consistent = r == null ? cpythonOk : cpythonOk == r.category().cpythonImports;
            }
            rows.add(new Row(module, here, cpython, reason, consistent));
        }
        return rows;
    }

    static List<String> differentialProblems(List<Row> rows, Map<String, Refusal> refused) {
        List<String> m = new ArrayList<>();
        for (Row row : rows) {
            if (row.consistent()) {
                continue;
            }
            Refusal r = refused.get(row.module());
            if (r == null) {
                m.add("module " + row.module() + " imports here but not in CPython 3.11: " + row.cpython());
            } else if (r.category().cpythonImports) {
                m.add("module " + row.module() + " is refused as " + r.category().id + ", but CPython cannot import it either ("
                        + row.cpython() + "): category also-absent-in-cpython");
            } else {
                m.add("module " + row.module() + " is refused as also-absent-in-cpython, but CPython imports it: give the real reason");
            }
        }
        return m;
    }
}
