package dev.execscript.spec;

/**
 * What a step's {@code onFailure} says to do when the step does not succeed: stop the run ({@code Abort},
 * AWS's default), go on with the next step ({@code Continue}), or go to a named step ({@code step:NAME}).
 * Parsed once by the document parser; the runner only switches on it.
 */
public sealed interface OnFailure {

    Abort ABORT = new Abort();
    Continue CONTINUE = new Continue();

    /** Stop the run: the execution ends with the step's status. */
    record Abort() implements OnFailure {
    }

    /** Go on with the next step. */
    record Continue() implements OnFailure {
    }

    /** Go on with the step named {@code step}. */
    record GoTo(String step) implements OnFailure {
    }

    /**
     * AWS's default for {@code isCritical} under this choice: a step that may fail and go on to the next
     * step is not critical unless it says so.
     */
    default boolean criticalByDefault() {
        return !(this instanceof Continue);
    }

    /** The choice {@code text} names, or null when it names none (the parser then reports where). */
    static OnFailure parse(String text) {
        if (text == null) {
            return ABORT;
        }
        return switch (text) {
            case "Abort" -> ABORT;
            case "Continue" -> CONTINUE;
            default -> text.startsWith("step:") ? new GoTo(text.substring("step:".length())) : null;
        };
    }
}
