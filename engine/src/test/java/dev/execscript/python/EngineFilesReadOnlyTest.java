package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A script cannot change GraalPy's own files: every kind of write in the language home, the standard
 * library, the native library directory and the cache's base directory fails in Python with a
 * PermissionError, and afterwards the cache is unchanged on disk and later steps and processes import the
 * untouched modules.
 */
class EngineFilesReadOnlyTest {

    /** Each location as the script finds it from sys.prefix (the language home), with a file that exists there. */
    static final String SCRIPT = """
            import os, sys, json
            def handler(events, context):
                home = sys.prefix
                places = {
                    'language home': (home, 'native-image.properties'),
                    'standard library': (os.path.dirname(json.__file__), 'decoder.py'),
                    'native libraries': (os.path.join(home, 'lib', 'graalpy25.0'), 'libposix.so'),
                    'cache root': (os.path.dirname(os.path.dirname(os.path.dirname(home))), 'current'),
                }
                directory, existing = places[events['where']]
                existing = os.path.join(directory, existing)
                fresh = os.path.join(directory, 'planted_by_test.py')
                operations = {
                    'create': lambda: open(fresh, 'x').write('OWNED = True'),
                    'append': lambda: open(existing, 'a').write('# owned'),
                    'truncate': lambda: os.truncate(existing, 0),
                    'truncate by open': lambda: open(existing, 'w').close(),
                    'rename': lambda: os.rename(existing, existing + '.moved'),
                    'unlink': lambda: os.unlink(existing),
                    'chmod': lambda: os.chmod(existing, 0o777),
                    'mkdir': lambda: os.mkdir(os.path.join(directory, 'planted_dir')),
                    'symlink': lambda: os.symlink('/etc/passwd', fresh),
                    'utime': lambda: os.utime(existing, (0, 0)),
                }
                # The cache root is not even visible; the others are, read-only.
                assert os.path.exists(existing) == (events['where'] != 'cache root'), existing
                try:
                    operations[events['operation']]()
                except BaseException as e:
                    return {'caught': type(e).__name__, 'errno': getattr(e, 'errno', None), 'directory': directory}
                return {'caught': None, 'directory': directory}
            """;
    static final String IMPORTS = """
            import json, json.decoder, base64, os
            def handler(events, context):
                try:
                    import planted_by_test
                    planted = True
                except ImportError:
                    planted = False
                return {'json': json.dumps({'a': [1]}), 'decoded': json.decoder.JSONDecoder().decode('[3]'),
                        'b64': base64.b64encode(b'ok').decode(), 'planted': planted}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static Stream<Arguments> writes() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (String where : new String[] {"language home", "standard library", "native libraries", "cache root"}) {
            for (String operation : new String[] {"create", "append", "truncate", "truncate by open", "rename", "unlink", "chmod",
                    "mkdir", "symlink", "utime"}) {
                all.add(Arguments.of(where, operation));
            }
        }
        return all.build();
    }

    private static ScriptOutcome run(String source, String events) {
        return python.run(new PythonInvocation(new PythonScript(source, "engine_files.py", "handler"), events, "{}",
                Duration.ofSeconds(60), ScriptPolicy.defaults(), line -> { }));
    }

    @ParameterizedTest(name = "{1} in the {0}")
    @MethodSource("writes")
    void write_inTheEnginesFiles_raisesPermissionErrorAndChangesNothing(String where, String operation) throws IOException {
        ScriptOutcome o = run(SCRIPT, JSON.writeValueAsString(java.util.Map.of("where", where, "operation", operation)));

        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        JsonNode r = JSON.readTree(o.payloadJson());
        assertThat(r.get("caught").asText()).as(o.payloadJson()).isEqualTo("PermissionError");
        assertThat(r.get("errno").asInt()).as(o.payloadJson()).isIn(1, 13); // EPERM or EACCES
        Path generation = Path.of(System.getProperty("polyglot.engine.resourcePath"));
        assertThat(Path.of(r.get("directory").asText())).startsWith(generation.getParent());
        // Nothing changed on disk: the generation still matches its manifest exactly.
        assertThat(new ResourceCache(generation.getParent()).intact(generation)).isTrue();
    }

    @Test
    void laterStepAndLaterProcess_afterWriteAttempts_importTheUntouchedModules(@TempDir Path dir) throws Exception {
        for (String operation : new String[] {"create", "append", "truncate", "unlink"}) {
            run(SCRIPT, "{\"where\": \"standard library\", \"operation\": \"" + operation + "\"}");
        }
        ScriptOutcome later = run(IMPORTS, "{}");
        assertThat(later.payloadJson()).isEqualTo("{\"json\":\"{\\\"a\\\": [1]}\",\"decoded\":[3],\"b64\":\"b2s=\",\"planted\":false}");

        // A later process on the same cache (the default one, as the CLI uses it).
        ImportInChildJvm.Result child = ImportInChildJvm.run(null, dir);
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        JsonNode r = JSON.readTree(child.stdout());
        assertThat(r.get("planted").asBoolean()).isFalse();
        assertThat(r.get("json").asText()).isEqualTo("[1, 2]");
        assertThat(r.get("prefix").asText()).startsWith(System.getProperty("polyglot.engine.resourcePath"));
    }
}
