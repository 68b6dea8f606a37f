package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a process of its own, for what only a whole process shows: it ends promptly after its
 * results even when a script's thread is stuck in a builtin that ignores cancellation, and it answers
 * SIGTERM, without a Java stack trace either way. (Before: the JVM stayed up until the builtin returned,
 * hours for these scripts, ignored SIGTERM and then printed "AssertionError: The log handler is closed".)
 */
class ProcessExitTest {

    /** Generous: the point is minutes-to-hours against seconds, not a timing. */
    private static final long EXIT_WITHIN_SECONDS = 90;

    @TempDir
    Path dir;

    private static String step(String name, int timeoutSeconds, String... body) {
        StringBuilder s = new StringBuilder("schemaVersion: '0.3'\nmainSteps:\n  - name: " + name
                + "\n    action: aws:executeScript\n    timeoutSeconds: " + timeoutSeconds
                + "\n    inputs:\n      Runtime: python3.11\n      Handler: handler\n      Script: |-\n        def handler(events, context):\n");
        for (String line : body) {
            s.append("            ").append(line).append('\n');
        }
        return s.toString();
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("execscript.resourceCache");
        if (cache != null) {
            command.add("-Dexecscript.resourceCache=" + cache);
        }
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    @Test
    void cli_scriptStuckInJavaBuiltin_printsEveryResultAndExits() throws Exception {
        Path stuck = Files.writeString(dir.resolve("stuck.yaml"), step("Burn", 2, "return sum(range(10**13))"));
        Path plain = Files.writeString(dir.resolve("plain.yaml"), step("Plain", 30, "return 7"));
        Process p = start("run", stuck.toString(), plain.toString());
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        boolean exited = p.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }

        assertThat(exited).as("the CLI exited after its results").isTrue();
        String stdout = out.get(10, TimeUnit.SECONDS);
        String stderr = err.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(stderr).isEqualTo(1);
        List<String> results = stdout.lines().toList();
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).contains("\"StepStatus\":\"TimedOut\"").contains("did not stop when cancelled");
        assertThat(results.get(1)).contains("\"StepStatus\":\"Success\"").contains("{\\\"Payload\\\":7}");
        assertThat(stderr).doesNotContain("Exception").doesNotContain("Error:").doesNotContain("\tat ");
    }

    @Test
    void cli_sigtermWhileScriptStuckInJavaBuiltin_exitsWithoutStackTrace() throws Exception {
        Path stuck = Files.writeString(dir.resolve("stuck.yaml"),
                step("Burn", 600, "print('burning', flush=True)", "return sum(range(10**13))"));
        Process p = start("run", stuck.toString());
        CompletableFuture<String> out = drain(p.getInputStream());
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains("[Burn] burning")) {
                break;
            }
        }
        assertThat(seen.toString()).contains("[Burn] burning");
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            StringBuilder tail = new StringBuilder();
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    tail.append(line).append('\n');
                }
            } catch (IOException e) {
                tail.append("(unreadable: ").append(e).append(')');
            }
            return tail.toString();
        });

        // kill(1) rather than Process.destroy(), which also closes our ends of the process's streams.
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
        boolean exited = p.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }

        assertThat(exited).as("SIGTERM ended the CLI").isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        String stderr = seen + rest.get(10, TimeUnit.SECONDS);
        assertThat(stderr).doesNotContain("Exception").doesNotContain("Error:").doesNotContain("\tat ");
        out.get(10, TimeUnit.SECONDS);
    }

    /** timeoutSeconds counts the step: a cold process's engine and context start-up (seconds) is not the step's. */
    @Test
    void cli_trivialStepWithOneSecondTimeoutOnColdStart_succeeds() throws Exception {
        Path quick = Files.writeString(dir.resolve("quick.yaml"), step("Quick", 1, "return 'done'"));
        Process p = start("run", quick.toString());
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        assertThat(p.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS)).isTrue();

        String stdout = out.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(stdout + err.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(stdout).contains("\"StepStatus\": \"Success\"");
    }
}
