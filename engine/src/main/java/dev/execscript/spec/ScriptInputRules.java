package dev.execscript.spec;

import dev.execscript.text.Excerpt;

/**
 * The rules on a script step's Attachment and Handler that need no running: what kind of file an attachment
 * is for each runtime, and the handler form a .zip needs. The document parser applies them to literal values
 * (an error with file and line, exit 2); the step applies them again to values that came from parameters.
 */
public final class ScriptInputRules {

    private ScriptInputRules() {
    }

    /**
     * What is wrong with using {@code attachment} this way, or null when nothing is.
     *
     * @param python whether the step's runtime is Python (else PowerShell)
     * @param handler the Handler input (Python), or null
     * @param hasScript whether the step has a Script input
     */
    public static Problem attachmentProblem(boolean python, String attachment, String handler, boolean hasScript) {
        if (attachment == null || attachment.isEmpty()) {
            return null;
        }
        if (!python) {
            return attachment.endsWith(".zip") ? null : new Problem("Attachment", "attachment '" + Excerpt.of(attachment)
                    + "': a PowerShell attachment must be a .zip (its files are unpacked where the Script runs)");
        }
        if (!attachment.endsWith(".py") && !attachment.endsWith(".zip")) {
            return new Problem("Attachment", "attachment '" + Excerpt.of(attachment) + "': a Python attachment is a .py or a .zip file");
        }
        if (!hasScript && attachment.endsWith(".zip") && handler != null && !handler.contains(".")) {
            return new Problem("Handler", "Handler '" + Excerpt.of(handler) + "': with a .zip attachment and no Script, Handler is "
                    + "module.function (e.g. main.handler for main.py in the zip)");
        }
        return null;
    }

    /** A broken rule: the input it is about and what is wrong. */
    public record Problem(String input, String message) {
    }
}
