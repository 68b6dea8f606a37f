package dev.execscript.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptPolicyBuilderTest {

    private static final long MIB = 1024 * 1024;

    /** A whole-number setting: how to set and read it, its bounds (null: none) and its range text. */
    record Numeric(String name, BiConsumer<ScriptPolicy.Builder, Long> set, Function<ScriptPolicy, Long> get,
                   long min, Long max, String range) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Numeric> numericSettings() {
        return Stream.of(
                new Numeric("maxStatements", (b, v) -> b.maxStatements(v), (ScriptPolicy p) -> p.guestLimits().maxStatements(),
                        1, null, "at least 1"),
                new Numeric("maxAllocatedBytes", (b, v) -> b.maxAllocatedBytes(v), (ScriptPolicy p) -> p.guestLimits().maxAllocatedBytes(),
                        MIB, null, "at least 1MiB"),
                new Numeric("maxRecursionDepth", (b, v) -> b.maxRecursionDepth(Math.toIntExact(v)),
                        p -> (long) p.guestLimits().maxRecursionDepth(), 50, 100_000L, "50 to 100,000"),
                new Numeric("maxOutputBytes", (b, v) -> b.maxOutputBytes(Math.toIntExact(v)),
                        p -> (long) p.guestLimits().maxOutputBytes(), 0, 256 * MIB, "0B to 256MiB"),
                new Numeric("maxPayloadBytes", (b, v) -> b.maxPayloadBytes(Math.toIntExact(v)),
                        p -> (long) p.payloadLimits().maxBytes(), 5, 64 * MIB, "5B to 64MiB"),
                new Numeric("maxPayloadListItems", (b, v) -> b.maxPayloadListItems(Math.toIntExact(v)),
                        p -> (long) p.payloadLimits().maxListItems(), 0, 1_000_000L, "0 to 1,000,000"),
                new Numeric("poolSize", (b, v) -> b.poolSize(Math.toIntExact(v)),
                        p -> (long) p.isolationSettings().poolSize(), 0, 64L, "0 to 64"),
                new Numeric("maxArchiveEntries", (b, v) -> b.maxArchiveEntries(Math.toIntExact(v)),
                        p -> (long) p.archiveLimits().maxEntries(), 1, 100_000L, "1 to 100,000"),
                new Numeric("maxArchiveUncompressedBytes", (b, v) -> b.maxArchiveUncompressedBytes(v),
                        (ScriptPolicy p) -> p.archiveLimits().maxUncompressedBytes(), 1024, null, "at least 1KiB"),
                new Numeric("maxArchiveCompressionRatio", (b, v) -> b.maxArchiveCompressionRatio(Math.toIntExact(v)),
                        p -> (long) p.archiveLimits().maxCompressionRatio(), 1, 10_000L, "1 to 10,000"));
    }

    static Stream<Arguments> numericBoundaries() {
        return numericSettings().flatMap(s -> Stream.of(
                Arguments.of(s, s.min()),
                // Unbounded settings: the largest value the setter's type can carry must be accepted.
                Arguments.of(s, s.max() != null ? s.max() : Long.MAX_VALUE)));
    }

    static Stream<Arguments> numericJustOutside() {
        return numericSettings().flatMap(s -> s.max() == null
                ? Stream.of(Arguments.of(s, s.min() - 1))
                : Stream.of(Arguments.of(s, s.min() - 1), Arguments.of(s, s.max() + 1)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("numericBoundaries")
    void builder_numericSettingAtBoundary_accepted(Numeric s, long value) {
        ScriptPolicy.Builder b = ScriptPolicy.builder();
        s.set().accept(b, value);
        assertThat(s.get().apply(b.build())).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("numericJustOutside")
    void builder_numericSettingJustOutsideRange_failsNamingSettingValueAndRange(Numeric s, long value) {
        assertThatThrownBy(() -> s.set().accept(ScriptPolicy.builder(), value))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'" + s.name() + "'")
                .hasMessageContaining("= " + value + " ")
                .hasMessageContaining(s.range())
                .extracting(e -> ((PolicyException) e).setting()).isEqualTo(s.name());
    }

    @Test
    void builder_negativeTimeout_failsNamingSetting() {
        assertThatThrownBy(() -> ScriptPolicy.builder().wallClockTimeout(Duration.ofSeconds(-5)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("wallClockTimeout")
                .hasMessageContaining("-5s")
                .hasMessageContaining("more than 0s and at most 10m");
    }

    static Stream<Arguments> durationSetters() {
        return Stream.of(
                Arguments.of("wallClockTimeout",
                        (BiConsumer<ScriptPolicy.Builder, Duration>) ScriptPolicy.Builder::wallClockTimeout,
                        (Function<ScriptPolicy, Duration>) ScriptPolicy::wallClockTimeout),
                Arguments.of("cpuTime",
                        (BiConsumer<ScriptPolicy.Builder, Duration>) ScriptPolicy.Builder::cpuTime,
                        (Function<ScriptPolicy, Duration>) (ScriptPolicy p) -> p.guestLimits().cpuTime()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationSetters")
    void builder_durationAtBoundaries_accepted(String name, BiConsumer<ScriptPolicy.Builder, Duration> set,
                                               Function<ScriptPolicy, Duration> get) {
        for (Duration ok : List.of(Duration.ofNanos(1), Duration.ofSeconds(600))) {
            ScriptPolicy.Builder b = ScriptPolicy.builder();
            set.accept(b, ok);
            assertThat(get.apply(b.build())).isEqualTo(ok);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationSetters")
    void builder_durationJustOutside_failsNamingSettingValueAndRange(String name,
                                                                     BiConsumer<ScriptPolicy.Builder, Duration> set,
                                                                     Function<ScriptPolicy, Duration> get) {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(600).plusNanos(1))) {
            assertThatThrownBy(() -> set.accept(ScriptPolicy.builder(), bad))
                    .isInstanceOf(PolicyException.class)
                    .hasMessageContaining("'" + name + "'")
                    .hasMessageContaining("= " + DurationFormat.format(bad) + " ")
                    .hasMessageContaining("more than 0s and at most 10m");
        }
    }

    @Test
    void limitParts_outOfRange_refusedNamingThePolicySetting() {
        assertThatThrownBy(() -> GuestLimits.builder().maxRecursionDepth(10)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("maxRecursionDepth").hasMessageContaining("50 to 100,000");
        assertThatThrownBy(() -> new GuestLimits(1, Duration.ofSeconds(601), 8L << 30, 1000, 0)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("cpuTime");
        assertThatThrownBy(() -> PayloadLimits.builder().maxBytes(4)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("maxPayloadBytes");
        assertThatThrownBy(() -> new PayloadLimits(100, -1)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("maxPayloadListItems");
        assertThatThrownBy(() -> ArchiveLimits.builder().maxCompressionRatio(0)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("maxArchiveCompressionRatio");
        assertThatThrownBy(() -> IsolationSettings.builder().poolSize(65)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("poolSize").hasMessageContaining("0 to 64");
        assertThatThrownBy(() -> new IsolationSettings(Isolation.PROCESS, 1, List.of(), 1024, Confinement.AUTO))
                .isInstanceOf(PolicyException.class).hasMessageContaining("maxMemory");
        assertThatThrownBy(() -> new IsolationSettings(Isolation.FRESH, 1, List.of("no-dash"), 512L << 20, Confinement.AUTO))
                .isInstanceOf(PolicyException.class).hasMessageContaining("warmupImports");
    }

    @Test
    void limitParts_setWholeOrOneByOne_composeIntoThePolicy() {
        GuestLimits guest = GuestLimits.builder().cpuTime(Duration.ofSeconds(3)).maxRecursionDepth(200).build();
        ScriptPolicy whole = ScriptPolicy.builder().guestLimits(guest).payloadLimits(new PayloadLimits(2048, 10))
                .archiveLimits(ArchiveLimits.builder().maxEntries(5).build()).build();
        ScriptPolicy oneByOne = ScriptPolicy.builder().cpuTime(Duration.ofSeconds(3)).maxRecursionDepth(200)
                .maxPayloadBytes(2048).maxPayloadListItems(10).maxArchiveEntries(5).build();
        assertThat(whole).isEqualTo(oneByOne).hasSameHashCodeAs(oneByOne);
        assertThat(whole.guestLimits()).isEqualTo(guest);
        assertThat(whole.toBuilder().maxStatements(7).build().guestLimits())
                .isEqualTo(guest.toBuilder().maxStatements(7).build());
        assertThat(ScriptPolicy.defaults().guestLimits()).isEqualTo(GuestLimits.DEFAULT);
        assertThat(ScriptPolicy.defaults().payloadLimits()).isEqualTo(PayloadLimits.AWS);
        assertThat(ScriptPolicy.defaults().archiveLimits()).isEqualTo(ArchiveLimits.DEFAULT);
        assertThat(ScriptPolicy.defaults().isolationSettings()).isEqualTo(IsolationSettings.DEFAULT);
    }

    @Test
    void isolationSettings_setWholeOrOneByOne_composeIntoThePolicy() {
        IsolationSettings settings = IsolationSettings.builder().isolation(Isolation.PROCESS_REUSE).poolSize(3)
                .warmupImports("json", "re", "json").maxMemory(1L << 30).confinement(Confinement.OFF).build();
        ScriptPolicy whole = ScriptPolicy.builder().isolationSettings(settings).build();
        ScriptPolicy oneByOne = ScriptPolicy.builder().isolation(Isolation.PROCESS_REUSE).poolSize(3)
                .warmupImports("json", "re").maxMemory(1L << 30).confinement(Confinement.OFF).build();
        assertThat(whole).isEqualTo(oneByOne).hasSameHashCodeAs(oneByOne);
        assertThat(whole.isolationSettings()).isEqualTo(settings);
        assertThat(settings.warmupImports()).containsExactly("json", "re");
        assertThat(whole.toBuilder().poolSize(0).build().isolationSettings()).isEqualTo(settings.toBuilder().poolSize(0).build());
        assertThat(whole).isNotEqualTo(ScriptPolicy.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "_", "HOME", "_x1", "lower_case_9"})
    void builder_validEnvironmentVariableName_accepted(String name) {
        assertThat(ScriptPolicy.builder().environmentVariables(name).build().environmentVariables())
                .containsExactly(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1A", "A-B", "A B", "PATH=", "é", "A.B"})
    void builder_invalidEnvironmentVariableName_failsNamingSettingValueAndForm(String name) {
        assertThatThrownBy(() -> ScriptPolicy.builder().environmentVariables("OK", name))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'environmentVariables'")
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("[A-Za-z_][A-Za-z0-9_]*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "re", "xml.etree.ElementTree", "_private", "os.path"})
    void builder_validWarmupImport_accepted(String module) {
        assertThat(ScriptPolicy.builder().warmupImports(module).build().isolationSettings().warmupImports()).containsExactly(module);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1json", "json.", ".json", "a..b", "import os", "a-b", "a/b"})
    void builder_invalidWarmupImport_failsNamingSettingValueAndForm(String module) {
        assertThatThrownBy(() -> ScriptPolicy.builder().warmupImports(module))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'warmupImports'")
                .hasMessageContaining("'" + module + "'")
                .hasMessageContaining("dotted Python module name");
    }

    @Test
    void builder_emptyWarmupImports_accepted() {
        assertThat(ScriptPolicy.builder().warmupImports(List.of()).build().isolationSettings().warmupImports()).isEmpty();
    }

    @Test
    void builder_relativeReadableDirectory_resolvedAgainstWorkingDirectoryAndNormalised() {
        ScriptPolicy p = ScriptPolicy.builder().readableDirectories(Path.of("a/../b/./c")).build();
        assertThat(p.readableDirectories())
                .containsExactly(Path.of("").toAbsolutePath().resolve("b/c"));
        assertThat(p.readableDirectories().getFirst().isAbsolute()).isTrue();
    }

    @Test
    void builder_duplicateListItems_keptOnceInOrder() {
        ScriptPolicy p = ScriptPolicy.builder()
                .environmentVariables("B", "A", "B")
                .readableDirectories(Path.of("/x"), Path.of("/y/../x"))
                .warmupImports("re", "json", "re")
                .build();
        assertThat(p.environmentVariables()).containsExactly("B", "A");
        assertThat(p.readableDirectories()).containsExactly(Path.of("/x"));
        assertThat(p.isolationSettings().warmupImports()).containsExactly("re", "json");
    }

    @Test
    void builder_nulls_failFastNamingSetting() {
        ScriptPolicy.Builder b = ScriptPolicy.builder();
        assertThatNullPointerException().isThrownBy(() -> b.wallClockTimeout(null)).withMessageContaining("wallClockTimeout");
        assertThatNullPointerException().isThrownBy(() -> b.cpuTime(null)).withMessageContaining("cpuTime");
        assertThatNullPointerException().isThrownBy(() -> b.isolation(null)).withMessageContaining("isolation");
        assertThatNullPointerException().isThrownBy(() -> b.pwshPath((Path) null)).withMessageContaining("pwshPath");
        assertThatNullPointerException().isThrownBy(() -> b.environmentVariables(java.util.Arrays.asList("A", null)))
                .withMessageContaining("environmentVariables");
    }

    @Test
    void defaults_haveDocumentedValues() {
        ScriptPolicy p = ScriptPolicy.defaults();
        assertThat(p.wallClockTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(p.guestLimits().maxStatements()).isEqualTo(1_000_000_000L);
        assertThat(p.guestLimits().cpuTime()).isEqualTo(Duration.ofSeconds(600));
        assertThat(p.guestLimits().maxAllocatedBytes()).isEqualTo(8L * 1024 * MIB);
        assertThat(p.guestLimits().maxRecursionDepth()).isEqualTo(1000);
        assertThat(p.guestLimits().maxOutputBytes()).isEqualTo(MIB);
        assertThat(p.payloadLimits().maxBytes()).isEqualTo(102_400);
        assertThat(p.payloadLimits().maxListItems()).isEqualTo(100);
        assertThat(p.readableDirectories()).isEmpty();
        assertThat(p.environmentVariables()).isEmpty();
        assertThat(p.allowThreads()).isFalse();
        assertThat(p.isolationSettings().isolation()).isEqualTo(Isolation.FRESH);
        assertThat(p.isolationSettings().poolSize()).isEqualTo(2);
        assertThat(p.isolationSettings().warmupImports()).isEmpty();
        assertThat(p.archiveLimits().maxEntries()).isEqualTo(1000);
        assertThat(p.archiveLimits().maxUncompressedBytes()).isEqualTo(50 * MIB);
        assertThat(p.archiveLimits().maxCompressionRatio()).isEqualTo(100);
        assertThat(p.pwshPath()).isEmpty();
        assertThat(p.strictRuntimes()).isFalse();
        assertThat(ScriptPolicy.builder().build()).isEqualTo(p);
    }

    @Test
    void lists_areCopiesAndUnmodifiable() {
        List<String> names = new ArrayList<>(List.of("HOME"));
        List<Path> dirs = new ArrayList<>(List.of(Path.of("/data")));
        List<String> imports = new ArrayList<>(List.of("json"));
        ScriptPolicy.Builder b = ScriptPolicy.builder().environmentVariables(names).readableDirectories(dirs)
                .warmupImports(imports);
        ScriptPolicy p = b.build();
        names.add("SECRET");
        dirs.add(Path.of("/etc"));
        imports.add("os");
        assertThat(p.environmentVariables()).containsExactly("HOME");
        assertThat(p.readableDirectories()).containsExactly(Path.of("/data"));
        assertThat(p.isolationSettings().warmupImports()).containsExactly("json");
        assertThat(b.build()).isEqualTo(p);
        assertThatThrownBy(() -> p.environmentVariables().add("X")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.readableDirectories().add(Path.of("/"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.isolationSettings().warmupImports().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** A policy with every setting away from its default, so round trips cannot pass by accident. */
    static ScriptPolicy everythingChanged() {
        return ScriptPolicy.builder()
                .wallClockTimeout(Duration.ofSeconds(30))
                .maxStatements(5_000_000)
                .cpuTime(Duration.ofSeconds(10))
                .maxAllocatedBytes(512 * MIB)
                .maxRecursionDepth(500)
                .maxOutputBytes(64 * 1024)
                .maxPayloadBytes(50 * 1024)
                .maxPayloadListItems(10)
                .readableDirectories(Path.of("/data/in"))
                .environmentVariables("HOME", "LANG")
                .allowThreads(true)
                .isolation(Isolation.REUSE)
                .poolSize(4)
                .warmupImports("json", "re")
                .maxArchiveEntries(10)
                .maxArchiveUncompressedBytes(MIB)
                .maxArchiveCompressionRatio(20)
                .pwshPath(Path.of("/usr/bin/pwsh"))
                .strictRuntimes(true)
                .maxMemory(1024 * MIB)
                .confinement(Confinement.REQUIRED)
                .build();
    }

    @Test
    void toBuilder_roundTrip_equalsAndSameHash() {
        ScriptPolicy p = everythingChanged();
        ScriptPolicy copy = p.toBuilder().build();
        assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p).isNotEqualTo(ScriptPolicy.defaults());
        assertThat(copy.toString()).isEqualTo(p.toString());
    }

    static Stream<Arguments> singleChanges() {
        return Stream.<Function<ScriptPolicy.Builder, ScriptPolicy.Builder>>of(
                b -> b.wallClockTimeout(Duration.ofSeconds(1)), b -> b.maxStatements(7), b -> b.cpuTime(Duration.ofSeconds(1)),
                b -> b.maxAllocatedBytes(MIB), b -> b.maxRecursionDepth(51), b -> b.maxOutputBytes(1),
                b -> b.maxPayloadBytes(17), b -> b.maxPayloadListItems(2), b -> b.readableDirectories(Path.of("/d")),
                b -> b.environmentVariables("X"), b -> b.allowThreads(true), b -> b.isolation(Isolation.REUSE),
                b -> b.poolSize(0), b -> b.warmupImports("re"), b -> b.maxArchiveEntries(2),
                b -> b.maxArchiveUncompressedBytes(2048), b -> b.maxArchiveCompressionRatio(2),
                b -> b.pwshPath(Path.of("pwsh")), b -> b.strictRuntimes(true), b -> b.isolation(Isolation.PROCESS),
                b -> b.maxMemory(64 * MIB), b -> b.confinement(Confinement.OFF)).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("singleChanges")
    void equals_anySingleSettingChanged_notEqual(Function<ScriptPolicy.Builder, ScriptPolicy.Builder> change) {
        ScriptPolicy changed = change.apply(ScriptPolicy.builder()).build();
        assertThat(changed).isNotEqualTo(ScriptPolicy.defaults());
        // toBuilder must carry the change along, not reset it to the default.
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void toString_listsEverySetting() {
        String text = everythingChanged().toString();
        for (String key : PolicyLoader.knownKeys()) {
            // allowNetwork is a file key only (it may say false, the only value): no setting of the policy.
            if (!key.equals("preset") && !key.equals("allowNetwork")) {
                assertThat(text).contains(key + "=");
            }
        }
        assertThat(text).contains("wallClockTimeout=30s", "maxAllocatedBytes=512MiB", "isolation=REUSE",
                "pwshPath=/usr/bin/pwsh", "environmentVariables=[HOME, LANG]");
    }

    @Test
    void pwshPath_optionalOverload_clears() {
        ScriptPolicy p = everythingChanged().toBuilder().pwshPath(Optional.empty()).build();
        assertThat(p.pwshPath()).isEmpty();
    }

    @Test
    void presets_strictIsDefaults_localDevAllowsThreads() {
        assertThat(ScriptPolicy.preset("strict")).isEqualTo(ScriptPolicy.defaults()).isEqualTo(ScriptPolicy.defaults());
        ScriptPolicy dev = ScriptPolicy.preset("local-dev");
        assertThat(dev.allowThreads()).isTrue();
        assertThat(dev.toBuilder().allowThreads(false).build()).isEqualTo(ScriptPolicy.defaults());
    }

    @Test
    void preset_unknownName_failsListingKnownOnes() {
        assertThatThrownBy(() -> ScriptPolicy.preset("lenient"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'lenient'")
                .hasMessageContaining("strict, local-dev");
    }

    @Test
    void localDevelopment_readsOneDirectorySeesEnvAllowsThreads_otherwiseDefault() {
        ScriptPolicy p = ScriptPolicy.localDevelopment(Path.of("/work/data"), List.of("HOME", "LANG"));
        assertThat(p.readableDirectories()).containsExactly(Path.of("/work/data"));
        assertThat(p.environmentVariables()).containsExactly("HOME", "LANG");
        assertThat(p.allowThreads()).isTrue();
        assertThat(p.toBuilder().readableDirectories(List.of()).environmentVariables(List.of()).allowThreads(false)
                .build()).isEqualTo(ScriptPolicy.defaults());
    }

    @Test
    void localDevelopment_badVariableName_rejected() {
        assertThatThrownBy(() -> ScriptPolicy.localDevelopment(Path.of("/d"), List.of("NOT-OK")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("NOT-OK");
    }
}
