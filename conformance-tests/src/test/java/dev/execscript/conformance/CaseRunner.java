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

/**
 * Runs cases through an {@link ExecscriptCli}. Cases that need nothing of their own (no parameters,
 * options, attachments, stderr or exit-2 checks) run together in one {@code run DOC DOC ...}, which
 * the contract allows and which pays engine start-up once; the rest run one by one. If the batch
 * does not give one execution per document with exit code 0 or 1, every case falls back to its own run.
 */
final class CaseRunner {

    private final ExecscriptCli cli;
    private final Path workDir;
    private final List<ConformanceCase> batch;
    private final Map<String, CliOutcome> batchOutcomes = new ConcurrentHashMap<>();
    private boolean batchRan;
    private String batchNote = "";

    CaseRunner(ExecscriptCli cli, Path workDir, List<ConformanceCase> all) {
        this.cli = cli;
        this.workDir = workDir;
        this.batch = all.stream().filter(ConformanceCase::batchable).toList();
    }

    int batchSize() {
        return batch.size();
    }

    String batchNote() {
        return batchNote;
    }

    CliOutcome run(ConformanceCase c) {
        if (c.batchable()) {
            runBatchOnce();
            CliOutcome o = batchOutcomes.get(c.id());
            if (o != null) {
                return o;
            }
        }
        return runAlone(c);
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
            args.addAll(c.args());
            ExecscriptCli.Result r = cli.run(args);
            return CliOutcome.of(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void runBatchOnce() {
        if (batchRan) {
            return;
        }
        batchRan = true;
        if (batch.size() < 2) {
            return;
        }
        try {
            List<String> args = new ArrayList<>();
            args.add("run");
            Map<String, ConformanceCase> byDoc = new LinkedHashMap<>();
            for (ConformanceCase c : batch) {
                Path doc = c.writeDocument(caseDir(c));
                args.add(doc.toString());
                byDoc.put(doc.toString(), c);
            }
            long start = System.nanoTime();
            ExecscriptCli.Result r = cli.run(args);
            List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
            if ((r.exitCode() != 0 && r.exitCode() != 1) || lines.size() != batch.size()) {
                batchNote = "batch of " + batch.size() + " documents gave exit code " + r.exitCode() + " and " + lines.size()
                        + " results; every case ran alone instead. stderr: " + ParsedJson.abbreviate(r.stderr(), 500);
                System.err.println("conformance: " + batchNote);
                return;
            }
            for (int i = 0; i < lines.size(); i++) {
                JsonNode execution = ParsedJson.parse(lines.get(i)).get("AutomationExecution");
                boolean ok = "Success".equals(execution.path("AutomationExecutionStatus").asText());
                batchOutcomes.put(batch.get(i).id(), new CliOutcome(ok ? 0 : 1, lines.get(i), r.stderr(), execution, true));
            }
            batchNote = batch.size() + " documents in one run, " + (System.nanoTime() - start) / 1_000_000 + " ms";
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
