package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Runs cases through an {@link ExecscriptCli}. Cases that need nothing of their own (no parameters,
 * options, attachments, stderr or exit-2 checks) run together in {@code run DOC DOC ...} batches, which
 * the contract allows and which pays engine start-up once per batch; the rest run one by one. All runs
 * start on first demand on a pool as wide as the machine (GraalPy interprets on one core per run), and
 * each test waits for its own. A batch that does not give one execution per document with exit code
 * 0 or 1 falls back to one run per case.
 */
final class CaseRunner {

    private final ExecscriptCli cli;
    private final Path workDir;
    private final List<ConformanceCase> all;
    private final List<ConformanceCase> batch;
    private final int threads;
    private final Map<String, Future<CliOutcome>> outcomes = new ConcurrentHashMap<>();
    private final List<String> batchNotes = new CopyOnWriteArrayList<>();
    private ExecutorService pool;

    CaseRunner(ExecscriptCli cli, Path workDir, List<ConformanceCase> all) {
        this.cli = cli;
        this.workDir = workDir;
        this.all = all;
        this.batch = all.stream().filter(ConformanceCase::batchable).toList();
        this.threads = Integer.getInteger("conformance.threads", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    String batchNote() {
        return String.join("; ", batchNotes);
    }

    CliOutcome run(ConformanceCase c) {
        startAll();
        try {
            return outcomes.get(c.id()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("running " + c.id() + " failed: " + e.getCause(), e.getCause());
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
        // Twice as many batches as threads, so one slow batch (time-outs) does not leave a core idle.
        int chunks = Math.min(threads * 2, Math.max(1, batch.size() / 8));
        List<List<ConformanceCase>> split = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            split.add(new ArrayList<>());
        }
        for (int i = 0; i < batch.size(); i++) {
            split.get(i % chunks).add(batch.get(i));
        }
        for (List<ConformanceCase> chunk : split) {
            if (chunk.isEmpty()) {
                continue;
            }
            Future<Map<String, CliOutcome>> ran = pool.submit(() -> runBatch(chunk));
            for (ConformanceCase c : chunk) {
                outcomes.put(c.id(), new FutureTask<>(() -> {
                    CliOutcome o = ran.get().get(c.id());
                    return o != null ? o : runAlone(c);
                }) {
                    @Override
                    public CliOutcome get() throws InterruptedException, ExecutionException {
                        run(); // evaluated in the waiting test's thread once the batch is done
                        return super.get();
                    }
                });
            }
        }
        for (ConformanceCase c : all) {
            if (!c.batchable()) {
                outcomes.put(c.id(), pool.submit(() -> runAlone(c)));
            }
        }
    }

    CliOutcome runAlone(ConformanceCase c) {
        try {
            Path dir = caseDir(c);
            List<String> args = new ArrayList<>();
            args.add("run");
            args.add(c.writeDocument(dir).toString());
            c.params().forEach((k, v) -> {
                args.add("--param");
                args.add(k + "=" + v);
            });
            Path attachments = c.writeAttachments(dir.resolve("attachments"));
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

    /** One run for several documents; an empty map when the batch misbehaved (each case then runs alone). */
    private Map<String, CliOutcome> runBatch(List<ConformanceCase> chunk) throws IOException {
        Map<String, CliOutcome> result = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        args.add("run");
        for (ConformanceCase c : chunk) {
            args.add(c.writeDocument(caseDir(c)).toString());
        }
        long start = System.nanoTime();
        ExecscriptCli.Result r = cli.run(args);
        List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
        if ((r.exitCode() != 0 && r.exitCode() != 1) || lines.size() != chunk.size()) {
            String note = "a batch of " + chunk.size() + " documents gave exit code " + r.exitCode() + " and " + lines.size()
                    + " results; its cases ran alone instead. stderr: " + ParsedJson.abbreviate(r.stderr(), 500);
            batchNotes.add(note);
            System.err.println("conformance: " + note);
            return result;
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonNode execution = ParsedJson.parse(lines.get(i)).get("AutomationExecution");
            boolean ok = "Success".equals(execution.path("AutomationExecutionStatus").asText());
            result.put(chunk.get(i).id(), new CliOutcome(ok ? 0 : 1, lines.get(i), r.stderr(), execution, true));
        }
        batchNotes.add(chunk.size() + " documents in one run, " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return result;
    }

    /** The responses file the case's run was given (see {@link ConformanceCase#awsResponsesFile}), or null. */
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
