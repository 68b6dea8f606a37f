package dev.execscript.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * What a script may do and how much it may use. Immutable; build one with {@link #builder()} or take
 * {@link #defaults()}. Holds no GraalVM types: the engine translates it into its own settings.
 */
public final class ScriptPolicy {

    private static final ScriptPolicy DEFAULTS = builder().build();

    private final Duration wallClockTimeout;
    private final int maxPayloadBytes;
    private final int maxPayloadListItems;
    private final int maxOutputBytes;

    private ScriptPolicy(Builder b) {
        this.wallClockTimeout = b.wallClockTimeout;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxPayloadListItems = b.maxPayloadListItems;
        this.maxOutputBytes = b.maxOutputBytes;
    }

    public static ScriptPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Longest a step may run; a step's own {@code timeoutSeconds} can only lower it. */
    public Duration wallClockTimeout() {
        return wallClockTimeout;
    }

    /** Largest serialized output payload, in bytes of UTF-8 (AWS: 100 KB). */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Items kept of a returned list (AWS: 100). */
    public int maxPayloadListItems() {
        return maxPayloadListItems;
    }

    /** Bytes of stdout plus stderr kept per step; beyond it output is cut with a marker. */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    public Builder toBuilder() {
        return new Builder()
                .wallClockTimeout(wallClockTimeout)
                .maxPayloadBytes(maxPayloadBytes)
                .maxPayloadListItems(maxPayloadListItems)
                .maxOutputBytes(maxOutputBytes);
    }

    public static final class Builder {
        private Duration wallClockTimeout = Duration.ofSeconds(600);
        private int maxPayloadBytes = 100 * 1024;
        private int maxPayloadListItems = 100;
        private int maxOutputBytes = 1024 * 1024;

        private Builder() {
        }

        public Builder wallClockTimeout(Duration value) {
            Objects.requireNonNull(value, "wallClockTimeout");
            if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofSeconds(600)) > 0) {
                throw new PolicyException("wallClockTimeout", value, "more than 0 s and at most 600 s");
            }
            this.wallClockTimeout = value;
            return this;
        }

        public Builder maxPayloadBytes(int value) {
            if (value < 16 || value > 64 * 1024 * 1024) {
                throw new PolicyException("maxPayloadBytes", value, "16 to 67,108,864 bytes");
            }
            this.maxPayloadBytes = value;
            return this;
        }

        public Builder maxPayloadListItems(int value) {
            if (value < 1 || value > 1_000_000) {
                throw new PolicyException("maxPayloadListItems", value, "1 to 1,000,000");
            }
            this.maxPayloadListItems = value;
            return this;
        }

        public Builder maxOutputBytes(int value) {
            if (value < 0 || value > 256 * 1024 * 1024) {
                throw new PolicyException("maxOutputBytes", value, "0 to 268,435,456 bytes");
            }
            this.maxOutputBytes = value;
            return this;
        }

        public ScriptPolicy build() {
            return new ScriptPolicy(this);
        }
    }
}
