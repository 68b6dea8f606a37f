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
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding examples, taken from the README itself: every {@code java} block that declares a
 * {@code public class} with a {@code main} is compiled against the engine and run from the repository's root
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

    private void compileAndRun(String className, String source) throws Exception {
        Path dir = Files.createDirectories(work.resolve(className));
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), file.toString());
        assertThat(compiled).as("javac on the README's %s:%n%s", className, diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-XX:TieredStopAtLevel=1",
                "-cp", dir + java.io.File.pathSeparator + System.getProperty("java.class.path"), className)
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
