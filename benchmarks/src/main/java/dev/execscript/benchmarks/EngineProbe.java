package dev.execscript.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes what the benchmark JVM runs on (engine implementation, Java, cores) as JSON, so the summary can
 * show whether the optimizing compiler was in use. Run with the same JVM flags as the benchmark forks.
 */
public final class EngineProbe {

    private EngineProbe() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty(GuestEngine.REQUIRE_JIT_PROPERTY, "false");
        String implementation = GuestEngine.implementationName();
        String json = "{\n"
                + "  \"engine_implementation\": \"" + implementation + "\",\n"
                + "  \"jit\": " + !"Interpreted".equalsIgnoreCase(implementation) + ",\n"
                + "  \"java_version\": \"" + System.getProperty("java.runtime.version") + "\",\n"
                + "  \"java_vm\": \"" + System.getProperty("java.vm.name") + "\",\n"
                + "  \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n"
                + "  \"probed_at\": \"" + Instant.now() + "\"\n"
                + "}\n";
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        }
        System.out.print(json);
        System.exit(0);
    }
}
