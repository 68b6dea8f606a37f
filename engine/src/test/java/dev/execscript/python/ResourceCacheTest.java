package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resource cache is checked before use and unpacked afresh when anything in it changed. These tests use
 * temporary cache directories, never the user's. Each unpack costs seconds, so the tamper cases share one
 * base directory: each starts from whatever intact generation the previous one left.
 */
class ResourceCacheTest {

    @TempDir
    static Path shared;
    private static ResourceCache cache;

    @BeforeAll
    static void unpackOnce() {
        cache = new ResourceCache(shared.resolve("cache"));
    }

    private static Path stdlib(Path generation) {
        return generation.resolve("python/python-home/lib/python3.12");
    }

    @Test
    void prepare_intactGeneration_isReusedAsItIs() throws IOException {
        Path first = cache.prepare();
        Path second = cache.prepare();
        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(cache.base().resolve("current")).strip()).isEqualTo(first.getFileName().toString());
        assertThat(stdlib(first).resolve("json/__init__.py")).isRegularFile();
        assertThat(first.resolve("python/python-home/lib/graalpy25.0/libposix.so")).isRegularFile();
        // The cache is outside anything a script could name as its home, and closed to other users.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.base()))).isEqualTo("rwx------");
    }

    /** Ways a cache can be changed from outside the sandbox. */
    enum Tampering {
        APPEND_TO_MODULE {
            @Override
            void apply(Path generation) throws IOException {
                Files.writeString(stdlib(generation).resolve("json/__init__.py"), "\nraise SystemExit('owned')\n",
                        StandardOpenOption.APPEND);
            }
        },
        PLANT_MODULE {
            @Override
            void apply(Path generation) throws IOException {
                Files.writeString(stdlib(generation).resolve("planted_by_test.py"), "OWNED = True\n");
            }
        },
        REPLACE_MODULE_SAME_SIZE {
            @Override
            void apply(Path generation) throws IOException {
                // Same size and modification time, other content, in a new file moved over the old one.
                Path module = stdlib(generation).resolve("base64.py");
                byte[] content = Files.readAllBytes(module);
                content[0] = (byte) (content[0] == '#' ? '!' : '#');
                Path replacement = module.resolveSibling("base64.py.new");
                Files.write(replacement, content);
                Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(module));
                Files.move(replacement, module, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        },
        CHMOD_FILE {
            @Override
            void apply(Path generation) throws IOException {
                Files.setPosixFilePermissions(stdlib(generation).resolve("os.py"), PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        },
        DELETE_NATIVE_LIBRARY {
            @Override
            void apply(Path generation) throws IOException {
                Files.delete(generation.resolve("python/python-home/lib/graalpy25.0/libposix.so"));
            }
        },
        EDIT_MANIFEST_VERSION {
            @Override
            void apply(Path generation) throws IOException {
                // A manifest of other resources (another GraalPy version) is not this one's.
                Path manifest = generation.resolveSibling(generation.getFileName() + ".manifest");
                List<String> lines = Files.readAllLines(manifest);
                Files.writeString(manifest, "execscript-resource-cache 1 other-version\n"
                        + String.join("\n", lines.subList(1, lines.size())) + "\n");
            }
        };

        abstract void apply(Path generation) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Tampering.class)
    void prepare_afterTampering_unpacksAFreshGenerationAndDeletesTheOld(Tampering tampering) throws IOException {
        Path before = cache.prepare();
        byte[] json = Files.readAllBytes(stdlib(before).resolve("json/__init__.py"));
        byte[] base64 = Files.readAllBytes(stdlib(before).resolve("base64.py"));
        tampering.apply(before);

        Path after = cache.prepare();

        assertThat(after).isNotEqualTo(before);
        assertThat(before).doesNotExist();
        assertThat(Files.readAllBytes(stdlib(after).resolve("json/__init__.py"))).isEqualTo(json);
        assertThat(Files.readAllBytes(stdlib(after).resolve("base64.py"))).isEqualTo(base64);
        assertThat(stdlib(after).resolve("planted_by_test.py")).doesNotExist();
        assertThat(after.resolve("python/python-home/lib/graalpy25.0/libposix.so")).isRegularFile();
        assertThat(cache.intact(after)).isTrue();
        try (Stream<Path> left = Files.list(cache.base())) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrder(after.getFileName().toString(), after.getFileName() + ".manifest", "current", "lock");
        }
    }

    @Test
    void prepare_baseWritableByOthers_isRefusedNamingTheDirectory(@TempDir Path dir) throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new ResourceCache(open).prepare())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(open.toString())
                .hasMessageContaining("others can write into it")
                .hasMessageContaining("-Dexecscript.resourceCache=DIR");
    }

    @Test
    void prepare_baseIsASymbolicLink_isRefused(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> new ResourceCache(link).prepare())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    void prepare_baseHoldsOtherFiles_leavesThemAlone(@TempDir Path dir) throws IOException {
        // Someone pointed the cache at a directory of their own: only the cache's own names are ever deleted.
        Path theirs = Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.createDirectory(dir.resolve("python"));
        ResourceCache inTheirs = new ResourceCache(dir);
        Path generation = inTheirs.prepare();
        assertThat(theirs).hasContent("mine");
        assertThat(dir.resolve("python")).isDirectory();
        assertThat(inTheirs.intact(generation)).isTrue();
    }

    @Test
    void laterProcess_afterTamperingFromOutside_importsFreshModulesNotThePlantedOne(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("cache");
        ImportInChildJvm.Result first = ImportInChildJvm.run(base, dir);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        JsonNode before = new ObjectMapper().readTree(first.stdout());
        Path generation = Path.of(before.get("prefix").asText()).getParent().getParent();
        assertThat(generation.getParent()).isEqualTo(base.toAbsolutePath());
        Files.writeString(stdlib(generation).resolve("planted_by_test.py"), "OWNED = True\n");
        Files.writeString(stdlib(generation).resolve("json/__init__.py"), "\nraise SystemExit('owned')\n", StandardOpenOption.APPEND);

        ImportInChildJvm.Result second = ImportInChildJvm.run(base, dir);

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        JsonNode after = new ObjectMapper().readTree(second.stdout());
        assertThat(after.get("planted").asBoolean()).isFalse();
        assertThat(after.get("json").asText()).isEqualTo("[1, 2]");
        assertThat(after.get("prefix").asText()).isNotEqualTo(before.get("prefix").asText());
        assertThat(generation).doesNotExist();
    }

    @Test
    void twoProcessesStartingTogether_onAnEmptyCache_shareOneGeneration(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("cache");
        Path out1 = dir.resolve("1.out");
        Path err1 = dir.resolve("1.err");
        Path out2 = dir.resolve("2.out");
        Path err2 = dir.resolve("2.err");
        Process one = ImportInChildJvm.start(base, out1, err1);
        Process two = ImportInChildJvm.start(base, out2, err2);
        ImportInChildJvm.Result r1 = ImportInChildJvm.finish(one, out1, err1);
        ImportInChildJvm.Result r2 = ImportInChildJvm.finish(two, out2, err2);

        assertThat(r1.exitCode()).as(r1.stderr()).isZero();
        assertThat(r2.exitCode()).as(r2.stderr()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(r1.stdout()).get("prefix").asText()).isEqualTo(json.readTree(r2.stdout()).get("prefix").asText());
        try (Stream<Path> left = Files.list(base)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("g-") && Files.isDirectory(p)).count()).isEqualTo(1);
        }
        assertThat(new ResourceCache(base).intact(new ResourceCache(base).currentGeneration())).isTrue();
        assertThat(Files.readString(err1, StandardCharsets.UTF_8) + Files.readString(err2, StandardCharsets.UTF_8)).isEmpty();
    }
}
