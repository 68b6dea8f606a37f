package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects each case's verdict during the run and writes target/conformance.{md,html,json}: one row per
 * rule with its cases, their status and totals, and the CPython differential counts.
 */
final class ConformanceReport {

    /** pass: as expected; fail: not; differs: a documented difference from AWS still holds; pending: not run to a verdict. */
    enum Status { pass, fail, differs, pending }

    record CaseResult(ConformanceCase c, Status status, String detail, CpythonDifferential.Verdict differential,
            boolean differentialDocumented, String differentialDetail) {
    }

    private final Map<String, CaseResult> results = new ConcurrentHashMap<>();

    void record(CaseResult r) {
        results.put(r.c().id(), r);
    }

    /** The per-module table of a module-table case, shown in full in the report. */
    void recordModuleTable(ConformanceCase c, List<ModuleTable.Row> rows) {
        moduleTables.put(c.id(), rows);
    }

    private final Map<String, List<ModuleTable.Row>> moduleTables = new ConcurrentHashMap<>();

    ObjectNode toJson(RuleCatalog catalog, String cli, String python, String batchNote) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("cli", cli);
        root.put("cpython", python == null ? "unavailable" : python);
        root.put("batch", batchNote);
        ArrayNode rules = root.putArray("rules");
        Map<Status, Integer> caseTotals = new TreeMap<>();
        Map<String, Integer> ruleTotals = new TreeMap<>();
        for (RuleCatalog.Rule rule : catalog.rules().values()) {
            ObjectNode r = rules.addObject();
            r.put("id", rule.id());
            r.put("text", rule.text());
            r.put("source", rule.source());
            ArrayNode cases = r.putArray("cases");
            List<CaseResult> mine = casesOf(rule.id());
            mine.forEach(c -> cases.add(c.c().id()));
            String status = ruleStatus(mine);
            r.put("status", status);
            ruleTotals.merge(status, 1, Integer::sum);
        }
        ArrayNode cases = root.putArray("cases");
        int agree = 0;
        int differ = 0;
        int documented = 0;
        int skipped = 0;
        for (CaseResult c : sorted()) {
            ObjectNode o = cases.addObject();
            o.put("id", c.c().id());
            o.put("title", c.c().title());
            ArrayNode ids = o.putArray("rules");
            c.c().rules().forEach(ids::add);
            o.put("status", c.status().name());
            if (c.c().reason() != null) {
                o.put("reason", c.c().reason());
            }
            if (!c.detail().isEmpty()) {
                o.put("detail", c.detail());
            }
            o.put("differential", c.differentialDocumented() && c.differential() == CpythonDifferential.Verdict.differ
                    ? "documented" : c.differential().name());
            if (c.differentialDetail() != null && !c.differentialDetail().isEmpty()) {
                o.put("differentialDetail", c.differentialDetail());
            }
            caseTotals.merge(c.status(), 1, Integer::sum);
            switch (c.differential()) {
                case agree -> agree++;
                case differ -> {
                    if (c.differentialDocumented()) {
                        documented++;
                    } else {
                        differ++;
                    }
                }
                case skipped -> skipped++;
            }
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("rules", catalog.rules().size());
        ObjectNode byRule = totals.putObject("rulesByStatus");
        ruleTotals.forEach(byRule::put);
        totals.put("cases", results.size());
        for (Status s : Status.values()) {
            totals.put(s.name(), caseTotals.getOrDefault(s, 0));
        }
        ArrayNode tables = root.putArray("moduleTables");
        new TreeMap<>(moduleTables).forEach((id, rows) -> {
            ObjectNode t = tables.addObject();
            t.put("case", id);
            long ok = rows.stream().filter(r -> ModuleTable.OK.equals(r.here())).count();
            t.put("modules", rows.size());
            t.put("import", ok);
            t.put("refused", rows.size() - ok);
            t.put("cpythonImports", rows.stream().filter(r -> ModuleTable.OK.equals(r.cpython())).count());
            t.put("refusedButCpythonImports", rows.stream()
                    .filter(r -> !ModuleTable.OK.equals(r.here()) && ModuleTable.OK.equals(r.cpython())).count());
            ArrayNode list = t.putArray("rows");
            for (ModuleTable.Row r : rows) {
                ObjectNode o = list.addObject();
                o.put("module", r.module());
                o.put("here", r.here());
                o.put("cpython", r.cpython() == null ? "not run" : r.cpython());
                o.put("reason", r.reason());
                o.put("consistent", r.consistent());
            }
        });
        ObjectNode d = root.putObject("differential");
        d.put("agree", agree);
        d.put("differ", differ);
        d.put("documented", documented);
        d.put("skipped", skipped);
        return root;
    }

    void write(Path dir, RuleCatalog catalog, String cli, String python, String batchNote) {
        ObjectNode json = toJson(catalog, cli, python, batchNote);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("conformance.json"), ParsedJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            Files.writeString(dir.resolve("conformance.md"), markdown(json));
            Files.writeString(dir.resolve("conformance.html"), html(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<CaseResult> casesOf(String ruleId) {
        return sorted().stream().filter(c -> c.c().rules().contains(ruleId)).toList();
    }

    private List<CaseResult> sorted() {
        List<CaseResult> all = new ArrayList<>(results.values());
        all.sort((a, b) -> a.c().id().compareTo(b.c().id()));
        return all;
    }

    /** A rule fails if any case fails; else it differs if any case shows a documented difference. */
    static String ruleStatus(List<CaseResult> cases) {
        if (cases.isEmpty()) {
            return "uncovered";
        }
        if (cases.stream().anyMatch(c -> c.status() == Status.fail)) {
            return "fail";
        }
        if (cases.stream().anyMatch(c -> c.status() == Status.differs)) {
            return "differs";
        }
        if (cases.stream().allMatch(c -> c.status() == Status.pending)) {
            return "pending";
        }
        return "pass";
    }

    private static String markdown(ObjectNode json) {
        StringBuilder b = new StringBuilder("# aws:executeScript conformance\n\n");
        b.append("Ran through: ").append(json.path("cli").asText()).append(". CPython: ").append(json.path("cpython").asText())
                .append(". Batch: ").append(json.path("batch").asText()).append("\n\n");
        b.append("| Rule | Source | Status | Cases |\n|---|---|---|---|\n");
        for (var r : json.path("rules")) {
            List<String> cases = new ArrayList<>();
            r.path("cases").forEach(c -> cases.add(c.asText() + " (" + caseStatus(json, c.asText()) + ")"));
            b.append("| `").append(r.path("id").asText()).append("` ").append(md(r.path("text").asText())).append(" | ")
                    .append(r.path("source").asText()).append(" | ").append(r.path("status").asText()).append(" | ")
                    .append(md(String.join(", ", cases))).append(" |\n");
        }
        b.append("\n## Documented differences and pending cases\n\n");
        for (var c : json.path("cases")) {
            if (c.has("reason")) {
                b.append("- `").append(c.path("id").asText()).append("` (").append(c.path("status").asText()).append("): ")
                        .append(md(c.path("reason").asText())).append('\n');
            }
        }
        b.append("\n## Failures\n\n");
        for (var c : json.path("cases")) {
            if ("fail".equals(c.path("status").asText())) {
                b.append("- `").append(c.path("id").asText()).append("`: ").append(md(c.path("detail").asText())).append('\n');
            }
        }
        for (var table : json.path("moduleTables")) {
            b.append("\n## Module table: `").append(table.path("case").asText()).append("`\n\n").append(moduleSummary(table))
                    .append("\n\n| Module | Here | CPython 3.11 | Reason |\n|---|---|---|---|\n");
            for (var r : table.path("rows")) {
                b.append("| `").append(r.path("module").asText()).append("` | ").append(md(r.path("here").asText())).append(" | ")
                        .append(md(r.path("cpython").asText())).append(" | ").append(md(r.path("reason").asText()))
                        .append(r.path("consistent").asBoolean() ? "" : " **(inconsistent with CPython)**").append(" |\n");
            }
        }
        var t = json.path("totals");
        var d = json.path("differential");
        b.append("\n## Totals\n\n");
        b.append("- Rules: ").append(t.path("rules").asInt()).append(" ").append(t.path("rulesByStatus")).append('\n');
        b.append("- Cases: ").append(t.path("cases").asInt()).append(" (pass ").append(t.path("pass").asInt())
                .append(", fail ").append(t.path("fail").asInt()).append(", differs ").append(t.path("differs").asInt())
                .append(", pending ").append(t.path("pending").asInt()).append(")\n");
        b.append("- Differential against CPython: agree ").append(d.path("agree").asInt()).append(", differ ")
                .append(d.path("differ").asInt()).append(", documented ").append(d.path("documented").asInt())
                .append(", skipped ").append(d.path("skipped").asInt()).append('\n');
        return b.toString();
    }

    private static String moduleSummary(JsonNode table) {
        return table.path("modules").asInt() + " modules: " + table.path("import").asInt() + " import here, "
                + table.path("refused").asInt() + " refused with a reason; CPython imports " + table.path("cpythonImports").asInt()
                + ", of which " + table.path("refusedButCpythonImports").asInt() + " are refused here (documented differences).";
    }

    private static String caseStatus(ObjectNode json, String id) {
        for (var c : json.path("cases")) {
            if (c.path("id").asText().equals(id)) {
                return c.path("status").asText();
            }
        }
        return "?";
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String html(ObjectNode json) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>aws:executeScript conformance</title>\n"
                + "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}"
                + ".pass{background:#e6ffe6}.fail{background:#ffe0e0}.differs{background:#fff6d5}.pending,.uncovered{background:#eee}</style>"
                + "</head><body>\n<h1>aws:executeScript conformance</h1>\n");
        b.append("<p>Ran through: ").append(esc(json.path("cli").asText())).append(". CPython: ").append(esc(json.path("cpython").asText()))
                .append(".</p>\n<table><tr><th>Rule</th><th>Text</th><th>Source</th><th>Status</th><th>Cases</th></tr>\n");
        for (var r : json.path("rules")) {
            String status = r.path("status").asText();
            b.append("<tr class=\"").append(status).append("\"><td><code>").append(esc(r.path("id").asText())).append("</code></td><td>")
                    .append(esc(r.path("text").asText())).append("</td><td>").append(esc(r.path("source").asText())).append("</td><td>")
                    .append(status).append("</td><td>");
            r.path("cases").forEach(c -> b.append("<span class=\"").append(caseStatus(json, c.asText())).append("\">")
                    .append(esc(c.asText())).append(" (").append(caseStatus(json, c.asText())).append(")</span><br>"));
            b.append("</td></tr>\n");
        }
        var t = json.path("totals");
        var d = json.path("differential");
        b.append("</table>\n<h2>Totals</h2><ul><li>Rules: ").append(t.path("rules").asInt()).append(" ")
                .append(esc(t.path("rulesByStatus").toString())).append("</li><li>Cases: ").append(t.path("cases").asInt())
                .append(": pass ").append(t.path("pass").asInt()).append(", fail ").append(t.path("fail").asInt()).append(", differs ")
                .append(t.path("differs").asInt()).append(", pending ").append(t.path("pending").asInt())
                .append("</li><li>Differential against CPython: agree ").append(d.path("agree").asInt()).append(", differ ")
                .append(d.path("differ").asInt()).append(", documented ").append(d.path("documented").asInt()).append(", skipped ")
                .append(d.path("skipped").asInt()).append("</li></ul>\n<h2>Cases</h2><table><tr><th>Case</th><th>Status</th><th>CPython</th><th>Notes</th></tr>\n");
        for (var c : json.path("cases")) {
            b.append("<tr class=\"").append(c.path("status").asText()).append("\"><td>").append(esc(c.path("id").asText())).append("</td><td>")
                    .append(c.path("status").asText()).append("</td><td>").append(esc(c.path("differential").asText())).append("</td><td>")
                    .append(esc(c.path("reason").asText(""))).append(' ').append(esc(c.path("detail").asText(""))).append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (var table : json.path("moduleTables")) {
            b.append("<h2>Module table: ").append(esc(table.path("case").asText())).append("</h2>\n<p>").append(esc(moduleSummary(table)))
                    .append("</p>\n<table><tr><th>Module</th><th>Here</th><th>CPython 3.11</th><th>Reason</th></tr>\n");
            for (var r : table.path("rows")) {
                String cls = !r.path("consistent").asBoolean() ? "fail" : "ok".equals(r.path("here").asText()) ? "pass" : "differs";
                b.append("<tr class=\"").append(cls).append("\"><td><code>").append(esc(r.path("module").asText())).append("</code></td><td>")
                        .append(esc(r.path("here").asText())).append("</td><td>").append(esc(r.path("cpython").asText())).append("</td><td>")
                        .append(esc(r.path("reason").asText())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
