package dev.execscript.embed;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Python step to run: its source, the handler function {@code (events, context)} to call, the file
 * name its tracebacks show, and optionally a timeout. Immutable; the {@code with} methods return copies.
 * Build one once and run it many times: under {@code REUSE} isolation runs of equal source and name share
 * warm contexts.
 */
public final class PythonStep {

    static final String DEFAULT_NAME = "script.py";

    private final String source;
    private final String handler;
    private final String name;
    private final Duration timeout;

    private PythonStep(String source, String handler, String name, Duration timeout) {
        this.source = source;
        this.handler = handler;
        this.name = name;
        this.timeout = timeout;
    }

    /** A step whose {@code source} defines the function {@code handler}; named {@value #DEFAULT_NAME}. */
    public static PythonStep inline(String source, String handler) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(handler, "handler");
        if (handler.isBlank()) {
            throw new IllegalArgumentException("handler is blank");
        }
        return new PythonStep(source, handler, DEFAULT_NAME, null);
    }

    /** The same step, its tracebacks naming {@code fileName} (e.g. {@code resize.py}). */
    public PythonStep withName(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank() || fileName.startsWith("<")) {
            // Names starting with '<' are the runtime's own code, which statement limits do not count.
            throw new IllegalArgumentException("fileName must be non-blank and not start with '<': '" + fileName + "'");
        }
        return new PythonStep(source, handler, fileName, timeout);
    }

    /**
     * The same step with its own timeout; runs use the shorter of this and the policy's
     * {@code wallClockTimeout}.
     */
    public PythonStep withTimeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + value);
        }
        return new PythonStep(source, handler, name, value);
    }

    public String source() {
        return source;
    }

    public String handler() {
        return handler;
    }

    public String name() {
        return name;
    }

    /** The step's own timeout; empty: the policy's {@code wallClockTimeout}. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return "PythonStep{name=" + name + ", handler=" + handler + ", timeout=" + timeout + "}";
    }
}
