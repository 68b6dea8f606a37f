package dev.execscript.powershell;

import dev.execscript.attachment.ZipArchive;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One PowerShell step to run.
 *
 * @param script           the step's inline script text
 * @param inputPayloadJson the step's InputPayload as JSON text; the runner exposes it as {@code $env:InputPayload}
 * @param timeout          wall-clock limit for the pwsh process; positive
 * @param environment      extra environment variables the policy allows; {@code InputPayload}, {@code HOME} and
 *                         {@code TMPDIR} are the runner's and win over entries here, {@code PATH} here replaces the
 *                         inherited one
 * @param attachment       a checked zip attachment, written out as the process's working directory (checked
 *                         once, from the bytes whose checksum was verified: the runner reads no file for it)
 * @param maxOutputBytes   bytes of stdout+stderr kept; beyond it a marker line is recorded and the rest drained
 * @param liveOutput       receives each output line as it arrives (stdout and stderr, one at a time, never
 *                         concurrently), up to the cap and the marker line; may be a no-op
 */
public record PowerShellRequest(String script, String inputPayloadJson, Duration timeout,
                                Map<String, String> environment, Optional<ZipArchive> attachment,
                                int maxOutputBytes, Consumer<String> liveOutput) {

    public PowerShellRequest {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(inputPayloadJson, "inputPayloadJson");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        for (String name : environment.keySet()) {
            // ProcessBuilder would fail later with a less helpful message
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
            }
        }
        attachment = attachment == null ? Optional.empty() : attachment;
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes must not be negative, was " + maxOutputBytes);
        }
        liveOutput = liveOutput == null ? line -> { } : liveOutput;
    }
}
