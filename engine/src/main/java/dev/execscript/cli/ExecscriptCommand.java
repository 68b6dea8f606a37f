package dev.execscript.cli;

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

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try: execscript run DOC)");
    }
}
