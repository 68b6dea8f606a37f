package dev.execscript.cli;

import dev.execscript.output.TextCut;
import dev.execscript.text.TerminalText;
import java.io.PrintStream;

/**
 * Every line the command line writes to stderr goes through here: control characters are escaped
 * ({@link TerminalText}) and a message is cut at {@link TextCut#MAX_TEXT_CHARS}. How much a script's output
 * may be is bounded before it gets here, by its step's output capture. Thread-safe: lines from steps running
 * at once are written whole.
 */
final class TerminalWriter {

    private final PrintStream err;

    TerminalWriter(PrintStream err) {
        this.err = err;
    }

    /** A line a script printed, prefixed with its step's name. */
    synchronized void scriptLine(String stepName, String line) {
        err.println("[" + TerminalText.escape(stepName) + "] " + TerminalText.escape(line));
    }

    /** A message of ours, which may echo document or script text; newlines and tabs are kept. */
    synchronized void message(String text) {
        err.println(TerminalText.escape(TextCut.bounded(text)));
    }
}
