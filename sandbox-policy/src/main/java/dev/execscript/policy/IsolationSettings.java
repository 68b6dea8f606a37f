package dev.execscript.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * How runs are kept apart and what is kept ready for them: the isolation mode, the pool of prepared contexts or
 * workers, what those contexts import ahead, a worker's memory and its OS confinement. Immutable; a value out of
 * range is refused naming its policy setting.
 *
 * @param isolation whether steps get fresh contexts, reuse them, or run in worker processes (policy {@code isolation})
 * @param poolSize how many contexts (in-process) or workers (process modes) are kept ready; 0 creates each on demand
 *     (policy {@code poolSize})
 * @param warmupImports Python modules imported in pooled contexts before first use (policy {@code warmupImports})
 * @param maxMemory live memory a script may hold in a worker (policy {@code maxMemory}); not used in-process, where
 *     {@link GuestLimits#maxAllocatedBytes()} counts allocations
 * @param confinement whether worker and pwsh processes must be confined by the OS (policy {@code confinement})
 */
public record IsolationSettings(Isolation isolation, int poolSize, List<String> warmupImports, long maxMemory,
                                Confinement confinement) {

    static final LongRange POOL_SIZE = LongRange.count("poolSize", 0, 64);
    static final LongRange MAX_MEMORY = LongRange.size("maxMemory", 64 * SizeFormat.MIB, 64 * SizeFormat.GIB);

    /** The defaults: FRESH, 2 contexts ready, nothing imported ahead, AWS's 512 MB for a Python step, confinement where available. */
    public static final IsolationSettings DEFAULT = new IsolationSettings(Isolation.FRESH, 2, List.of(), 512 * SizeFormat.MIB,
            Confinement.AUTO);

    /** @throws PolicyException naming the setting of a value out of its range */
    public IsolationSettings {
        Objects.requireNonNull(isolation, "isolation");
        POOL_SIZE.check(poolSize);
        warmupImports = ScriptPolicy.Builder.copyChecked(warmupImports, "warmupImports", ScriptPolicy.Builder::checkModuleName);
        MAX_MEMORY.check(maxMemory);
        Objects.requireNonNull(confinement, "confinement");
    }

    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects isolation settings; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private Isolation isolation;
        private int poolSize;
        private List<String> warmupImports;
        private long maxMemory;
        private Confinement confinement;

        private Builder(IsolationSettings from) {
            isolation = from.isolation;
            poolSize = from.poolSize;
            warmupImports = from.warmupImports;
            maxMemory = from.maxMemory;
            confinement = from.confinement;
        }

        /** Default {@link Isolation#FRESH}. */
        public Builder isolation(Isolation value) {
            this.isolation = Objects.requireNonNull(value, "isolation");
            return this;
        }

        /** Default 2; 0 to 64. */
        public Builder poolSize(int value) {
            this.poolSize = (int) POOL_SIZE.check(value);
            return this;
        }

        /**
         * Default none: each module costs every pooled context its import time (measured on GraalPy 25.0:
         * {@code json} 35-100 ms, as it imports {@code re}), so list only what the scripts import. Each a
         * dotted ASCII module name ({@code xml.etree.ElementTree}); duplicates are dropped, order is kept. Copied.
         */
        public Builder warmupImports(Collection<String> value) {
            this.warmupImports = ScriptPolicy.Builder.copyChecked(value, "warmupImports", ScriptPolicy.Builder::checkModuleName);
            return this;
        }

        /** As {@link #warmupImports(Collection)}. */
        public Builder warmupImports(String... value) {
            return warmupImports(Arrays.asList(Objects.requireNonNull(value, "warmupImports")));
        }

        /** Default 512 MiB (AWS's memory for a Python step); 64 MiB to 64 GiB. Used by the process modes. */
        public Builder maxMemory(long value) {
            this.maxMemory = MAX_MEMORY.check(value);
            return this;
        }

        /** Default {@link Confinement#AUTO}. */
        public Builder confinement(Confinement value) {
            this.confinement = Objects.requireNonNull(value, "confinement");
            return this;
        }

        public IsolationSettings build() {
            return new IsolationSettings(isolation, poolSize, warmupImports, maxMemory, confinement);
        }
    }
}
