package dev.execscript.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding examples, taken from the README itself: every {@code java} block that declares a
 * {@code public class} with a {@code main} is compiled against the engine's module (so it can use only what
 * {@code module-info} exports) and run on the module path from the repository's root
 * (where the README's paths are), and each line it prints must be what the block's {@code // comment} on
 * that println says it prints.
 */
class ReadmeExampleTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public class (\\w+)");
    /** {@code System.out.println(...);   // what it prints} (only comments that quote output, not prose after a colon). */
    private static final Pattern PRINTED = Pattern.compile("System\\.out\\.println\\(.*\\);\\s*// (.+)$", Pattern.MULTILINE);

    @TempDir
    Path work;

    static List<String> programs() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> programs = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            if (PUBLIC_CLASS.matcher(m.group(1)).find() && m.group(1).contains("public static void main(")) {
                programs.add(m.group(1));
            }
        }
        return programs;
    }

    @TestFactory
    Stream<DynamicTest> readmeProgram_compilesAndPrintsWhatItsCommentsSay() throws IOException {
        List<String> programs = programs();
        assertThat(programs).as("the README's embedding programs").hasSizeGreaterThanOrEqualTo(2);
        return programs.stream().map(source -> {
            Matcher name = PUBLIC_CLASS.matcher(source);
            name.find();
            return DynamicTest.dynamicTest(name.group(1), () -> compileAndRun(name.group(1), source));
        });
    }

    private static final String ENGINE_MODULE = "dev.execscript.engine";

    /** Not in the README: process isolation from the module path, where workers must start the engine as a module. */
    @Test
    void processIsolation_embedderOnTheModulePath_workersRunTheEngineModule() throws Exception {
        compileAndRun("ModuleWorker", """
                import dev.execscript.embed.ExecScript;
                import dev.execscript.embed.PythonStep;
                import dev.execscript.policy.Isolation;
                import dev.execscript.policy.ScriptPolicy;

                public class ModuleWorker {
                    public static void main(String[] args) {
                        ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.PROCESS).poolSize(1).build();
                        PythonStep step = PythonStep.inline("import os\\ndef handler(e, c):\\n    return {'pid': os.getpid() > 0}", "handler");
                        try (ExecScript engine = ExecScript.builder().policy(policy).build()) {
                            System.out.println(engine.run(step, "{}").payloadJson());   // {"pid":true}
                        }
                    }
                }
                """);
    }

    /**
     * The engine (its classes with their module descriptor) and every jar of the test's class path, as modules;
     * the test classes stay out, so a README program sees the engine as an embedder does.
     */
    private static String modulePath() {
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().equals(testClasses))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private void compileAndRun(String className, String source) throws Exception {
        Path dir = Files.createDirectories(work.resolve(className));
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        // The program is a client of the engine's module: it can only use what module-info exports.
        String modulePath = modulePath();
        int compiled = javac.run(null, diagnostics, diagnostics, "--module-path", modulePath,
                "--add-modules", ENGINE_MODULE, "-d", dir.toString(), file.toString());
        assertThat(compiled).as("javac on the README's %s:%n%s", className, diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED,org.graalvm.truffle", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-XX:TieredStopAtLevel=1",
                "--module-path", modulePath, "--add-modules", ENGINE_MODULE, "-cp", dir.toString(), className)
                .directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<String> promised = new ArrayList<>();
        Matcher m = PRINTED.matcher(source);
        while (m.find()) {
            String comment = m.group(1).strip();
            if (!comment.startsWith("as ")) {
                promised.add(comment);
            }
        }
        assertThat(promised).as("the README's %s says what it prints", className).isNotEmpty();
        List<String> lines = out.lines().toList();
        for (String line : promised) {
            assertThat(lines).as("what the README's %s printed", className).contains(line);
        }
    }
}
