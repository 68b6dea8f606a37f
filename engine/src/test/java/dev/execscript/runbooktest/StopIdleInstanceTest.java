package dev.execscript.runbooktest;

import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's "Runbook tests from Java" example, compiled and run as it is shown there (only the path is
 * relative to this module). Its five cases are the example's, so each passes.
 */
class StopIdleInstanceTest {

    static final ExecScript ENGINE = ExecScript.builder().build();

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    @TestFactory
    Stream<DynamicTest> stopIdleInstance() throws DocumentException {
        return RunbookDynamicTests.of(ENGINE, Path.of("../examples/runbook-tests/stop-idle-instance.test.yaml"));
    }
}
