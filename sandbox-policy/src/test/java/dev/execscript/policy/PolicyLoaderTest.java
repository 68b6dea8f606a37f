package dev.execscript.policy;

import dev.execscript.text.YamlLimits;
import dev.execscript.text.LocatedYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

    private static final long MIB = 1024 * 1024;

    private static ScriptPolicy yaml(String text) throws IOException {
        return PolicyLoader.load(new StringReader(text), "test.yaml", Path.of("/base"));
    }

    private static PolicyException yamlError(String text) {
        return (PolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> yaml(text));
    }

    @Test
    void load_fullFile_setsEverySetting() throws IOException {
        ScriptPolicy p = yaml("""
                preset: strict
                wallClockTimeout: 30s
                maxStatements: 5000000
                cpuTime: 10s
                maxAllocatedBytes: 512MB
                maxRecursionDepth: 500
                maxOutputBytes: 64KB
                maxPayloadBytes: 50KB
                maxPayloadListItems: 10
                readableDirectories: [/data/in]
                environmentVariables: [HOME, LANG]
                allowThreads: true
                allowNetwork: false
                isolation: reuse
                poolSize: 4
                warmupImports: [json, re]
                maxArchiveEntries: 10
                maxArchiveUncompressedBytes: 1MB
                maxArchiveCompressionRatio: 20
                pwshPath: /usr/bin/pwsh
                strictRuntimes: true
                maxMemory: 1GB
                confinement: required
                """);
        assertThat(p).isEqualTo(ScriptPolicyBuilderTest.everythingChanged());
    }

    @Test
    void load_confinementOff_bareOrQuoted_isOff() throws IOException {
        assertThat(yaml("confinement: off\n").isolationSettings().confinement()).isEqualTo(Confinement.OFF);
        assertThat(yaml("confinement: 'off'\n").isolationSettings().confinement()).isEqualTo(Confinement.OFF);
        assertThat(yaml("isolation: process\n").isolationSettings().isolation()).isEqualTo(Isolation.PROCESS);
    }

    @Test
    void load_isolationProcessReuse_anyCase_isProcessReuse() throws IOException {
        assertThat(yaml("isolation: Process-Reuse\n").isolationSettings().isolation()).isEqualTo(Isolation.PROCESS_REUSE);
        assertThat(Isolation.PROCESS_REUSE.inWorkerProcesses()).isTrue();
        assertThat(Isolation.REUSE.inWorkerProcesses()).isFalse();
    }

    @Test
    void load_partialFileOverLocalDevPreset_keepsPresetForUnsetKeys() throws IOException {
        // The preset is the base even when written after the keys that change it.
        ScriptPolicy p = yaml("""
                wallClockTimeout: 2m
                preset: local-dev
                """);
        assertThat(p).isEqualTo(ScriptPolicy.preset("local-dev").toBuilder()
                .wallClockTimeout(Duration.ofMinutes(2)).build());
    }

    @Test
    void load_strictRuntimesTrue_setsItAndNothingElse() throws IOException {
        assertThat(yaml("strictRuntimes: true\n")).isEqualTo(ScriptPolicy.defaults().toBuilder().strictRuntimes(true).build());
        assertThat(yaml("strictRuntimes: false\n").strictRuntimes()).isFalse();
        assertThat(PolicyLoader.knownKeys()).contains("strictRuntimes");
    }

    @Test
    void load_emptyFile_isStrict() throws IOException {
        assertThat(yaml("")).isEqualTo(ScriptPolicy.defaults());
        assertThat(yaml("# only a comment\n")).isEqualTo(ScriptPolicy.defaults());
    }

    @Test
    void load_unknownKey_namesKeyFileLineAndKnownKeys() {
        PolicyException e = yamlError("""
                wallClockTimeout: 30s
                # a comment line still counts
                maxStatement: 5
                """);
        assertThat(e.getMessage())
                .startsWith("test.yaml line 3: ")
                .contains("'maxStatement'", "did you mean 'maxStatements'?", "known settings: preset, wallClockTimeout");
        assertThat(e.setting()).isEqualTo("maxStatement");
        assertThat(e.source()).contains("test.yaml");
        assertThat(e.line()).hasValue(3);
    }

    @Test
    void load_unknownKeyFarFromAnyKnown_noSuggestion() {
        assertThat(yamlError("colour: blue\n").getMessage()).doesNotContain("did you mean").contains("'colour'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            maxStatements: lots          | maxStatements | = lots has the wrong form; expected a whole number
            maxStatements: 1.5           | maxStatements | a whole number
            maxStatements: [1]           | maxStatements | = a list has the wrong form
            wallClockTimeout: soon       | wallClockTimeout | a duration such as 250ms
            wallClockTimeout: true       | wallClockTimeout | = true has the wrong form
            cpuTime:                     | cpuTime | = nothing has the wrong form
            maxAllocatedBytes: 5 apples  | maxAllocatedBytes | a size in bytes
            maxAllocatedBytes: 1.3KB     | maxAllocatedBytes | a size in bytes
            allowThreads: 'yes'          | allowThreads | expected true or false
            allowThreads: 1              | allowThreads | expected true or false
            strictRuntimes: 'yes'        | strictRuntimes | expected true or false
            strictRuntimes: [true]       | strictRuntimes | expected true or false
            isolation: shared            | isolation | expected fresh, reuse, process or process-reuse
            confinement: maybe           | confinement | expected auto, required or off
            maxMemory: 1MB               | maxMemory | 64MiB
            environmentVariables: HOME   | environmentVariables | = HOME has the wrong form; expected a list
            environmentVariables: [{a: 1}] | environmentVariables | = a mapping has the wrong form
            readableDirectories: {a: 1}  | readableDirectories | = a mapping has the wrong form
            poolSize: {}                 | poolSize | = a mapping has the wrong form
            preset: [strict]             | preset | expected one of strict, local-dev
            """)
    void load_wrongType_namesKeyFileLineAndExpectedForm(String line, String key, String fragment) {
        PolicyException e = yamlError("# first line\n" + line + "\n");
        assertThat(e.getMessage()).startsWith("test.yaml line 2: ").contains("'" + key + "'", fragment);
        assertThat(e.setting()).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wallClockTimeout: 601s        | wallClockTimeout | = 601s is out of range; allowed: more than 0s and at most 10m
            wallClockTimeout: 0           | wallClockTimeout | = 0s is out of range
            cpuTime: -1ms                 | cpuTime | = -1ms is out of range
            maxAllocatedBytes: 1023KB     | maxAllocatedBytes | = 1047552 is out of range; allowed: at least 1MiB
            maxOutputBytes: 257MB         | maxOutputBytes | = 269484032 is out of range; allowed: 0B to 256MiB
            maxOutputBytes: 8GB           | maxOutputBytes | = 8589934592 is out of range
            maxStatements: 0              | maxStatements | = 0 is out of range; allowed: at least 1
            maxStatements: 99999999999999999999 | maxStatements | = 99999999999999999999 is out of range
            maxArchiveUncompressedBytes: 99999999999TB | maxArchiveUncompressedBytes | = 99999999999TB is out of range
            wallClockTimeout: 99999999999999999999h | wallClockTimeout | = 99999999999999999999h is out of range
            maxRecursionDepth: 49         | maxRecursionDepth | allowed: 50 to 100,000
            poolSize: 65                  | poolSize | allowed: 0 to 64
            allowNetwork: true            | allowNetwork | scripts have no network; to answer their AWS calls from a local endpoint, set awsEndpoint
            preset: lenient               | preset | known presets: strict, local-dev
            """)
    void load_outOfRange_namesKeyFileLineValueAndRange(String line, String key, String fragment) {
        PolicyException e = yamlError("# first line\n" + line + "\n");
        assertThat(e.getMessage()).startsWith("test.yaml line 2: ").contains("'" + key + "'", fragment);
        assertThat(e.line()).hasValue(2);
    }

    @Test
    void load_badListItem_pointsAtItsLine() {
        PolicyException e = yamlError("""
                environmentVariables:
                  - HOME
                  - NOT-A-NAME
                """);
        assertThat(e.getMessage()).startsWith("test.yaml line 3: ").contains("'NOT-A-NAME'", "environmentVariables");
    }

    @Test
    void load_repeatedKey_namesBothLines() {
        PolicyException e = yamlError("poolSize: 1\nmaxStatements: 5\npoolSize: 2\n");
        assertThat(e.getMessage()).startsWith("test.yaml line 3: ").contains("'poolSize'", "twice", "line 1");
    }

    @Test
    void load_syntaxError_isPolicyExceptionWithLine() {
        PolicyException e = yamlError("poolSize: 1\nwarmupImports: [json\n");
        assertThat(e.getMessage()).startsWith("test.yaml").contains("not valid YAML");
        assertThat(e.setting()).isNull();
        assertThat(e.line()).isPresent();
    }

    @Test
    void load_yamlAliasOrComplexKey_neverLeaksAJacksonException() {
        // Whatever Jackson makes of these, the caller must see a policy or a PolicyException.
        for (String text : new String[] {"poolSize: &n 3\nmaxArchiveEntries: *n\n", "? [a, b]\n: 1\n", "!!binary x: 1\n",
                "poolSize: !!str 3\n", "\tpoolSize: 1\n"}) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> yaml(text));
            assertThat(t).as(text).satisfiesAnyOf(x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(PolicyException.class));
        }
    }

    @Test
    void load_topLevelList_rejected() {
        assertThat(yamlError("- poolSize\n").getMessage()).contains("expected a mapping of setting names to values");
    }

    @Test
    void load_secondDocument_rejected() {
        assertThat(yamlError("poolSize: 1\n---\npoolSize: 2\n").getMessage()).contains("line 3: unexpected content after the end of the YAML document");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            250ms  | PT0.25S
            30s    | PT30S
            2m     | PT2M
            30     | PT30S
            0.5    | PT0.5S
            1.5s   | PT1.5S
            PT45S  | PT45S
            10M    | PT10M
            """)
    void load_durationForms_parsed(String text, String iso) throws IOException {
        assertThat(yaml("cpuTime: " + text).guestLimits().cpuTime()).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2097152   | 2097152
            2MB       | 2097152
            2MiB      | 2097152
            2mb       | 2097152
            0.5GB     | 536870912
            1GiB      | 1073741824
            2048KB    | 2097152
            1TB       | 1099511627776
            '3_145_728' | 3145728
            """)
    void load_sizeForms_parsed1024Based(String text, long bytes) throws IOException {
        assertThat(yaml("maxAllocatedBytes: " + text).guestLimits().maxAllocatedBytes()).isEqualTo(bytes);
    }

    @Test
    void load_countWithUnderscores_parsed() throws IOException {
        assertThat(yaml("maxStatements: '5_000_000'").guestLimits().maxStatements()).isEqualTo(5_000_000);
        assertThat(yaml("maxStatements: 5_000_000").guestLimits().maxStatements()).isEqualTo(5_000_000);
    }

    @Test
    void load_file_relativeDirectoriesResolveAgainstFileDirectory(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("conf/policy.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "readableDirectories: [in, ../shared, /abs]\n");
        assertThat(PolicyLoader.load(file).readableDirectories())
                .containsExactly(dir.resolve("conf/in"), dir.resolve("shared"), Path.of("/abs"));
        assertThat(ScriptPolicy.load(file)).isEqualTo(PolicyLoader.load(file));
    }

    @Test
    void load_reader_relativeDirectoriesResolveAgainstWorkingDirectory() throws IOException {
        ScriptPolicy p = ScriptPolicy.load(new StringReader("readableDirectories: [in]"), "inline.yaml");
        assertThat(p.readableDirectories()).containsExactly(Path.of("").toAbsolutePath().resolve("in"));
    }

    @Test
    void load_jsonFile_readAsJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, """
                {
                  "preset": "local-dev",
                  "wallClockTimeout": 30,
                  "maxAllocatedBytes": "512MB",
                  "environmentVariables": ["HOME"]
                }
                """);
        ScriptPolicy p = PolicyLoader.load(file);
        assertThat(p.allowThreads()).isTrue();
        assertThat(p.wallClockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.guestLimits().maxAllocatedBytes()).isEqualTo(512 * MIB);
        assertThat(p.environmentVariables()).containsExactly("HOME");
    }

    @Test
    void load_jsonUnknownKey_namesLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\n  \"poolSize\": 1,\n  \"pool\": 2\n}\n");
        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(file + " line 3: ")
                .hasMessageContaining("'pool'");
    }

    @Test
    void load_malformedJson_isPolicyException(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\n  \"poolSize\": 1,\n}\n");
        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void load_missingFile_isIOException(@TempDir Path dir) {
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("nope.yaml"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void knownKeys_coverEveryBuilderSettingPlusPreset() {
        assertThat(PolicyLoader.knownKeys()).hasSize(25).first().isEqualTo("preset");
    }

    @Test
    void load_awsEndpoint_keptAsOriginOnly() throws IOException {
        assertThat(yaml("awsEndpoint: http://127.0.0.1:4566/\n").awsEndpoint()).hasValueSatisfying(
                u -> assertThat(u.toString()).isEqualTo("http://127.0.0.1:4566"));
    }

    @Test
    void load_awsEndpointNotHttp_namesLineAndForm() {
        assertThat(yamlError("maxStatements: 5\nawsEndpoint: ftp://example.com\n").getMessage())
                .startsWith("test.yaml line 2: ").contains("awsEndpoint").contains("the scheme must be http or https");
        assertThat(yamlError("awsEndpoint: http://example.com/path?x=1\n").getMessage())
                .contains("only scheme, host and port");
    }

    @Test
    void load_pythonPath_eachDirectoryAbsolute() throws IOException {
        assertThat(yaml("pythonPath: [/opt/boto, /opt/other]\n").pythonPath())
                .containsExactly(java.nio.file.Path.of("/opt/boto"), java.nio.file.Path.of("/opt/other"));
    }

    // ---- the YAML rules every file shares (LocatedYaml, YamlLimits) --------------------------------

    @Test
    void load_alias_isTheAnchoredValue() throws IOException {
        ScriptPolicy p = yaml("wallClockTimeout: &t 45s\ncpuTime: *t\nwarmupImports: [&m json, re]\nmaxStatements: 5\n");
        assertThat(p.wallClockTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.guestLimits().cpuTime()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void load_aliasToNoAnchor_failsWithItsLine() {
        PolicyException e = yamlError("poolSize: 2\ncpuTime: *missing\n");
        assertThat(e.getMessage()).isEqualTo("test.yaml line 2: alias *missing refers to no anchor &missing before it");
        assertThat(e.setting()).isEqualTo("cpuTime");
    }

    @Test
    void load_keyGivenTwice_namesTheSetting() {
        PolicyException e = yamlError("poolSize: 1\ncpuTime: 1s\npoolSize: 2\n");
        assertThat(e.setting()).isEqualTo("poolSize");
        assertThat(e.getMessage()).isEqualTo("test.yaml line 3: key 'poolSize' is given twice (first on line 1)");
    }

    @Test
    void load_billionLaughs_refusedNamingTheLimit() {
        StringBuilder sb = new StringBuilder("warmupImports: [&l0 lol");
        for (int i = 1; i <= 10; i++) {
            sb.append(", &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            sb.append("]");
        }
        String laughs = sb.append("]\n").toString();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThat(yamlError(laughs).getMessage()).startsWith("test.yaml line 1: too many alias expansions")
                        .endsWith("(limit " + YamlLimits.POLICY_FILE.maxAliasValues() + ")"));
    }

    @Test
    void load_nestedTooDeep_refused() {
        int depth = YamlLimits.POLICY_FILE.maxDepth();
        assertThat(yamlError("warmupImports: " + "[".repeat(depth) + "]".repeat(depth) + "\n").getMessage())
                .contains("nested more than " + depth + " deep (limit " + depth + ")");
    }

    @Test
    void load_fileOverSizeLimit_refusedAtOnceNamingTheLimit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "pwshPath: \"" + "a".repeat(20 * 1024 * 1024) + "\"\n");
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> PolicyLoader.load(file))
                        .isInstanceOf(PolicyException.class)
                        .hasMessage(file + ": is too large (20971533 bytes); a policy file may be at most 65536 bytes (64 KB)"));
    }

    @Test
    void load_readerOverSizeLimit_refusedWithoutReadingToTheEnd() {
        java.io.Reader endless = new java.io.Reader() {
            @Override
            public int read(char[] buf, int off, int len) {
                java.util.Arrays.fill(buf, off, off + len, '#');
                return len;
            }

            @Override
            public void close() {
            }
        };
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> PolicyLoader.load(endless, "endless.yaml"))
                        .isInstanceOf(PolicyException.class)
                        .hasMessage("endless.yaml: is too large (more than 65536 bytes); a policy file may be at most 65536"
                                + " bytes (64 KB)"));
    }

    @Test
    void load_fileJustUnderSizeLimit_parses(@TempDir Path dir) throws IOException {
        String setting = "\nwallClockTimeout: 31s\n";
        String comment = "#" + "x".repeat((int) YamlLimits.POLICY_FILE.maxBytes() - 1 - setting.length());
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, comment + setting);
        assertThat(Files.size(file)).isEqualTo(YamlLimits.POLICY_FILE.maxBytes());
        assertThat(PolicyLoader.load(file).wallClockTimeout()).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void load_valueWithControlCharactersAndGreatLength_echoedEscapedAndCut() {
        String value = "\\e]0;title\\a" + "9".repeat(10_000);
        String message = yamlError("isolation: \"" + value + "\"\n").getMessage();
        assertThat(message).contains("= \\u001B]0;title\\u00079999").contains("(10010 characters)")
                .doesNotContain("\u001b").hasSizeLessThan(300);
    }
}
