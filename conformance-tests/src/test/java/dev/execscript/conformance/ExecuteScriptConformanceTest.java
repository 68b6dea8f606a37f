package dev.execscript.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Turns every case file under cases/ into a test: runs it through the CLI (in-process, or the command named by
 * -Dconformance.cli; see {@link CaseRunner}), takes the verdict on its expect block from {@code execscript test},
 * checks its cli block, checks the CPython differential, and records the verdict for the report written after all
 * cases ran.
 */
class ExecuteScriptConformanceTest {

    private static final Path CASES = Path.of(System.getProperty("conformance.cases", "cases"));
    private static final Path RULES = Path.of(System.getProperty("conformance.rules", "rules.yaml"));
    /**
     * -Dconformance.only=aws/,runbook/csv runs only the cases whose id starts with one of these (while working on an
     * area); empty: all.
     */
    private static final String ONLY = System.getProperty("conformance.only", "");
    private static final Path REPORT_DIR = Path.of(System.getProperty("conformance.reportDir", "target"));
    private static final ConformanceReport REPORT = new ConformanceReport();
    private static RuleCatalog catalog;
    private static ExecscriptCli cli;
    private static CaseRunner runner;
    private static CpythonDifferential cpython;

    @TestFactory
    Stream<DynamicNode> everyCaseFileBehavesAsItsRuleSays() throws IOException {
        catalog = RuleCatalog.load(RULES);
        cli = ExecscriptCli.fromSystemProperties();
        cpython = new CpythonDifferential(System.getProperty("conformance.python", "python3"),
                Path.of(System.getProperty("conformance.harness", "harness/cpython_harness.py")));
        List<DynamicNode> nodes = new ArrayList<>();
        List<ConformanceCase> cases = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CASES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && !CASES.equals(p.getParent()))
                    .filter(p -> selected(CASES.relativize(p).toString().replace('\\', '/'))).sorted().toList();
        }
        for (Path file : files) {
            try {
                cases.add(ConformanceCase.load(CASES, file));
            } catch (RuntimeException e) {
                nodes.add(DynamicTest.dynamicTest("case file " + CASES.relativize(file) + " is well-formed", () -> fail(e.getMessage())));
            }
        }
        runner = new CaseRunner(cli, Files.createDirectories(REPORT_DIR.resolve("conformance-work")), cases);
        nodes.add(DynamicTest.dynamicTest("every case cites rules listed in rules.yaml", () -> everyCaseCitesKnownRules(cases)));
        nodes.add(DynamicTest.dynamicTest("every rule in rules.yaml has at least one case", () -> everyRuleHasACase(cases)));
        Map<String, List<DynamicNode>> byArea = new LinkedHashMap<>();
        for (ConformanceCase c : cases) {
            String name = c.id().substring(c.id().lastIndexOf('/') + 1) + ": " + c.title();
            byArea.computeIfAbsent(c.area(), a -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(name, c.file().toUri(), () -> check(c)));
        }
        byArea.forEach((area, tests) -> nodes.add(DynamicContainer.dynamicContainer(area, tests)));
        return nodes.stream();
    }

    private static boolean selected(String id) {
        return ONLY.isEmpty() || java.util.Arrays.stream(ONLY.split(",")).anyMatch(prefix -> id.startsWith(prefix.trim()));
    }

    private static void everyCaseCitesKnownRules(List<ConformanceCase> cases) {
        List<String> unknown = new ArrayList<>();
        for (ConformanceCase c : cases) {
            c.rules().stream().filter(r -> !catalog.rules().containsKey(r)).forEach(r -> unknown.add(c.id() + " -> " + r));
        }
        if (!unknown.isEmpty()) {
            fail("cases cite rules that rules.yaml does not list: " + unknown);
        }
    }

    private static void everyRuleHasACase(List<ConformanceCase> cases) {
        if (!ONLY.isEmpty()) {
            Assumptions.abort("only the cases under " + ONLY + " ran (-Dconformance.only)");
        }
        Set<String> uncovered = new TreeSet<>(catalog.rules().keySet());
        cases.forEach(c -> c.rules().forEach(uncovered::remove));
        if (!uncovered.isEmpty()) {
            fail("rules without a case: " + uncovered);
        }
    }

    private static void check(ConformanceCase c) {
        CaseOutcome ran = runner.run(c);
        try {
            check(c, ran);
        } finally {
            if (ran.endpoint() != null) {
                ran.endpoint().close();
            }
        }
    }

    /**
     * The case's expect block as its runbook test case's result says, its cli block against the command line's output,
     * then the differential.
     */
    private static void check(ConformanceCase c, CaseOutcome ran) {
        List<String> problems = new ArrayList<>();
        if (c.expect() != null) {
            problems.addAll(ran.expect() == null ? List.of("the case's runbook test case did not run") : ran.expect().problems());
        }
        problems.addAll(c.cli().mismatches(ran.cli()));
        CliOutcome outcome = ran.executionOutcome();
        ConformanceReport.Status status;
        String detail = "";
        if (c.expected() == ConformanceCase.Kind.pending) {
            detail = problems.isEmpty() ? "now passes: remove 'expected: pending'" : "still pending";
            REPORT.record(new ConformanceReport.CaseResult(c, ConformanceReport.Status.pending, detail,
                    CpythonDifferential.Verdict.skipped, false, "case pending"));
            Assumptions.abort("pending (" + c.reason() + "): " + detail);
            return;
        }
        if (c.expected() == ConformanceCase.Kind.differs) {
            boolean awsExpectHolds = c.awsExpect() == null || (ran.aws() != null && ran.aws().passed());
            if (ran.aws() != null && "ERROR".equals(ran.aws().outcome())) {
                problems.addAll(ran.aws().problems());
            }
            if (awsExpectHolds && c.awsCli().mismatches(ran.cli()).isEmpty()) {
                problems.add(0, "the documented difference from AWS is gone: the outcome now matches the 'aws' block."
                        + " Make the case 'expected: conforms' (reason was: " + c.reason() + ")");
            }
            status = problems.isEmpty() ? ConformanceReport.Status.differs : ConformanceReport.Status.fail;
        } else {
            status = problems.isEmpty() ? ConformanceReport.Status.pass : ConformanceReport.Status.fail;
        }
        CpythonDifferential.Result diff = c.moduleTable() != null ? checkModuleTable(c, outcome, problems)
                : cpython.compare(c, outcome, runner.awsResponsesFile(c), ran.endpoint() == null ? null : ran.endpoint().uri());
        boolean documented = c.differential() == ConformanceCase.DifferentialMode.differs;
        StringBuilder diffDetail = new StringBuilder(diff.detail());
        diff.steps().forEach(s -> diffDetail.append(diffDetail.isEmpty() ? "" : "; ").append(s.step()).append(": ").append(s.detail()));
        if (diff.verdict() == CpythonDifferential.Verdict.differ && !documented) {
            problems.add("GraalPy and CPython disagree (add 'differential: differs' with a reason if this is understood): " + diffDetail);
        }
        if (diff.verdict() == CpythonDifferential.Verdict.agree && documented) {
            problems.add("the documented GraalPy/CPython difference is gone (" + c.differentialReason()
                    + "); remove 'differential: differs'");
        }
        if (!problems.isEmpty()) {
            status = ConformanceReport.Status.fail;
            detail = String.join("; ", problems);
        }
        REPORT.record(new ConformanceReport.CaseResult(c, status, detail, diff.verdict(), documented, diffDetail.toString()));
        if (!problems.isEmpty()) {
            fail(c.id() + " (" + c.file() + ", rule " + c.rules() + "):\n - " + String.join("\n - ", problems)
                    + "\n" + ran.describe());
        }
    }

    /**
     * A module-table case: the step's payload against the table, then module by module against CPython. Adds what
     * differs to {@code problems}, records the table for the report, and returns the differential's verdict.
     */
    private static CpythonDifferential.Result checkModuleTable(ConformanceCase c, CliOutcome outcome, List<String> problems) {
        ModuleTable table = c.moduleTable();
        JsonNode step = outcome.execution() == null ? null : outcome.step(table.step());
        JsonNode payload = step == null ? null : CliOutcome.payload(step);
        problems.addAll(table.mismatches(payload));
        JsonNode cpythonPayload = null;
        CpythonDifferential.Result result;
        if (cpython.unavailableReason() != null) {
            result = CpythonDifferential.Result.skipped(cpython.unavailableReason());
        } else {
            try {
                cpythonPayload = cpython.payloadOf(c, outcome, table.step());
                result = null;
            } catch (IllegalStateException e) {
                problems.add("module table: CPython run failed: " + e.getMessage());
                result = new CpythonDifferential.Result(CpythonDifferential.Verdict.differ, List.of(), e.getMessage());
            }
        }
        List<ModuleTable.Row> rows = table.rows(payload, cpythonPayload);
        REPORT.recordModuleTable(c, rows);
        if (result != null) {
            return result;
        }
        List<String> differ = ModuleTable.differentialProblems(rows, table.refused());
        problems.addAll(differ);
        long bothOk = rows.stream().filter(r -> ModuleTable.OK.equals(r.here()) && ModuleTable.OK.equals(r.cpython())).count();
        long documented = rows.stream().filter(r -> !ModuleTable.OK.equals(r.here()) && ModuleTable.OK.equals(r.cpython())).count();
        long bothRefused = rows.stream().filter(r -> !ModuleTable.OK.equals(r.here()) && !ModuleTable.OK.equals(r.cpython())).count();
        String detail = rows.size() + " modules: " + bothOk + " import in both, " + documented
                + " refused here with a documented reason but import in CPython, " + bothRefused + " absent in both";
        return new CpythonDifferential.Result(differ.isEmpty() ? CpythonDifferential.Verdict.agree : CpythonDifferential.Verdict.differ,
                List.of(), detail);
    }

    @AfterAll
    static void writeReport() {
        if (catalog == null) {
            return;
        }
        if (runner != null) {
            runner.shutdown();
        }
        try {
            REPORT.write(REPORT_DIR, catalog, cli.describe(), cpython.version(), runner == null ? "" : runner.batchNote());
            System.err.println("conformance: report written to " + REPORT_DIR.resolve("conformance.md"));
        } catch (UncheckedIOException e) {
            System.err.println("conformance: the report could not be written: " + e.getMessage());
        }
    }
}
