package dev.execscript.cli;

import dev.execscript.document.DocumentException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Entry point of the command line. Users see messages, never Java stack traces. */
public final class Main {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_INVALID = 2;
    public static final int EXIT_INTERNAL = 3;

    private Main() {
    }

    /**
     * How long the JVM's shutdown may take once the results are out (or SIGTERM came): a script thread
     * abandoned in a builtin that ignores cancellation (sum(range(10**13))) keeps GraalVM's own shutdown
     * waiting for hours; past this the process ends anyway.
     */
    static final long SHUTDOWN_GRACE_MILLIS = 2_000;
    /** 128 + SIGTERM, what a shell reports for a process ended by TERM. */
    private static final int EXIT_TERMINATED = 143;

    private static volatile int exitCode = EXIT_TERMINATED;

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(Main::haltAfterGrace, "execscript-shutdown"));
        AotCacheNotice.printIfRefused(System.err);
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        exitCode = code;
        System.exit(code);
    }

    /** A shutdown hook: other hooks run beside it; if they have not let the JVM end within the grace, halt. */
    private static void haltAfterGrace() {
        Thread.ofPlatform().daemon(true).name("execscript-halt").start(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode);
        });
    }

    /** Runs the CLI in this JVM with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        TerminalWriter terminal = new TerminalWriter(err);
        CommandLine cli = new CommandLine(new ExecscriptCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                    return cls.cast(new RunCommand(out, terminal));
                }
                if (cls == TestCommand.class) {
                    return cls.cast(new TestCommand(out, err, terminal));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            terminal.message("execscript: " + e.getMessage());
            terminal.message("Try 'execscript " + (e.getCommandLine().getCommandName().equals("execscript") ? "" : e.getCommandLine().getCommandName() + " ")
                    + "--help' for usage.");
            return EXIT_INVALID;
        });
        cli.setExecutionExceptionHandler((e, c, parseResult) -> {
            if (e instanceof DocumentException de) {
                terminal.message("execscript: " + de.getMessage());
                return EXIT_INVALID;
            }
            terminal.message("execscript: internal error: " + e);
            if (System.getenv("EXECSCRIPT_DEBUG") != null) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                terminal.message(trace.toString().stripTrailing());
            } else {
                terminal.message("(set EXECSCRIPT_DEBUG=1 for the Java stack trace)");
            }
            return EXIT_INTERNAL;
        });
        return cli.execute(args);
    }
}
