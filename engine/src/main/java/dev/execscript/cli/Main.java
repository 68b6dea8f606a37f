package dev.execscript.cli;

import dev.execscript.document.DocumentException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the command line. Users see messages, never Java stack traces. */
public final class Main {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_INVALID = 2;
    public static final int EXIT_INTERNAL = 3;

    private Main() {
    }

    public static void main(String[] args) {
        AotCacheNotice.printIfRefused(System.err);
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the CLI in this JVM with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ExecscriptCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                    return cls.cast(new RunCommand(out, err));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("execscript: " + e.getMessage());
            err.println("Try 'execscript " + (e.getCommandLine().getCommandName().equals("execscript") ? "" : e.getCommandLine().getCommandName() + " ")
                    + "--help' for usage.");
            return EXIT_INVALID;
        });
        cli.setExecutionExceptionHandler((e, c, parseResult) -> {
            if (e instanceof DocumentException de) {
                err.println("execscript: " + de.getMessage());
                return EXIT_INVALID;
            }
            err.println("execscript: internal error: " + e);
            if (System.getenv("EXECSCRIPT_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set EXECSCRIPT_DEBUG=1 for the Java stack trace)");
            }
            return EXIT_INTERNAL;
        });
        return cli.execute(args);
    }
}
