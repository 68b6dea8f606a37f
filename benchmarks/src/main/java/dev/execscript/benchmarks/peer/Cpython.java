package dev.execscript.benchmarks.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CPython 3 on PATH, resolved to its real executable: launcher shims (pyenv, asdf) are shell scripts
 * that would add their own start-up to every process-per-invocation call.
 */
public final class Cpython {

    private Cpython() {
    }

    /** The interpreter's path, or an exception that says python3 is missing and the peers are skipped. */
    public static String executable() {
        String onPath = findOnPath("python3");
        if (onPath == null) {
            throw new IllegalStateException("python3 is not on PATH: the CPython peer benchmarks are skipped");
        }
        try {
            Process p = new ProcessBuilder(onPath, "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("python3 on PATH (" + onPath + ") does not run: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("python3 on PATH (" + onPath + ") does not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking python3 for its executable", e);
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
