package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Imports every module of CPython 3.11's standard library (the names of {@code sys.stdlib_module_names},
 * src/test/resources/stdlib) in one step, each in {@code try/except BaseException}: the step must succeed
 * (no import ends it uncatchably) and every import that fails must raise an ImportError saying why.
 */
class StdlibImportSweepTest {

    private static final Path NAMES = Path.of("src/test/resources/stdlib/cpython-3.11-stdlib-module-names.txt");

    static final String SWEEP = """
            import importlib
            def handler(events, context):
                results = {}
                for name in events['modules']:
                    try:
                        importlib.import_module(name)
                        results[name] = 'ok'
                    except BaseException as ex:
                        results[name] = [type(ex).__name__, isinstance(ex, ImportError), str(ex)]
                return results
            """;

    @Test
    void everyStdlibModule_importsOrRaisesImportErrorWithReason_inOneStep() throws IOException {
        List<String> modules = Files.readAllLines(NAMES).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        ObjectMapper json = new ObjectMapper();
        ScriptOutcome o;
        // The sweep runs with an attachment, so that the context has a working directory: sysconfig (and so
        // zoneinfo, pydoc, trace, ...) reads it at import, and without one GraalPy 25.0.3 fails os.getcwd()
        // uncatchably (the filesystem's part, not this test's).
        try (GraalPyRuntime python = new GraalPyRuntime()) {
            o = python.run(new PythonInvocation(new PythonScript(SWEEP, "sweep.py", "handler", Map.of("data.txt", new byte[] {'x'})),
                    json.writeValueAsString(Map.of("modules", modules)), "{}", Duration.ofSeconds(600),
                    ScriptPolicy.builder().maxPayloadBytes(1 << 20).maxPayloadListItems(1000).build(), line -> { }));
        }
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        JsonNode results = json.readTree(o.payloadJson());
        assertThat(results.size()).isEqualTo(modules.size());
        Map<String, String> refused = new TreeMap<>();
        results.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                refused.put(e.getKey(), e.getValue().get(0).asText() + ": " + e.getValue().get(2).asText());
                assertThat(e.getValue().get(1).asBoolean()).as(e.getKey() + " raised " + e.getValue()).isTrue();
                // A reason beyond CPython's bare "No module named 'x'".
                assertThat(e.getValue().get(2).asText()).as(e.getKey()).matches("(?s).*\\S.*")
                        .isNotEqualTo("No module named '" + e.getKey() + "'");
            }
        });
        System.out.printf("stdlib sweep: %d modules, %d import, %d refused with a reason%n", modules.size(),
                modules.size() - refused.size(), refused.size());
        refused.forEach((name, why) -> System.out.println("  refused " + name + ": " + why));
        // What handlers commonly use, and what used to end a step uncatchably, imports.
        for (String name : List.of("json", "re", "datetime", "decimal", "hashlib", "base64", "urllib", "http", "email", "logging",
                "zoneinfo", "sysconfig", "site", "multiprocessing", "pydoc", "trace", "cgitb", "getpass", "genericpath", "socket",
                "select", "asyncio", "threading", "xml", "zlib", "gzip", "lzma")) {
            assertThat(modules).contains(name);
            assertThat(refused).as(name).doesNotContainKey(name);
        }
    }
}
