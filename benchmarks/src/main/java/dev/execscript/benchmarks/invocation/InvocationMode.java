package dev.execscript.benchmarks.invocation;

import dev.execscript.python.GraalPyRuntime;

/**
 * How GraalPy serves an invocation. The benchmark's {@code mode} parameter names a constant here, so a new
 * mode (the engine's pooled fresh contexts, when it lands) is one constant and one {@code @Param} value.
 */
public enum InvocationMode {

    /** {@link GraalPyRuntime#run} per call: a new context each time, as the engine does now. */
    fresh {
        @Override
        public HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime) {
            return new FreshContextCall(runtime, handler);
        }
    },

    /** One context per thread, handler loaded once, reused for every call. */
    warm {
        @Override
        public HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime) {
            return new WarmContextCall(handler);
        }
    };

    /** A call path for one thread; {@code runtime} is the trial's shared engine runtime. */
    public abstract HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime);
}
