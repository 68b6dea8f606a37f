package dev.execscript.execution;

import dev.execscript.attachment.ArchiveLimits;
import dev.execscript.policy.ScriptPolicy;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * How to run a document locally.
 *
 * @param attachmentsDirectory where {@code files} are looked up; null means the document's directory
 * @param liveOutput receives (step name, line) for every line a script prints, as it prints it
 */
public record RunOptions(ScriptPolicy policy, AutomationVariables variables, Path attachmentsDirectory,
        BiConsumer<String, String> liveOutput) {

    public static RunOptions defaults() {
        return new RunOptions(ScriptPolicy.defaults(), AutomationVariables.local(null, null), null, (step, line) -> { });
    }

    public RunOptions withPolicy(ScriptPolicy p) {
        return new RunOptions(p, variables, attachmentsDirectory, liveOutput);
    }

    public RunOptions withVariables(AutomationVariables v) {
        return new RunOptions(policy, v, attachmentsDirectory, liveOutput);
    }

    /** The zip-attachment caps of the policy. */
    public ArchiveLimits archiveLimits() {
        return new ArchiveLimits(policy.maxArchiveEntries(), policy.maxArchiveUncompressedBytes(), policy.maxArchiveCompressionRatio());
    }
}
