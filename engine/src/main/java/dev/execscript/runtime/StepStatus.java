package dev.execscript.runtime;

/** AWS's StepStatus / AutomationExecutionStatus values that a local run can end in. */
public enum StepStatus {
    Pending, InProgress, Success, Failed, TimedOut, Cancelled
}
