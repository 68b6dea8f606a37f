package dev.execscript.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import dev.execscript.benchmarks.peer.Cpython;

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
                + "  \"python3\": \"" + cpythonVersion() + "\",\n"
                + "  \"probed_at\": \"" + Instant.now() + "\"\n"
                + "}\n";
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        }
        System.out.print(json);
        System.exit(0);
    }

    private static String cpythonVersion() {
        try {
            String python = Cpython.executable();
            Process p = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return (version + " at " + python).replace("\\", "/").replace("\"", "'");
        } catch (IllegalStateException | IOException e) {
            return "python3 absent: " + e.getMessage().replace("\"", "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
