package dev.execscript.cli;

import dev.execscript.automation.AutomationVariables;
import dev.execscript.document.DocumentException;
import dev.execscript.python.GraalPyRuntime;
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
        // On one core there is nothing to overlap; -Dexecscript.earlyStart=false turns it off.
        if (runsOneDocumentWithDefaults(args) && Runtime.getRuntime().availableProcessors() > 1
                && !"false".equals(System.getProperty("execscript.earlyStart"))) {
            GraalPyRuntime.startEarly(PolicyOptions.defaultPolicy(), AutomationVariables.DEFAULT_REGION);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Main::haltAfterGrace, "execscript-shutdown"));
        AotCacheNotice.printIfRefused(System.err);
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        exitCode = code;
        System.exit(code);
    }

    /** Options of {@code run} that take a value and change neither the policy nor the region. */
    private static final java.util.Set<String> NEUTRAL_OPTIONS = java.util.Set.of("--aws-responses", "--param", "--params-file",
            "--step", "--payload");

    /**
     * {@code run} of one document under the default policy and region (no option that changes either): then
     * its first context can be prepared while the arguments and the document are read (see
     * {@link GraalPyRuntime#startEarly}). Several documents use a pool instead; other options may change the
     * policy, and a context prepared under the wrong one would only take the run's CPU.
     */
    static boolean runsOneDocumentWithDefaults(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return false;
        }
        int documents = 0;
        for (int i = 1; i < args.length; i++) {
            if (NEUTRAL_OPTIONS.contains(args[i])) {
                i++;
            } else if (args[i].startsWith("-")) {
                return false;
            } else {
                documents++;
            }
        }
        return documents == 1;
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
