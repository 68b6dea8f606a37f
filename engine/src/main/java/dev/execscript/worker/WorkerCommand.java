package dev.execscript.worker;

import dev.execscript.python.SandboxIdentity;
import dev.execscript.botocore.Boto3Installation;
import dev.execscript.confinement.OsConfinement;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.GuestEngines;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a worker JVM is started: this JVM's {@code java} and class path, a heap cap from the policy, the
 * flags that keep the protocol's stdout clean, and the confinement the machine offers around it.
 */
final class WorkerCommand {

    /** Heap the worker's engine needs besides what scripts hold (GraalPy's engine, a prepared context). */
    static final long ENGINE_HEAP_BYTES = 256L << 20;
    /** Flags of this JVM a worker inherits: GraalVM's compiler (JIT) and the engine's own switches. */
    private static final List<String> INHERITED = List.of("--upgrade-module-path", "-XX:+EnableJVMCI",
            "-XX:+UnlockExperimentalVMOptions", "-XX:+UseJVMCICompiler", "-XX:-UseJVMCICompiler", "-Dexecscript.jit",
            "-Dpolyglot.engine.Compilation", "-Dtruffle.", "-Dexecscript.systemPythonPackages=");

    private WorkerCommand() {
    }

    /** The worker's heap cap (-Xmx): what scripts may hold plus the engine's own. */
    static long heapBytes(ScriptPolicy policy) {
        return policy.isolationSettings().maxMemory() + ENGINE_HEAP_BYTES;
    }

    static List<String> command(ScriptPolicy policy, OsConfinement confinement) {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.add("-Xmx" + (heapBytes(policy) >> 20) + "m");
        // Out of heap is the script's memory limit: the JVM ends at once with exit code 3 (see WorkerMain).
        java.add("-XX:+ExitOnOutOfMemoryError");
        // The JVM's own messages (that one included) must never reach stdout, which carries the protocol.
        java.add("-XX:+DisplayVMOutputToStderr");
        java.add("-Xlog:disable");
        java.add("-Xlog:all=warning:stderr");
        java.add("-XX:-UsePerfData");
        java.add("-XX:+UseSerialGC");
        java.add("-Xshare:auto");
        // The worker runs the engine as this JVM does: from the class path, or as the module an embedder put on the module path.
        Module engine = WorkerMain.class.getModule();
        java.add(engine.isNamed() ? "--enable-native-access=ALL-UNNAMED,org.graalvm.truffle" : "--enable-native-access=ALL-UNNAMED");
        java.add("--sun-misc-unsafe-memory-access=allow");
        java.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
        java.add("-Djava.io.tmpdir=/tmp");
        String resources = GuestEngines.checkedResourcePath();
        if (resources != null) {
            // Checked by this JVM just now; the worker reads it (read-only when confined) without a second check.
            java.add("-Dpolyglot.engine.resourcePath=" + resources);
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (INHERITED.stream().anyMatch(arg::startsWith)) {
                java.add(arg);
            }
        }
        String classPath = System.getProperty("java.class.path", "");
        String modulePath = engine.isNamed() ? System.getProperty("jdk.module.path", "") : "";
        if (!classPath.isEmpty()) {
            java.add("-cp");
            java.add(classPath);
        }
        if (engine.isNamed()) {
            java.add("--module-path");
            java.add(modulePath);
            java.add("--module");
            java.add(engine.getName() + "/" + WorkerMain.class.getName());
        } else {
            java.add(WorkerMain.class.getName());
        }
        List<Path> shown = new ArrayList<>(policy.readableDirectories());
        // What scripts import boto3 from (the policy's pythonPath, the system's boto3): as readable as in-process.
        shown.addAll(Boto3Installation.of(policy.pythonPath()).readableRoots());
        for (String path : List.of(classPath, modulePath)) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    shown.add(Path.of(entry));
                }
            }
        }
        if (resources != null) {
            shown.add(Path.of(resources));
        }
        // Confined, /tmp is the worker's own empty directory: what it must read from the host's /tmp is shown read-only.
        List<Path> underTmp = shown.stream().map(p -> p.toAbsolutePath().normalize())
                .filter(p -> p.startsWith("/tmp") && Files.exists(p)).distinct().toList();
        return confinement.apply(policy.isolationSettings().confinement(), java, List.of(), underTmp);
    }

    /** Only what the worker needs: PATH, and the variables the policy passes to scripts. */
    static Map<String, String> environment(ScriptPolicy policy) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin:/bin");
        env.putAll(SandboxIdentity.passedEnvironment(policy));
        return env;
    }
}
