package dev.execscript.powershell;

import dev.execscript.runtime.StepStatus;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.attachment.ZipArchive;
import dev.execscript.attachment.Zips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with a real {@code pwsh}: the wrapper's semantics (success stream → payload, errors,
 * parse errors, modules from the attachment, encodings). Skipped, with the reason, where pwsh is not on PATH.
 */
class PowerShellRunnerPwshTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<Path> PWSH = PowerShellRunner.findOnPath();

    @TempDir
    Path temps;

    private PowerShellRunner runner;
    private final List<String> live = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void needsPwsh() {
        assumeTrue(PWSH.isPresent(), "pwsh not on PATH: install PowerShell 7 (pwsh) to run the real-pwsh tests;"
                + " the runner's mechanics are covered by PowerShellRunnerTest with fake-pwsh");
        runner = new PowerShellRunner(PWSH.get(), temps);
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        if (runner == null) {
            return;
        }
        try (Stream<Path> left = Files.list(temps)) {
            assertThat(left).isEmpty();
        }
    }

    private ScriptOutcome run(String script) {
        return run(script, "{}", Duration.ofSeconds(60), null);
    }

    private ScriptOutcome run(String script, String payload, Duration timeout, ZipArchive zip) {
        return runner.run(new PowerShellRequest(script, payload, timeout, Map.of("ALLOWED_BY_POLICY", "yes"),
                Optional.ofNullable(zip), 1024 * 1024, live::add));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static void assertSuccess(ScriptOutcome result, String expectedJson) throws IOException {
        assertThat(result.status()).as("%s\n%s", result.failureMessage(), result.output()).isEqualTo(StepStatus.Success);
        assertThat(json(result.payloadJson())).isEqualTo(json(expectedJson));
    }

    @Test
    void run_payloadRoundTrip() throws Exception {
        ScriptOutcome result = run("""
                $payload = $env:InputPayload | ConvertFrom-Json
                return @{ sum = $payload.a + $payload.b; name = $payload.name; list = $payload.list }
                """, "{\"a\":1,\"b\":2,\"name\":\"x\",\"list\":[1,\"two\"]}", Duration.ofSeconds(60), null);

        assertSuccess(result, "{\"sum\":3,\"name\":\"x\",\"list\":[1,\"two\"]}");
    }

    @Test
    void run_nestedObjects_keepTheirShape() throws Exception {
        assertSuccess(run("[pscustomobject]@{ a = @(1, 2); b = $null; c = [pscustomobject]@{ d = 'e'; f = $true } }"),
                "{\"a\":[1,2],\"b\":null,\"c\":{\"d\":\"e\",\"f\":true}}");
    }

    @Test
    void run_multipleOutputs_becomeAList() throws Exception {
        assertSuccess(run("1\n'two'\n@{ three = 3 }"), "[1,\"two\",{\"three\":3}]");
    }

    @Test
    void run_writeOutputIsOutputToo() throws Exception {
        // Everything on the success stream counts, as in PowerShell itself; Write-Host does not.
        assertSuccess(run("Write-Output 'log line'\nWrite-Host 'host line'\nreturn 5"), "[\"log line\",5]");
    }

    @Test
    void run_noOutput_isNull() throws Exception {
        assertSuccess(run("$x = 1\nWrite-Host 'only host output'"), "null");
    }

    @Test
    void run_oneReturnedArray_staysOneList() throws Exception {
        assertSuccess(run("return ,@(1, 2)"), "[1,2]");
        assertSuccess(run("return ,@('only')"), "[\"only\"]");
    }

    @Test
    void run_throw_failsWithMessageAndPosition() throws Exception {
        ScriptOutcome result = run("""
                $a = 1
                function Fail { throw "boom" }
                Fail
                """);

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).startsWith("boom").contains("line:2").contains("Script stack trace")
                .doesNotContain("wrapper.ps1");
        assertThat(result.payloadJson()).isNull();
        assertThat(result.details()).containsEntry(PowerShellRunner.EXIT_CODE, java.util.List.of("1"));
    }

    @Test
    void run_errorActionStop_fails() throws Exception {
        ScriptOutcome result = run("Get-Item -LiteralPath /definitely/not/here -ErrorAction Stop\n'unreached'");

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).contains("/definitely/not/here").contains("line:1");
    }

    @Test
    void run_unknownCommand_failsTheStep() throws Exception {
        // Statement-terminating errors reach the wrapper's try: documented choice.
        ScriptOutcome result = run("Invoke-NoSuchCommandXyz\n'after'");
        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).contains("Invoke-NoSuchCommandXyz");
    }

    @Test
    void run_writeError_isLoggedButDoesNotFail() throws Exception {
        ScriptOutcome result = run("Write-Error 'soft problem'\nreturn 'still ok'");

        assertSuccess(result, "\"still ok\"");
        assertThat(result.output()).contains("soft problem");
    }

    @Test
    void run_parseError_failsWithLineAndColumn() throws Exception {
        ScriptOutcome result = run("$ok = 1\nif ($true {\n  'x'\n");

        assertThat(result.status()).isEqualTo(StepStatus.Failed);
        assertThat(result.failureMessage()).startsWith("Parse error at line 2");
        assertThat(result.details()).containsEntry(PowerShellRunner.EXIT_CODE, java.util.List.of("2"));
    }

    @Test
    void run_timeout_killsPwshAndKeepsEarlierOutput() throws Exception {
        ScriptOutcome result = run("Write-Host 'before the sleep'\nStart-Sleep -Seconds 120",
                "{}", Duration.ofSeconds(10), null);

        assertThat(result.status()).isEqualTo(StepStatus.TimedOut);
        assertThat(result.failureMessage()).isEqualTo("PowerShell step timed out after 10 s");
        assertThat(result.output()).contains("before the sleep");
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void run_hostAndConsoleNoise_doesNotCorruptThePayload() throws Exception {
        ScriptOutcome result = run("""
                Write-Host '{"host":1}'
                [Console]::WriteLine('{"console":2}')
                [Console]::Error.WriteLine('to stderr')
                Write-Information 'info record' -InformationAction Continue
                Write-Warning 'a warning'
                Write-Verbose 'verbose record' -Verbose
                return @{ ok = $true }
                """);

        assertSuccess(result, "{\"ok\":true}");
        assertThat(result.output()).contains("{\"host\":1}", "{\"console\":2}", "to stderr", "a warning");
        assertThat(result.output()).doesNotContain("\u001b["); // no ANSI colour codes
        assertThat(live).contains("{\"host\":1}");
    }

    @Test
    void run_zipAttachment_moduleImportedByTheInlineScript() throws Exception {
        ZipArchive zip = Zips.archiveOfText("attachment.zip",
                "Greeter/Greeter.psm1", "function Get-Greeting([string] $Name) { \"Hello, $Name\" }\n"
                        + "Export-ModuleMember -Function Get-Greeting\n",
                "data.txt", "from the zip\n");

        ScriptOutcome result = run("""
                Import-Module ./Greeter/Greeter.psm1
                $byPath = Get-Greeting 'path'
                Remove-Module Greeter
                Import-Module Greeter
                @{ byPath = $byPath; byName = (Get-Greeting 'name'); data = (Get-Content ./data.txt -Raw).Trim() }
                """, "{}", Duration.ofSeconds(60), zip);

        assertSuccess(result, "{\"byPath\":\"Hello, path\",\"byName\":\"Hello, name\",\"data\":\"from the zip\"}");
    }

    @Test
    void run_unicode_inPayloadScriptAndOutput() throws Exception {
        ScriptOutcome result = run("""
                $p = $env:InputPayload | ConvertFrom-Json
                Write-Host "Grüße $($p.name)"
                return 'ü:' + $p.name
                """, "{\"name\":\"Zoë ☃ 日本 😀\"}", Duration.ofSeconds(60), null);

        assertSuccess(result, "\"ü:Zoë ☃ 日本 😀\"");
        assertThat(result.output()).contains("Grüße Zoë ☃ 日本 😀");
    }

    @Test
    void run_environment_isMinimal() throws Exception {
        ScriptOutcome result = run("""
                @{ names = @(Get-ChildItem env: | ForEach-Object Name); home = $env:HOME; allowed = $env:ALLOWED_BY_POLICY }
                """);

        assertThat(result.status()).as(result.output()).isEqualTo(StepStatus.Success);
        JsonNode payload = json(result.payloadJson());
        assertThat(payload.get("allowed").asText()).isEqualTo("yes");
        assertThat(payload.get("home").asText()).startsWith(temps.toString());
        List<String> names = new ArrayList<>();
        payload.get("names").forEach(n -> names.add(n.asText()));
        List<String> jvmOnly = System.getenv().keySet().stream()
                .filter(k -> !Set.of("PATH", "HOME", "TMPDIR", "PSModulePath").contains(k)).toList();
        assertThat(names).doesNotContainAnyElementsOf(jvmOnly).contains("InputPayload", "PATH");
    }

    @Test
    void run_exit_isReported() throws Exception {
        ScriptOutcome three = run("Write-Host 'x'\nexit 3");
        assertThat(three.status()).isEqualTo(StepStatus.Failed);
        assertThat(three.failureMessage()).isEqualTo("pwsh exited with code 3");

        ScriptOutcome zero = run("exit 0");
        assertThat(zero.status()).isEqualTo(StepStatus.Failed);
        assertThat(zero.failureMessage()).contains("wrote no payload");
    }
}
