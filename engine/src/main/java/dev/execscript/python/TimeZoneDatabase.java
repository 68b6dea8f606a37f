package dev.execscript.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's IANA time-zone database, shown to every script read-only so that {@code zoneinfo} works as on
 * AWS (which ships its own). Debian and Ubuntu keep it in {@code /usr/share/zoneinfo} (package tzdata); where
 * it is missing, {@code zoneinfo.ZoneInfo(key)} raises its own ZoneInfoNotFoundError.
 */
final class TimeZoneDatabase {

    private static final Path HOST_DIRECTORY = Path.of("/usr/share/zoneinfo");
    /** Looked up once: every new context asks. */
    private static final Optional<Path> DIRECTORY =
            Files.isRegularFile(HOST_DIRECTORY.resolve("UTC")) ? Optional.of(HOST_DIRECTORY) : Optional.empty();

    private TimeZoneDatabase() {
    }

    /** The directory, if this host has one with at least UTC in it. */
    static Optional<Path> directory() {
        return DIRECTORY;
    }
}
