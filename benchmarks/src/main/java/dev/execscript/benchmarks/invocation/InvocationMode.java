package dev.execscript.benchmarks.invocation;

import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;

/**
 * How GraalPy serves an invocation. The benchmark's {@code mode} parameter names a constant here, so a new
 * mode is one constant and one {@code @Param} value.
 */
public enum InvocationMode {

    /** The embedding API in FRESH isolation: a new context per call, drawn from the pool prepared in the background. */
    fresh {
        @Override
        public HandlerCall open(BenchmarkHandler handler) {
            return new ExecScriptCall(handler, ScriptPolicy.builder().isolation(Isolation.FRESH).build(), true);
        }
    },

    /** The embedding API in REUSE isolation: one warm context per script, handler loaded once. */
    warm {
        @Override
        public HandlerCall open(BenchmarkHandler handler) {
            return new ExecScriptCall(handler, ScriptPolicy.builder().isolation(Isolation.REUSE).build(), true);
        }
    },

    /** The in-process floor: plain GraalPy without the sandbox and limits, the handler called on the caller's thread. */
    floor {
        @Override
        public HandlerCall open(BenchmarkHandler handler) {
            return new UnsandboxedCall(handler);
        }
    },

    /**
     * The embedding API in FRESH isolation without a pool ({@code prepareContexts(false)}): a context created and
     * initialised during each call (what the CLI does for one document).
     */
    unpooled {
        @Override
        public HandlerCall open(BenchmarkHandler handler) {
            return new ExecScriptCall(handler, ScriptPolicy.builder().isolation(Isolation.FRESH).build(), false);
        }
    };

    /** The trial's call path, shared by its threads. */
    public abstract HandlerCall open(BenchmarkHandler handler);
}
