package dev.execscript.cli;

import dev.execscript.embed.ExecScript;

/**
 * One line on stderr when the JIT was asked for (the launcher sets {@code execscript.jit=requested})
 * but the JVM runs Truffle's interpreter only, e.g. because the compiler jars are missing.
 */
final class JitNotice {

    static final String PROPERTY = "execscript.jit";

    private JitNotice() {
    }

    static void printIfMissing(ExecScript engine, TerminalWriter err) {
        if ("requested".equals(System.getProperty(PROPERTY)) && !engine.isCompilationEnabled()) {
            err.message("execscript: the optimizing compiler is not available (engine/target/jit is missing?); "
                    + "running Python in the interpreter");
        }
    }
}
