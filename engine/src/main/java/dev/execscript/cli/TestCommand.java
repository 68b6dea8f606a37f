package dev.execscript.cli;

import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.text.TerminalText;
import dev.execscript.runbooktest.CaseResult;
import dev.execscript.runbooktest.JUnitXmlReport;
import dev.execscript.runbooktest.ResultsJson;
import dev.execscript.runbooktest.RunbookTestCase;
import dev.execscript.runbooktest.RunbookTestFile;
import dev.execscript.runbooktest.RunbookTestRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code execscript test PATH...}: runs runbook test cases and reports each, as CI tools read them too. */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs the cases of runbook test files (NAME.test.yaml, .test.yml, .test.json): each runs its runbook with "
                + "its parameters and AWS answers and checks the outcome, outputs and AWS calls.",
            "Prints one line per case (and what differed) and a summary line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every case passed",
            "1:a case failed or could not run",
            "2:a test file, runbook or argument is invalid (nothing ran)",
            "3:an internal error (please report it)"})
final class TestCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Test files, or directories searched for *.test.yaml, *.test.yml, *.test.json.")
    List<Path> paths;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the JUnit XML report (as CI systems read it).")
    Path junitXml;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the full results as JSON (each execution included).")
    Path json;

    @Option(names = "--jobs", paramLabel = "N", description = "Cases run at once (default: the machine's cores, ${DEFAULT-VALUE}).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Mixin
    AccountOptions accountOptions = new AccountOptions();

    private final PrintStream out;
    private final PrintStream err;
    private final TerminalWriter terminal;

    TestCommand(PrintStream out, PrintStream err, TerminalWriter terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws DocumentException {
        if (jobs < 1) {
            throw DocumentException.usage("--jobs must be at least 1");
        }
        ScriptPolicy policy = policy();
        List<Path> found = RunbookTestFile.find(paths);
        if (found.isEmpty()) {
            throw DocumentException.usage("no runbook test files (*.test.yaml, *.test.yml, *.test.json) under "
                    + String.join(", ", paths.stream().map(Path::toString).toList()));
        }
        List<RunbookTestFile> files = new ArrayList<>();
        for (Path p : found) {
            files.add(RunbookTestFile.load(p, policy.pythonPath()));
        }
        int cases = files.stream().mapToInt(f -> f.cases().size()).sum();
        LocalDateTime started = LocalDateTime.now();
        long start = System.nanoTime();
        List<CaseResult> results;
        try (ExecScript engine = ExecScript.builder().policy(policy).account(accountOptions.account).region(accountOptions.region).build()) {
            JitNotice.printIfMissing(engine, terminal);
            RunbookTestRunner runner = new RunbookTestRunner(engine);
            runner.check(files);
            Progress progress = new Progress(files, interactive());
            results = runner.run(files, Math.min(jobs, cases), progress);
            progress.clear();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long passed = results.stream().filter(CaseResult::passed).count();
        long errors = results.stream().filter(r -> r.outcome() == CaseResult.Outcome.ERROR).count();
        long failed = results.size() - passed - errors;
        out.println(String.format(Locale.ROOT, "%d %s in %d %s: %d passed, %d failed, %d %s (%.1f s)", results.size(),
                results.size() == 1 ? "case" : "cases", files.size(), files.size() == 1 ? "file" : "files", passed, failed, errors,
                errors == 1 ? "error" : "errors", seconds));
        out.flush();
        write(results, started);
        return passed == results.size() ? 0 : Main.EXIT_FAILED;
    }

    private void write(List<CaseResult> results, LocalDateTime started) throws DocumentException {
        try {
            if (junitXml != null) {
                JUnitXmlReport.write(results, started, junitXml);
            }
        } catch (IOException e) {
            throw DocumentException.usage("--junit-xml " + junitXml + ": cannot be written: " + e.getMessage());
        }
        try {
            if (json != null) {
                ResultsJson.write(results, json);
            }
        } catch (IOException e) {
            throw DocumentException.usage("--json " + json + ": cannot be written: " + e.getMessage());
        }
    }

    /** A progress line redrawn on stderr only when a person watches (both streams are the terminal). */
    private boolean interactive() {
        var console = System.console();
        return out == System.out && err == System.err && console != null && console.isTerminal();
    }

    /**
     * Prints each case's line in file and case order as soon as it and every case before it have ended, and
     * on a terminal a line below them saying how many have ended and which are running.
     */
    private final class Progress implements RunbookTestRunner.Listener {

        private final boolean live;
        /** Each case's place in the order results are printed: file, then case (names are unique in a file). */
        private final Map<String, Integer> places = new HashMap<>();
        private final CaseResult[] ended;
        private final Set<String> running = new LinkedHashSet<>();
        private int printed;
        private int done;

        Progress(List<RunbookTestFile> files, boolean live) {
            this.live = live;
            for (RunbookTestFile file : files) {
                for (RunbookTestCase c : file.cases()) {
                    places.put(key(file.path(), c.name()), places.size());
                }
            }
            this.ended = new CaseResult[places.size()];
        }

        private static String key(Path file, String name) {
            return file + "\0" + name;
        }

        @Override
        public synchronized void started(RunbookTestFile file, RunbookTestCase testCase) {
            running.add(testCase.name());
            draw();
        }

        @Override
        public synchronized void finished(CaseResult result) {
            running.remove(result.name());
            ended[places.get(key(result.file(), result.name()))] = result;
            done++;
            clear();
            while (printed < ended.length && ended[printed] != null) {
                print(ended[printed++]);
            }
            draw();
        }

        private void print(CaseResult r) {
            String word = switch (r.outcome()) {
                case PASSED -> "PASS ";
                case FAILED -> "FAIL ";
                case ERROR -> "ERROR";
            };
            out.println(word + " " + TerminalText.escape(r.title()) + String.format(Locale.ROOT, " (%.1f s)", r.elapsed().toNanos() / 1e9));
            if (!r.passed()) {
                for (String line : r.report().split("\n", -1)) {
                    out.println("      " + TerminalText.escape(line));
                }
            }
            out.flush();
        }

        private void draw() {
            if (live && done < ended.length) {
                String line = "[" + done + "/" + ended.length + " done] running: " + TerminalText.escape(String.join(", ", running));
                err.print("\r\033[K" + (line.length() > 150 ? line.substring(0, 147) + "..." : line));
                err.flush();
            }
        }

        synchronized void clear() {
            if (live) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    private ScriptPolicy policy() throws DocumentException {
        ScriptPolicy policy = policyOptions.policy();
        if (policy.awsEndpoint().isPresent()) {
            throw DocumentException.usage("runbook tests answer AWS calls from each case's declared answers; the policy's awsEndpoint "
                    + "cannot be used with execscript test");
        }
        return policy;
    }
}
