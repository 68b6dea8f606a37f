package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runbooktest.CaseResult;
import dev.execscript.runbooktest.ResultsJson;
import dev.execscript.runbooktest.RunbookTestFile;
import dev.execscript.runbooktest.RunbookTestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs cases through an {@link ExecscriptCli}. A case's {@code expect} blocks are runbook test cases in a generated
 * test file ({@link ConformanceCase#writeTestFile}); those files run together, many to one {@code execscript test --json
 * FILE} (one engine start per batch), grouped by the command-line options they need. A case whose {@code cli} block
 * needs what only its own run shows runs alone through {@code execscript run} as well. An {@code awsEndpoint} case runs
 * its test file through {@link RunbookTestRunner} on an engine whose policy names a stand-in endpoint
 * ({@code execscript test} refuses an endpoint: its cases declare their answers). All runs start on first demand on
 * a pool as wide as the machine (GraalPy interprets on one core per run), and each test waits for its own. A batch
 * that does not report every case it was given, with exit code 0 or 1, falls back to one run per case.
 */
final class CaseRunner {

    private final ExecscriptCli cli;
    private final Path workDir;
    private final List<ConformanceCase> all;
    private final int threads;
    /** By case id, what gives its outcome: evaluated in the thread of the test that waits for it. */
    private final Map<String, Callable<CaseOutcome>> outcomes = new ConcurrentHashMap<>();
    private final List<String> batchNotes = new CopyOnWriteArrayList<>();
    private ExecutorService pool;

    CaseRunner(ExecscriptCli cli, Path workDir, List<ConformanceCase> all) {
        this.cli = cli;
        this.workDir = workDir;
        this.all = all;
        this.threads = Integer.getInteger("conformance.threads", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    String batchNote() {
        return String.join("; ", batchNotes);
    }

    CaseOutcome run(ConformanceCase c) {
        startAll();
        try {
            return outcomes.get(c.id()).call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("running " + c.id() + " failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("running " + c.id() + " failed: " + e, e);
        }
    }

    void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private synchronized void startAll() {
        if (pool != null) {
            return;
        }
        pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("conformance-run-", 0).daemon(true).factory());
        Map<List<String>, List<ConformanceCase>> byOptions = new LinkedHashMap<>();
        for (ConformanceCase c : all) {
            if (c.runsAsTest()) {
                byOptions.computeIfAbsent(c.args(), a -> new ArrayList<>()).add(c);
            }
        }
        Map<String, Future<Map<String, CaseOutcome.TestResult[]>>> tested = new HashMap<>();
        // Twice as many batches as threads, so one slow batch does not leave a core idle; cases dealt out in turn, so
        // that an area's slow cases (time-outs) do not all land in one batch.
        int total = byOptions.values().stream().mapToInt(List::size).sum();
        int chunkSize = Math.max(4, (total + threads * 2 - 1) / (threads * 2));
        for (List<ConformanceCase> group : byOptions.values()) {
            int chunks = (group.size() + chunkSize - 1) / chunkSize;
            for (int k = 0; k < chunks; k++) {
                List<ConformanceCase> chunk = new ArrayList<>();
                for (int i = k; i < group.size(); i += chunks) {
                    chunk.add(group.get(i));
                }
                Future<Map<String, CaseOutcome.TestResult[]>> ran = pool.submit(() -> runTests(chunk));
                chunk.forEach(c -> tested.put(c.id(), ran));
            }
        }
        for (ConformanceCase c : all) {
            Future<Map<String, CaseOutcome.TestResult[]>> test = tested.get(c.id());
            Future<CliOutcome> own = c.needsOwnRun() ? pool.submit(() -> runAlone(c)) : null;
            outcomes.put(c.id(), () -> {
                if (c.awsEndpoint() != null) {
                    return runWithEndpoint(c);
                }
                CaseOutcome.TestResult[] results = test == null ? new CaseOutcome.TestResult[2] : test.get().get(c.id());
                return new CaseOutcome(own == null ? null : own.get(), results[0], results[1], null);
            });
        }
    }

    /**
     * One {@code execscript test} run for the cases' test files; by case id, the results of its expect and aws cases.
     * When the run does not report every case (a test file it refused: exit code 2), each case runs alone instead.
     */
    private Map<String, CaseOutcome.TestResult[]> runTests(List<ConformanceCase> chunk) throws IOException {
        Map<Path, ConformanceCase> byFile = new LinkedHashMap<>();
        for (ConformanceCase c : chunk) {
            byFile.put(c.writeTestFile(caseDir(c)), c);
        }
        long start = System.nanoTime();
        Path json = Files.createTempFile(workDir, "results", ".json");
        List<String> args = new ArrayList<>(List.of("test", "--json", json.toString(), "--jobs", "1"));
        args.addAll(chunk.get(0).args());
        byFile.keySet().forEach(f -> args.add(f.toString()));
        ExecscriptCli.Result r = cli.run(args);
        Map<String, CaseOutcome.TestResult[]> results = new HashMap<>();
        JsonNode report = (r.exitCode() == 0 || r.exitCode() == 1) && Files.size(json) > 0 ? ParsedJson.parse(Files.readString(json)) : null;
        if (report != null) {
            for (JsonNode entry : report.path("Cases")) {
                ConformanceCase c = byFile.get(Path.of(entry.path("File").asText()).toAbsolutePath().normalize());
                if (c != null) {
                    int slot = ConformanceCase.AWS_CASE.equals(entry.path("Name").asText()) ? 1 : 0;
                    results.computeIfAbsent(c.id(), id -> new CaseOutcome.TestResult[2])[slot] = CaseOutcome.TestResult.of(entry);
                }
            }
        }
        Files.deleteIfExists(json);
        if (chunk.stream().allMatch(c -> complete(c, results.get(c.id())))) {
            batchNotes.add(chunk.size() + " test files in one execscript test, " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return results;
        }
        if (chunk.size() == 1) {
            ConformanceCase c = chunk.get(0);
            CaseOutcome.TestResult notRun = CaseOutcome.TestResult.notRun("execscript test " + byFile.keySet().iterator().next()
                    + " gave exit code " + r.exitCode() + " and no result for it. stderr: " + ParsedJson.abbreviate(r.stderr(), 3000));
            return Map.of(c.id(), new CaseOutcome.TestResult[] {c.expect() == null ? null : notRun, c.awsExpect() == null ? null : notRun});
        }
        String note = "a batch of " + chunk.size() + " test files gave exit code " + r.exitCode() + " and " + results.size()
                + " complete results; its cases ran alone instead. stderr: " + ParsedJson.abbreviate(r.stderr(), 500);
        batchNotes.add(note);
        System.err.println("conformance: " + note);
        Map<String, CaseOutcome.TestResult[]> alone = new HashMap<>();
        for (ConformanceCase c : chunk) {
            alone.putAll(runTests(List.of(c)));
        }
        return alone;
    }

    private static boolean complete(ConformanceCase c, CaseOutcome.TestResult[] r) {
        return r != null && (c.expect() == null || r[0] != null) && (c.awsExpect() == null || r[1] != null);
    }

    /** {@code execscript run} for this case alone: the document, its parameters, attachments, AWS responses and options. */
    CliOutcome runAlone(ConformanceCase c) {
        try {
            Path dir = caseDir(c);
            List<String> args = new ArrayList<>();
            args.add("run");
            Path doc = c.writeDocument(dir);
            args.add(doc.toString());
            c.parameters().forEach((k, v) -> {
                args.add("--param");
                args.add(k + "=" + (v.isTextual() ? v.asText() : ParsedJson.write(v)));
            });
            Path attachments = c.writeAttachments(doc.toAbsolutePath().getParent());
            if (attachments != null) {
                args.add("--attachments");
                args.add(attachments.toString());
            }
            Path responses = c.awsResponsesFile(dir);
            if (responses != null) {
                args.add("--aws-responses");
                args.add(responses.toString());
            }
            args.addAll(c.args());
            ExecscriptCli.Result r = cli.run(args);
            return CliOutcome.of(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An awsEndpoint case: its test file run by {@link RunbookTestRunner} on an engine whose policy sends AWS calls to a
     * stand-in endpoint started for the case; the stand-in stays up for the differential.
     */
    private CaseOutcome runWithEndpoint(ConformanceCase c) throws IOException {
        Path testFile = c.writeTestFile(caseDir(c));
        EndpointStandIn standIn = EndpointStandIn.start(c.awsEndpoint());
        ScriptPolicy policy = ScriptPolicy.defaults().toBuilder().awsEndpoint(standIn.uri()).build();
        try (ExecScript engine = ExecScript.builder().policy(policy).build()) {
            RunbookTestFile file = RunbookTestFile.load(testFile, engine.policy().pythonPath());
            CaseResult result = new RunbookTestRunner(engine).run(file, file.cases().get(0));
            JsonNode entry = ResultsJson.toJson(List.of(result)).path("Cases").get(0);
            return new CaseOutcome(null, CaseOutcome.TestResult.of(entry), null, standIn);
        } catch (DocumentException e) {
            return new CaseOutcome(null, CaseOutcome.TestResult.notRun(e.getMessage()), null, standIn);
        }
    }

    /** The responses file the case's runs were given (see {@link ConformanceCase#awsResponsesFile}), or null. */
    Path awsResponsesFile(ConformanceCase c) {
        try {
            return c.awsResponsesFile(caseDir(c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path caseDir(ConformanceCase c) throws IOException {
        Path dir = workDir.resolve(c.id().replace('/', '_'));
        Files.createDirectories(dir);
        return dir;
    }
}
