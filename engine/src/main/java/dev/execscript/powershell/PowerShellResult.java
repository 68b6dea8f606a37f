package dev.execscript.powershell;

import java.time.Duration;
import java.util.Objects;

/**
 * How a PowerShell step ended.
 *
 * @param status         SUCCESS, FAILED or TIMED_OUT
 * @param payloadJson    JSON text of the value the script returned; null unless SUCCESS
 * @param failureMessage for FAILED: the error record's message and position, or what went wrong with the
 *                       process (exit code, signal, missing payload); for TIMED_OUT: the timeout; null on SUCCESS
 * @param output         stdout and stderr lines in arrival order, capped, with a marker line where cut and
 *                       {@code [execscript: ...]} notes from the runner (kill, cleanup)
 * @param exitCode       pwsh's exit code; null when it was not started
 * @param elapsed        wall-clock time of the whole run, extraction and cleanup included
 */
public record PowerShellResult(Status status, String payloadJson, String failureMessage, String output,
                               Integer exitCode, Duration elapsed) {

    public enum Status { SUCCESS, FAILED, TIMED_OUT }

    public PowerShellResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(elapsed, "elapsed");
        if ((status == Status.SUCCESS) != (payloadJson != null)) {
            throw new IllegalArgumentException("payloadJson must be set exactly when status is SUCCESS");
        }
    }
}
