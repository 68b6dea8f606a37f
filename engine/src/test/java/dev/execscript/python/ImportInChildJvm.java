package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A later process: runs one step in a JVM of its own (its resource cache checked at start, as the CLI's
 * is) that imports standard modules and a module a test may have planted, and prints the payload.
 */
public final class ImportInChildJvm {

    static final String SCRIPT = """
            import sys, json, json.decoder, base64
            def handler(events, context):
                try:
                    import planted_by_test
                    planted = True
                except ImportError:
                    planted = False
                return {'prefix': sys.prefix, 'planted': planted, 'json': json.dumps([1, 2]),
                        'b64': base64.b64encode(b'ok').decode(), 'json_file': json.__file__}
            """;

    private ImportInChildJvm() {
    }

    public static void main(String[] args) {
        try (GraalPyRuntime python = new GraalPyRuntime()) {
            ScriptOutcome o = python.run(new PythonInvocation(new PythonScript(SCRIPT, "child.py", "handler"), "{}", "{}",
                    Duration.ofSeconds(60), ScriptPolicy.defaults(), line -> { }));
            System.out.println(o.status() == StepStatus.Success ? o.payloadJson() : "FAILED " + o.failureMessage());
        }
    }

    /** The result of one child JVM. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Starts the child JVM (cache base {@code cacheBase}, or the default when null); does not wait. */
    static Process start(Path cacheBase, Path stdout, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        if (cacheBase != null) {
            command.add("-D" + ResourceCache.PROPERTY + "=" + cacheBase);
        }
        command.add(ImportInChildJvm.class.getName());
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    /** Runs the child JVM to its end (a liveness bound of several minutes, not a timing assertion). */
    static Result run(Path cacheBase, Path workDir) throws IOException, InterruptedException {
        Path out = File.createTempFile("child", ".out", workDir.toFile()).toPath();
        Path err = File.createTempFile("child", ".err", workDir.toFile()).toPath();
        Process p = start(cacheBase, out, err);
        return finish(p, out, err);
    }

    static Result finish(Process p, Path out, Path err) throws IOException, InterruptedException {
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not end within 5 minutes");
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8).strip(),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    }
}
