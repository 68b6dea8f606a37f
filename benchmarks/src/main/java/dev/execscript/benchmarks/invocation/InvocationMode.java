package dev.execscript.benchmarks.invocation;

import dev.execscript.policy.Isolation;
import dev.execscript.python.GraalPyRuntime;

/**
 * How GraalPy serves an invocation. The benchmark's {@code mode} parameter names a constant here, so a new
 * mode is one constant and one {@code @Param} value.
 */
public enum InvocationMode {

    /** The embedding API in FRESH isolation: a new context per call, drawn from the pool prepared in the background. */
    fresh {
        @Override
        public HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime) {
            return new ExecScriptCall(handler, Isolation.FRESH);
        }
    },

    /** The embedding API in REUSE isolation: one warm context per script, handler loaded once. */
    warm {
        @Override
        public HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime) {
            return new ExecScriptCall(handler, Isolation.REUSE);
        }
    },

    /** The in-process floor: plain GraalPy without the sandbox and limits, the handler called on the caller's thread. */
    floor {
        @Override
        public HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime) {
            return new UnsandboxedCall(handler);
        }
    },

    /** {@link GraalPyRuntime#run} without a pool: a context created and initialised during each call (what the CLI does for one document). */
    unpooled {
        @Override
        public HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime) {
            return new FreshContextCall(runtime, handler);
        }
    };

    /** A call path for one thread; {@code runtime} is the trial's shared engine runtime. */
    public abstract HandlerCall open(BenchmarkHandler handler, GraalPyRuntime runtime);
}
