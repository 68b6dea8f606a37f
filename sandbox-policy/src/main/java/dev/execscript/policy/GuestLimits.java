package dev.execscript.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run of a script may use: statements, CPU time, allocations, call depth and printed output.
 * Immutable; every value is checked when it is set and a bad one is refused naming its policy setting.
 *
 * @param maxStatements most statements the script's own code may execute (GraalVM's statement limit)
 * @param cpuTime most CPU time the thread running the step may use
 * @param maxAllocatedBytes most bytes the thread running the step may allocate, by its allocated-bytes counter
 * @param maxRecursionDepth deepest Python call nesting allowed
 * @param maxOutputBytes bytes of stdout plus stderr kept per step; beyond it output is cut with a marker
 */
public record GuestLimits(long maxStatements, Duration cpuTime, long maxAllocatedBytes, int maxRecursionDepth,
                          int maxOutputBytes) {

    static final LongRange MAX_STATEMENTS = LongRange.count("maxStatements", 1, Long.MAX_VALUE);
    static final DurationRange CPU_TIME = new DurationRange("cpuTime", ScriptPolicy.MAX_STEP_TIME);
    static final LongRange MAX_ALLOCATED_BYTES = LongRange.size("maxAllocatedBytes", SizeFormat.MIB, Long.MAX_VALUE);
    static final LongRange MAX_RECURSION_DEPTH = LongRange.count("maxRecursionDepth", 50, 100_000);
    static final LongRange MAX_OUTPUT_BYTES = LongRange.size("maxOutputBytes", 0, 256 * SizeFormat.MIB);

    /** The defaults: a billion statements, AWS's 600 s of CPU, 8 GiB of allocations, depth 1000, 1 MiB of output. */
    public static final GuestLimits DEFAULT = new GuestLimits(1_000_000_000L, ScriptPolicy.MAX_STEP_TIME, 8 * SizeFormat.GIB, 1000,
            (int) SizeFormat.MIB);

    /** @throws PolicyException naming the setting of a value out of its range */
    public GuestLimits {
        MAX_STATEMENTS.check(maxStatements);
        CPU_TIME.check(cpuTime);
        MAX_ALLOCATED_BYTES.check(maxAllocatedBytes);
        MAX_RECURSION_DEPTH.check(maxRecursionDepth);
        MAX_OUTPUT_BYTES.check(maxOutputBytes);
    }

    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects guest limits; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private long maxStatements;
        private Duration cpuTime;
        private long maxAllocatedBytes;
        private int maxRecursionDepth;
        private int maxOutputBytes;

        private Builder(GuestLimits from) {
            maxStatements = from.maxStatements;
            cpuTime = from.cpuTime;
            maxAllocatedBytes = from.maxAllocatedBytes;
            maxRecursionDepth = from.maxRecursionDepth;
            maxOutputBytes = from.maxOutputBytes;
        }

        /** Default 1,000,000,000; at least 1. Counts statements of the script's own code only. */
        public Builder maxStatements(long value) {
            this.maxStatements = MAX_STATEMENTS.check(value);
            return this;
        }

        /** Default 600 s; more than 0 and at most 600 s. */
        public Builder cpuTime(Duration value) {
            this.cpuTime = CPU_TIME.check(Objects.requireNonNull(value, "cpuTime"));
            return this;
        }

        /** Default 8 GiB; at least 1 MiB. */
        public Builder maxAllocatedBytes(long value) {
            this.maxAllocatedBytes = MAX_ALLOCATED_BYTES.check(value);
            return this;
        }

        /** Default 1000; 50 to 100,000. */
        public Builder maxRecursionDepth(int value) {
            this.maxRecursionDepth = (int) MAX_RECURSION_DEPTH.check(value);
            return this;
        }

        /** Default 1 MiB; 0 to 256 MiB. */
        public Builder maxOutputBytes(int value) {
            this.maxOutputBytes = (int) MAX_OUTPUT_BYTES.check(value);
            return this;
        }

        public GuestLimits build() {
            return new GuestLimits(maxStatements, cpuTime, maxAllocatedBytes, maxRecursionDepth, maxOutputBytes);
        }
    }
}
