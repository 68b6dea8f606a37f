package dev.execscript.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.attachment.ZipArchive;
import dev.execscript.document.DocumentException;
import dev.execscript.payload.EncodedPayload;
import dev.execscript.payload.PayloadEncoder;
import dev.execscript.payload.PayloadTypeException;
import dev.execscript.policy.PayloadLimits;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.powershell.PowerShellRequest;
import dev.execscript.powershell.PowerShellRunner;
import dev.execscript.python.SandboxIdentity;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.spec.JsonText;
import dev.execscript.spec.ScriptInputRules;
import dev.execscript.spec.StepSpec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PowerShell step: its inline Script runs in a pwsh process (with a .zip attachment unpacked as its
 * working directory), and what it returns goes through the same payload limits as Python's.
 */
final class PowerShellAction {

    ScriptOutcome run(StepSpec step, JsonNode inputs, JsonNode payload, Duration timeout, StepContext context) {
        ScriptPolicy policy = context.options.policy();
        Optional<Path> pwsh = policy.pwshPath().or(PowerShellRunner::findOnPath);
        if (pwsh.isEmpty()) {
            return ScriptOutcome.failed(FailureType.Unsupported, "PowerShell is not installed: there is no pwsh on PATH. Install "
                    + "PowerShell 7, or point execscript at it with --pwsh PATH (policy setting pwshPath)", Map.of(), null, Duration.ZERO);
        }
        String attachment = inputs.path("Attachment").asText("");
        Optional<ZipArchive> zip = Optional.empty();
        if (!attachment.isEmpty()) {
            ScriptInputRules.Problem problem = ScriptInputRules.attachmentProblem(false, attachment, null, true);
            if (problem != null) {
                return ScriptOutcome.failed(FailureType.Verification, problem.message(), Map.of(), null, Duration.ZERO);
            }
            try {
                // The archive checked from the bytes whose checksum was verified; the file is not read again.
                zip = context.attachment(attachment).archive();
            } catch (DocumentException e) {
                return ScriptOutcome.failed(FailureType.Verification, e.getMessage(), Map.of(), null, Duration.ZERO);
            }
        }
        ScriptOutcome result;
        try {
            result = new PowerShellRunner(pwsh.get(), policy.isolationSettings().confinement()).run(new PowerShellRequest(inputs.path("Script").asText(),
                    JsonText.write(payload), timeout, SandboxIdentity.passedEnvironment(policy), zip, policy.guestLimits().maxOutputBytes(),
                    line -> context.options.liveOutput().accept(step.name(), line)));
        } catch (UncheckedIOException e) {
            // The disk failed us, or two entries of the attachment name one file on a case-insensitive disk.
            return ScriptOutcome.failed(FailureType.Action, "the PowerShell step could not be set up: " + e.getMessage(), Map.of(),
                    null, Duration.ZERO);
        }
        return result.succeeded() ? encode(result, policy) : result;
    }

    /** pwsh's JSON, through the same payload limits as Python's return value. */
    private static ScriptOutcome encode(ScriptOutcome result, ScriptPolicy policy) {
        JsonNode value = JsonText.parseOrNull(result.payloadJson());
        try {
            EncodedPayload p = new PayloadEncoder(policy.payloadLimits()).encode(value);
            return ScriptOutcome.success(p.json(), p.truncation(), result.output(), result.elapsed());
        } catch (PayloadTypeException e) {
            return ScriptOutcome.failed(FailureType.Action, "the script's output cannot be the payload: " + e.getMessage(), Map.of(),
                    result.output(), result.elapsed());
        }
    }
}
