package dev.execscript.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line on stderr when the launcher handed the JVM an AOT cache ({@code execscript.aot.cache}) that the
 * JVM did not map. The JVM then runs without it (only slower) and, with its own messages silenced by the
 * launcher, would say nothing. The cache is deleted so that the launcher makes a new one.
 */
final class AotCacheNotice {

    static final String PROPERTY = "execscript.aot.cache";

    private AotCacheNotice() {
    }

    static void printIfRefused(PrintStream err) {
        String cache = System.getProperty(PROPERTY);
        // The JVM names "sharing" in java.vm.info only when it mapped the archive it was given.
        if (cache == null || cache.isEmpty() || System.getProperty("java.vm.info", "").contains("sharing")) {
            return;
        }
        err.println("execscript: the JVM could not use the start-up cache " + cache
                + "; this run is slower, and the cache is made again on the next run");
        try {
            Files.deleteIfExists(Path.of(cache));
        } catch (IOException | RuntimeException e) {
            // Another run may hold or have replaced it; the launcher checks it again anyway.
        }
    }
}
