package dev.execscript.runtime;

/**
 * The {@code FailureDetails.FailureType} values execscript reports. {@code Verification} and
 * {@code Action} are AWS's own; the others name causes AWS folds into those two.
 */
public enum FailureType {
    /** The step's inputs are invalid (AWS's name for input errors). */
    Verification,
    /** The script raised, could not be loaded, or returned something that cannot be a payload. */
    Action,
    /** The step ran past its timeout. */
    Timeout,
    /** A sandbox policy limit (statements, CPU, memory, recursion) ended the step. */
    ResourceLimit,
    /** The action or runtime is not supported by execscript. */
    Unsupported,
    /** A named output did not match its selector or type. */
    Output
}
