package dev.execscript.python;

import dev.execscript.output.TextCut;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Reads text a script controls (an exception's type name, message, traceback) from the guest at most
 * {@link TextCut#MAX_TEXT_CHARS} characters at a time: a longer str is sliced in the guest, so a 50 MB
 * exception message is never copied into Java whole. One per context, made before any script runs and
 * held in Java only, so that no script can replace the slicing function the host calls.
 */
final class GuestText {

    /** (length, head) of a str, from the builtins module so that nothing a script rebinds changes it. */
    private static final Source HEAD = Source.create("python", """
            (lambda b: lambda s, n, ln=b.str.__len__, gi=b.str.__getitem__, sl=b.slice:
                (ln(s), s if ln(s) <= n else gi(s, sl(n))))(__import__('builtins'))""");

    private final Value head;

    /** For a context no script has run in yet (the builtins it captures are the real ones). */
    GuestText(Context context) {
        this.head = context.eval(HEAD);
    }

    /** The text, or its head and a marker naming the limit when it is longer. */
    String bounded(Value text) {
        if (text == null || text.isNull()) {
            return null;
        }
        if (!text.isString()) {
            return TextCut.bounded(text.toString());
        }
        Value read = head.execute(text, TextCut.MAX_TEXT_CHARS);
        return TextCut.head(read.getArrayElement(1).asString(), TextCut.MAX_TEXT_CHARS, read.getArrayElement(0).asLong());
    }
}
