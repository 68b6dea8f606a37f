package dev.execscript.policy;

import dev.execscript.text.Excerpt;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A policy setting was given a value it cannot take, or a policy file could not be read as a policy.
 * The message names the setting, the value and what is allowed; for errors found in a file it starts
 * with the file name and line ({@code policy.yaml line 4: ...}).
 */
public final class PolicyException extends IllegalArgumentException {

    private final String setting;
    private final String source;
    private final int line;

    /** A value outside the allowed range, e.g. {@code ("maxRecursionDepth", 10, "50 to 100,000")}. */
    public PolicyException(String setting, Object value, String allowed) {
        this(setting, "policy setting '" + setting + "' = " + Excerpt.of(String.valueOf(value)) + " is out of range; allowed: " + allowed,
                null, 0, null);
    }

    /** A value refused for another reason than its range; {@code message} says why. */
    public PolicyException(String setting, String message) {
        this(setting, "policy setting '" + setting + "': " + message, null, 0, null);
    }

    /**
     * An error found in a policy file. {@code setting} may be null when the error is not about one
     * setting (a syntax error, say); {@code line} is 1-based, or 0 when unknown.
     */
    public PolicyException(String setting, String message, String source, int line) {
        this(setting, locate(source, line, message), source, line, null);
    }

    private PolicyException(String setting, String fullMessage, String source, int line, Throwable cause) {
        // A backstop: each echo of file text is cut shorter where it is made.
        super(Excerpt.of(fullMessage, 2000), cause);
        this.setting = setting;
        this.source = source;
        this.line = line;
    }

    /**
     * The same error, placed at a line of a file. Builder checks know nothing of files; the loader
     * uses this so that their messages still point at the offending line.
     */
    PolicyException at(String source, int line) {
        return new PolicyException(setting, locate(source, line, getMessage()), source, line, this);
    }

    private static String locate(String source, int line, String message) {
        if (source == null) {
            return message;
        }
        return line > 0 ? source + " line " + line + ": " + message : source + ": " + message;
    }

    /** The name of the setting to change, or null when the error is not about one setting. */
    public String setting() {
        return setting;
    }

    /** The file (or other source name) the error was found in, if it came from one. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The 1-based line in {@link #source()}, if known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
