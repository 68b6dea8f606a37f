package dev.execscript.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.spec.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The CLI run in this JVM: exit code, stdout and stderr, for end-to-end tests. */
record CliRun(int exitCode, String stdout, String stderr) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    JsonNode execution() {
        return JsonText.parseOrNull(stdout).get("AutomationExecution");
    }

    JsonNode step(int i) {
        return execution().get("StepExecutions").get(i);
    }

    /** The step's payload: OutputPayload is a one-element list holding the JSON text {"Payload": ...}. */
    JsonNode payload(int step) {
        return JsonText.parseOrNull(step(step).get("Outputs").get("OutputPayload").get(0).asText()).get("Payload");
    }
}
