package dev.execscript.automation;

import dev.execscript.answering.AwsAnswering;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.policy.ArchiveLimits;
import dev.execscript.policy.ScriptPolicy;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * How to run a document locally.
 *
 * @param attachmentsDirectory where {@code files} are looked up; null means the document's directory
 * @param liveOutput receives (step name, line) for every line a script prints, as it prints it
 * @param awsResponses what AWS answers the scripts' calls (unless the policy names an endpoint)
 * @param awsCallListener receives (step name, call) for every AWS call a script makes, as it makes it
 */
public record RunOptions(ScriptPolicy policy, AutomationVariables variables, Path attachmentsDirectory,
        BiConsumer<String, String> liveOutput, AwsResponses awsResponses, BiConsumer<String, AwsCall> awsCallListener) {

    public RunOptions(ScriptPolicy policy, AutomationVariables variables, Path attachmentsDirectory,
            BiConsumer<String, String> liveOutput) {
        this(policy, variables, attachmentsDirectory, liveOutput, AwsResponses.none(), (step, call) -> { });
    }

    public static RunOptions defaults() {
        return new RunOptions(ScriptPolicy.defaults(), AutomationVariables.local(null, null), null, (step, line) -> { });
    }

    public RunOptions withPolicy(ScriptPolicy p) {
        return new RunOptions(p, variables, attachmentsDirectory, liveOutput, awsResponses, awsCallListener);
    }

    public RunOptions withVariables(AutomationVariables v) {
        return new RunOptions(policy, v, attachmentsDirectory, liveOutput, awsResponses, awsCallListener);
    }

    /** How one execution's AWS calls are answered: the declared responses, or the policy's endpoint. */
    AwsAnswering newAwsAnswering() {
        return new AwsAnswering(awsResponses, policy.awsEndpoint());
    }

    /** The zip-attachment caps of the policy. */
    public ArchiveLimits archiveLimits() {
        return new ArchiveLimits(policy.archiveLimits().maxEntries(), policy.archiveLimits().maxUncompressedBytes(), policy.archiveLimits().maxCompressionRatio());
    }
}
