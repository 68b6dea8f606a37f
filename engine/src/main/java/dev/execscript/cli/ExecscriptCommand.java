package dev.execscript.cli;

import dev.execscript.confinement.OsConfinement;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code execscript} command: a parent for its subcommands. */
@Command(name = "execscript",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs AWS Systems Manager Automation aws:executeScript steps locally (Python in GraalPy).",
        subcommands = {RunCommand.class, TestCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the execution succeeded",
            "1:a step failed, timed out or was cancelled",
            "2:the document, parameters or arguments are invalid",
            "3:an internal error (please report it)"})
public final class ExecscriptCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--show-isolation", description = "Print which OS confinements worker and pwsh "
            + "processes get on this machine (isolation: process), then exit.")
    boolean showIsolation;

    @Override
    public void run() {
        if (showIsolation) {
            OsConfinement here = OsConfinement.detect();
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.println("OS confinement of worker and pwsh processes: " + switch (here.mechanism()) {
                case BWRAP -> "bwrap";
                case UNSHARE -> "unshare";
                case NONE -> "none";
            });
            here.activeConfinements().forEach(line -> out.println("  " + line));
            out.println("Policy confinement: auto (default) uses it where usable; required fails a step where it is not; off never confines.");
            out.flush();
            return;
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try: execscript run DOC)");
    }
}
