package dev.execscript.powershell;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.attachment.ZipArchive;
import dev.execscript.attachment.Zips;
import dev.execscript.confinement.OsConfinement;
import dev.execscript.output.OutputCapture;
import dev.execscript.policy.Confinement;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The runner's mechanics, with the test double {@code fake-pwsh} in place of pwsh: environment, file
 * contract, output capture, timeouts and process-tree kill, exit reporting, attachments, cleanup.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "fake-pwsh is a bash script")
class PowerShellRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tools;
    @TempDir
    Path temps;

    private PowerShellRunner runner;
    private final List<String> live = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void installDouble() throws IOException {
        // The process mechanics, unconfined (pids and the host's /tmp as the test sees them); see PowerShellConfinementTest.
        runner = new PowerShellRunner(FakePwsh.install(tools), temps, OsConfinement.detect(), Confinement.OFF);
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        try (Stream<Path> left = Files.list(temps)) {
            assertThat(left).as("private temp directories are deleted after every run").isEmpty();
        }
    }

    private PowerShellRequest request(String script) {
        return request(script, "{}", Duration.ofSeconds(30), Map.of(), null, 1024 * 1024);
    }

    private PowerShellRequest request(String script, String payload, Duration timeout, Map<String, String> env,
                                      ZipArchive zip, int maxOutput) {
        return new PowerShellRequest(script, payload, timeout, env, Optional.ofNullable(zip), maxOutput, live::add);
    }

    @Test
    void run_payloadEcho_inputPayloadArrivesInTheEnvironment() throws Exception {
        String payload = "{\"name\":\"x\",\"n\":[1,2,3]}";
        ScriptOutcome result = runner.run(request("#fake: payload-echo", payload, Duration.ofSeconds(30),
                Map.of(), null, 1024));

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.payloadJson()).isEqualTo(payload);
        assertThat(result.failureMessage()).isNull();
    }

    @Test
    void run_environment_isMinimal() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: dump-env\n#fake: write-payload 'null'", "{\"k\":1}",
                Duration.ofSeconds(30), Map.of("ALLOWED_BY_POLICY", "yes"), null, 1024 * 1024));

        Map<String, String> env = new HashMap<>();
        for (String line : result.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        // PWD, SHLVL, _ and OLDPWD are bash's own, not inherited.
        Set<String> bashOwn = Set.of("PWD", "SHLVL", "_", "OLDPWD");
        assertThat(env.keySet()).allMatch(k -> bashOwn.contains(k) || Set.of("PATH", "HOME", "TMPDIR", "InputPayload",
                "ALLOWED_BY_POLICY", "POWERSHELL_TELEMETRY_OPTOUT", "POWERSHELL_UPDATECHECK").contains(k), "allowed");
        assertThat(env).containsEntry("InputPayload", "{\"k\":1}")
                .containsEntry("ALLOWED_BY_POLICY", "yes")
                .containsEntry("PATH", System.getenv("PATH"))
                .containsEntry("POWERSHELL_TELEMETRY_OPTOUT", "1");
        assertThat(env.get("HOME")).startsWith(temps + "/").endsWith("/home");
        assertThat(env.get("TMPDIR")).startsWith(temps + "/").endsWith("/tmp");
        // Something the test JVM has must not get through.
        List<String> jvmOnly = System.getenv().keySet().stream()
                .filter(k -> !Set.of("PATH", "HOME", "TMPDIR").contains(k) && !bashOwn.contains(k)).toList();
        assertThat(jvmOnly).as("the test JVM has environment variables of its own").isNotEmpty();
        assertThat(env.keySet()).doesNotContainAnyElementsOf(jvmOnly);
    }

    @Test
    void run_requestEnvironment_cannotReplaceInputPayloadHomeOrTmpdir() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: dump-env\n#fake: payload-echo", "{\"real\":true}",
                Duration.ofSeconds(30), Map.of("InputPayload", "{\"forged\":true}", "HOME", "/root", "TMPDIR", "/tmp"),
                null, 1024 * 1024));

        assertThat(result.payloadJson()).isEqualTo("{\"real\":true}");
        assertThat(result.output()).doesNotContain("HOME=/root\n").doesNotContain("TMPDIR=/tmp\n");
    }

    @Test
    void run_commandLine_hasPwshFlagsAndTheWrapperContract() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: args\n#fake: write-payload 'null'"));

        List<String> args = result.output().lines().filter(l -> l.startsWith("arg: ")).map(l -> l.substring(5)).toList();
        assertThat(args.subList(0, 5)).containsExactly("-NoLogo", "-NoProfile", "-NonInteractive", "-File", args.get(4));
        assertThat(args.get(4)).endsWith("wrapper.ps1");
        assertThat(args.subList(5, args.size())).hasSize(6)
                .contains("-ScriptPath", "-PayloadPath", "-ErrorPath");
    }

    @Test
    void run_payloadFile_isReadBackVerbatim() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: write-payload '[1,{\"b\":\"ü\"},null,\"x\"]'"));

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(JSON.readTree(result.payloadJson())).isEqualTo(JSON.readTree("[1,{\"b\":\"ü\"},null,\"x\"]"));
    }

    @Test
    void run_noiseOnStdoutAndStderr_doesNotCorruptThePayload() throws Exception {
        ScriptOutcome result = runner.run(request("""
                #fake: echo {"looks":"like json"}
                #fake: echo-err warning: something
                #fake: write-payload '{"ok":true}'
                #fake: echo after the payload
                """));

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.payloadJson()).isEqualTo("{\"ok\":true}");
        assertThat(result.output()).contains("{\"looks\":\"like json\"}", "warning: something", "after the payload");
        assertThat(live).contains("{\"looks\":\"like json\"}", "warning: something", "after the payload");
    }

    @Test
    void run_errorFile_failsWithItsMessage() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: echo working\n#fake: error \"boom at line 2\""));

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).isEqualTo("boom at line 2");
        assertThat(result.payloadJson()).isNull();
        assertThat(result.details()).containsEntry(PowerShellRunner.EXIT_CODE, java.util.List.of("1"));
        assertThat(result.output()).contains("working");
    }

    @Test
    void run_errorFileWinsOverAPayload() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: write-payload '1'\n#fake: error \"late failure\""));
        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).isEqualTo("late failure");
    }

    @Test
    void run_nonZeroExit_reportsTheExitCode() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: exit 3"));

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).isEqualTo("pwsh exited with code 3");
        assertThat(result.details()).containsEntry(PowerShellRunner.EXIT_CODE, java.util.List.of("3"));
    }

    @Test
    void run_killedBySignal_reportsTheSignal() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: kill-self 9"));

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).isEqualTo("pwsh was killed by signal 9 (SIGKILL) (exit code 137)");
        assertThat(result.details()).containsEntry(PowerShellRunner.EXIT_CODE, java.util.List.of("137"));
    }

    @Test
    void run_exitZeroWithoutPayload_failsClearly() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: exit 0"));

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).contains("exited with code 0 but wrote no payload");
    }

    @Test
    void run_invalidJsonPayload_fails() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: write-payload '{\"a\":'"));

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).startsWith("the payload file is not valid JSON");
    }

    @Test
    void describeExit_namesSignals() {
        assertThat(PowerShellRunner.describeExit(1)).isEqualTo("pwsh exited with code 1");
        assertThat(PowerShellRunner.describeExit(143)).isEqualTo("pwsh was killed by signal 15 (SIGTERM) (exit code 143)");
    }

    @Test
    void run_floodingScript_isCappedWithMarker() throws Exception {
        // 8 MB on both pipes at once: if either were not drained concurrently, the double would block on a
        // full pipe and the step would time out instead.
        ScriptOutcome result = runner.run(request("""
                #fake: flood 5000000
                #fake: flood-err 3000000
                #fake: write-payload '"survived"'
                """, "{}", Duration.ofSeconds(60), Map.of(), null, 10_000));

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.payloadJson()).isEqualTo("\"survived\"");
        String marker = OutputCapture.marker(10_000);
        String cut = marker.substring(0, marker.length() - 1);
        assertThat(result.output()).containsPattern(Pattern.quote(cut) + "; 80\\d\\d\\d\\d\\d bytes were printed in all]\n$");
        assertThat(result.output().split(Pattern.quote(cut), -1)).hasSize(2);
        assertThat(result.output().length()).isLessThanOrEqualTo(10_000 + marker.length() + 50);
        assertThat(live.getLast()).isEqualTo(marker);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void run_floodWithoutNewlines_isCappedWithMarker() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: flood-noline 3000000\n#fake: write-payload '1'",
                "{}", Duration.ofSeconds(60), Map.of(), null, 50_000));

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.output()).contains(OutputCapture.marker(50_000).replace("]", ";"));
        assertThat(result.output().length()).isLessThan(50_200);
        assertThat(live).allMatch(l -> OutputCapture.utf8Length(l) <= OutputCapture.MAX_LINE_BYTES);
    }

    @Test
    void run_timeout_killsGrandchild() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: spawn-child-sleep\n#fake: sleep 30",
                "{}", Duration.ofSeconds(1), Map.of(), null, 1024 * 1024));

        assertThat(result.status()).isEqualTo(StepStatus.TimedOut);
        assertThat(result.failureMessage()).isEqualTo("PowerShell step timed out after 1 s");
        assertThat(result.payloadJson()).isNull();
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(15));
        Matcher m = Pattern.compile("child-pid: (\\d+)").matcher(result.output());
        assertThat(m.find()).as("the double printed its background child's pid").isTrue();
        long grandchild = Long.parseLong(m.group(1));
        assertThat(isGone(grandchild)).as("grandchild %d killed", grandchild).isTrue();
        assertThat(result.output()).contains("[execscript: timed out after 1 s; killed pwsh and");
    }

    @Test
    void run_timeout_keepsOutputPrintedBeforeTheKill() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: echo before-kill\n#fake: echo-err also-before\n#fake: sleep 30",
                "{}", Duration.ofMillis(1500), Map.of(), null, 1024 * 1024));

        assertThat(result.status()).isEqualTo(StepStatus.TimedOut);
        assertThat(result.failureMessage()).isEqualTo("PowerShell step timed out after 1500 ms");
        assertThat(result.output()).contains("before-kill\n", "also-before\n");
    }

    @Test
    void run_liveOutput_receivesLinesBeforeTheProcessEnds() throws Exception {
        List<Long> firstSeen = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        PowerShellRequest request = new PowerShellRequest("#fake: echo first\n#fake: sleep 2\n#fake: write-payload '1'",
                "{}", Duration.ofSeconds(30), Map.of(), Optional.empty(), 1024,
                line -> {
                    if (line.equals("first")) {
                        firstSeen.add(System.nanoTime() - start);
                    }
                });
        ScriptOutcome result = runner.run(request);

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(firstSeen).hasSize(1);
        assertThat(Duration.ofNanos(firstSeen.getFirst())).isLessThan(result.elapsed().minusSeconds(1));
    }

    @Test
    void run_throwingLiveConsumer_doesNotStopTheRun() throws Exception {
        PowerShellRequest request = new PowerShellRequest("#fake: flood 100000\n#fake: write-payload '1'", "{}",
                Duration.ofSeconds(30), Map.of(), Optional.empty(), 1024 * 1024,
                line -> {
                    throw new IllegalStateException("consumer broke");
                });
        ScriptOutcome result = runner.run(request);
        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.output()).hasSizeGreaterThan(100_000);
    }

    @Test
    void run_missingExecutable_failsToStart() throws Exception {
        PowerShellRunner missing = new PowerShellRunner(tools.resolve("no-such-pwsh"), temps, OsConfinement.detect(), Confinement.OFF);
        ScriptOutcome result = missing.run(request("1"));

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).startsWith("could not start pwsh (" + tools.resolve("no-such-pwsh") + ")");
        assertThat(result.details()).doesNotContainKey(PowerShellRunner.EXIT_CODE);
    }

    @Test
    void run_unicode_roundTripsThroughEnvironmentScriptAndOutput() throws Exception {
        String payload = "{\"name\":\"Zoë ☃ 日本 😀\"}";
        ScriptOutcome result = runner.run(request("#fake: echo Grüße ☃ 😀\n#fake: payload-echo", payload,
                Duration.ofSeconds(30), Map.of(), null, 1024 * 1024));

        assertThat(result.payloadJson()).isEqualTo(payload);
        assertThat(result.output()).contains("Grüße ☃ 😀");
    }

    @Test
    void run_validZip_isTheWorkingDirectory() throws Exception {
        ZipArchive zip = Zips.archiveOfText("attachment.zip",
                "data/hello.txt", "hello from the zip",
                "MyMod/MyMod.psm1", "function Get-Greeting { 'hi' }");

        ScriptOutcome result = runner.run(request("#fake: pwd\n#fake: cat data/hello.txt\n#fake: write-payload '1'",
                "{}", Duration.ofSeconds(30), Map.of(), zip, 1024 * 1024));

        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.output()).contains("./data/hello.txt", "./MyMod/MyMod.psm1", "hello from the zip");
        String pwd = result.output().lines().filter(l -> l.startsWith("pwd: ")).findFirst().orElseThrow().substring(5);
        assertThat(pwd).startsWith(temps.toRealPath() + "/").endsWith("/work");
    }

    @Test
    void run_withoutZip_workingDirectoryIsEmptyAndPrivate() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: pwd\n#fake: write-payload '1'"));
        assertThat(result.output()).contains("pwd: " + temps.toRealPath());
        assertThat(result.output().lines().filter(l -> l.startsWith("./"))).isEmpty();
    }

    @Test
    void run_scriptLeavesLockedDirectories_tempDirDeletedAnyway() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: write-file a.txt\n#fake: lock-dir locked\n#fake: write-payload '1'"));
        assertThat(result.status()).isEqualTo(StepStatus.Success);
        assertThat(result.output()).doesNotContain("could not delete");
    }

    @Test
    void run_failureAndTimeout_deleteTheTempDirToo() throws Exception {
        runner.run(request("#fake: write-file a.txt\n#fake: exit 7"));
        runner.run(request("#fake: write-file a.txt\n#fake: sleep 30", "{}", Duration.ofMillis(500), Map.of(), null, 1024));
        // @AfterEach checks
    }

    @Test
    void run_backgroundChildHoldingTheOutputOpen_doesNotHangTheRun() throws Exception {
        ScriptOutcome result = runner.run(request("#fake: spawn-child-sleep\n#fake: write-payload '1'"));
        try {
            assertThat(result.status()).isEqualTo(StepStatus.Success);
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
            Matcher child = Pattern.compile("child-pid: (\\d+)").matcher(result.output());
            assertThat(child.find()).as(result.output()).isTrue();
            // The run stopped reading the output the child still held; only if the child had already ended (seen once
            // in CI on a loaded machine: the output closed at once) is there nothing to stop reading.
            if (!result.output().contains("[execscript: stopped reading output: a background process")) {
                assertThat(isGone(Long.parseLong(child.group(1)))).as("no marker, so the child must have ended: " + result.output()).isTrue();
            }
        } finally {
            Matcher m = Pattern.compile("child-pid: (\\d+)").matcher(result.output());
            if (m.find()) {
                ProcessHandle.of(Long.parseLong(m.group(1))).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Dead, or a zombie waiting to be reaped by whoever inherited it. */
    private static boolean isGone(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (Files.exists(stat)) {
                String s = Files.readString(stat);
                String state = s.substring(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
                if (state.equals("Z") || state.equals("X")) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }
}
