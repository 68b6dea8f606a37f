package dev.execscript.runbooktest;

import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * A runbook test file as JUnit 5 dynamic tests, one per case, for a {@code @TestFactory} in a project's own
 * tests (JUnit Jupiter's API on its test class path; the engine does not bring it):
 *
 * <pre>{@code
 * class TagUntaggedInstancesTest {
 *     static final ExecScript ENGINE = ExecScript.builder().build();
 *
 *     @AfterAll
 *     static void closeEngine() {
 *         ENGINE.close();
 *     }
 *
 *     @TestFactory
 *     Stream<DynamicTest> cases() throws DocumentException {
 *         return RunbookDynamicTests.of(ENGINE, Path.of("runbooks/tag-untagged-instances.test.yaml"));
 *     }
 * }
 * }</pre>
 *
 * A case that does not pass fails its test with what differed, as {@code execscript test} shows it.
 */
public final class RunbookDynamicTests {

    private RunbookDynamicTests() {
    }

    /**
     * Reads the test file (now: a broken file fails the factory, naming file, line and field) and returns one
     * dynamic test per case, run on {@code engine} when JUnit runs it.
     *
     * @throws DocumentException if the file is not a valid runbook test file
     */
    public static Stream<DynamicTest> of(ExecScript engine, Path testFile) throws DocumentException {
        Objects.requireNonNull(engine, "engine");
        RunbookTestFile file = RunbookTestFile.load(testFile, engine.policy().pythonPath());
        RunbookTestRunner runner = new RunbookTestRunner(engine);
        runner.check(java.util.List.of(file));
        return file.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), testFile.toUri(), () -> {
            CaseResult result = runner.run(file, c);
            if (!result.passed()) {
                Assertions.fail(result.title() + "\n" + result.report());
            }
        }));
    }
}
