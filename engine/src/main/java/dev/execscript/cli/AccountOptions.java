package dev.execscript.cli;

import dev.execscript.automation.AutomationVariables;
import picocli.CommandLine.Option;

/** The account and region runbooks run in, shared by {@code run} and {@code test}: global:ACCOUNT_ID and global:REGION. */
final class AccountOptions {

    @Option(names = "--account", paramLabel = "ID", description = "Value of global:ACCOUNT_ID (default: ${DEFAULT-VALUE}).",
            defaultValue = AutomationVariables.DEFAULT_ACCOUNT)
    String account;

    @Option(names = "--region", paramLabel = "REGION", description = "Value of global:REGION (default: ${DEFAULT-VALUE}).",
            defaultValue = AutomationVariables.DEFAULT_REGION)
    String region;
}
