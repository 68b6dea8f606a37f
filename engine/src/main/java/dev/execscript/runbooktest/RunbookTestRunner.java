package dev.execscript.runbooktest;

import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.output.TextCut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs runbook test cases on one {@link ExecScript} engine and checks each execution against its case.
 *
 * <pre>{@code
 * try (ExecScript engine = ExecScript.builder().build()) {
 *     RunbookTestFile file = RunbookTestFile.load(Path.of("my-runbook.test.yaml"), engine.policy().pythonPath());
 *     List<CaseResult> results = new RunbookTestRunner(engine).run(List.of(file), 2, RunbookTestRunner.Listener.NONE);
 * }
 * }</pre>
 *
 * Thread-safe, as the engine is.
 */
public final class RunbookTestRunner {

    /** Hears cases start and end; called on the threads that run them, so it must be thread-safe. */
    public interface Listener {

        Listener NONE = new Listener() { };

        default void started(RunbookTestFile file, RunbookTestCase testCase) {
        }

        default void finished(CaseResult result) {
        }
    }

    private final ExecScript engine;

    public RunbookTestRunner(ExecScript engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Checks, before anything runs, what only the engine can: each case's attachments (present, matching their
     * checksums) and, under {@code strictRuntimes}, the runbook's runtimes.
     *
     * @throws DocumentException naming the file, line, field and problem
     */
    public void check(List<RunbookTestFile> files) throws DocumentException {
        for (RunbookTestFile file : files) {
            for (RunbookTestCase c : file.cases()) {
                engine.check(file.runbook(), c.parameters());
            }
        }
    }

    /**
     * Runs every case of the files, up to {@code parallelism} at once, and returns their results in file and
     * case order, whatever order they end in.
     */
    public List<CaseResult> run(List<RunbookTestFile> files, int parallelism, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        int threads = Math.max(1, parallelism);
        List<Future<CaseResult>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("runbook-test-", 1).daemon(true).factory())) {
            for (RunbookTestFile file : files) {
                for (RunbookTestCase c : file.cases()) {
                    futures.add(pool.submit(() -> {
                        listener.started(file, c);
                        CaseResult result = run(file, c);
                        listener.finished(result);
                        return result;
                    }));
                }
            }
            List<CaseResult> results = new ArrayList<>();
            for (Future<CaseResult> f : futures) {
                results.add(join(f));
            }
            return results;
        }
    }

    /** Runs one case and checks it; never throws for what the runbook does (that is the result). */
    public CaseResult run(RunbookTestFile file, RunbookTestCase testCase) {
        long start = System.nanoTime();
        AutomationExecution execution;
        try {
            execution = engine.run(file.runbook(), testCase.parameters(), testCase.awsResponses());
        } catch (DocumentException e) {
            return error(file, testCase, e.getMessage(), start);
        } catch (RuntimeException e) {
            return error(file, testCase, "the case could not run: " + e, start);
        }
        List<Mismatch> mismatches = CaseCheck.check(testCase.expectations(), execution);
        return new CaseResult(file.path(), testCase.name(), testCase.line(), mismatches.isEmpty() ? CaseResult.Outcome.PASSED
                : CaseResult.Outcome.FAILED, mismatches, null, execution, Duration.ofNanos(System.nanoTime() - start));
    }

    private static CaseResult error(RunbookTestFile file, RunbookTestCase testCase, String message, long start) {
        return new CaseResult(file.path(), testCase.name(), testCase.line(), CaseResult.Outcome.ERROR, List.of(), TextCut.bounded(message),
                null, Duration.ofNanos(System.nanoTime() - start));
    }

    private static CaseResult join(Future<CaseResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while runbook tests ran", e);
        } catch (ExecutionException e) {
            // run(file, case) catches what a run throws; anything else is a bug of ours, reported as one.
            throw new IllegalStateException("a runbook test case could not be run: " + e.getCause(), e.getCause());
        }
    }
}
