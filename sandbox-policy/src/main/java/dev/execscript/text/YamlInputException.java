package dev.execscript.text;

/**
 * A YAML or JSON file could not be read under {@link YamlLimits}: not valid YAML/JSON, too large, too
 * deep, an alias to nothing or copying too much, a key given twice. Callers place it in their own
 * error type with the file's name; the problem text is meant for the user as is and never holds
 * raw control characters or more than a short excerpt of the file.
 */
public final class YamlInputException extends Exception {

    private final int line;
    private final String pointer;
    private final String problem;

    /**
     * @param line 1-based, or 0 when not known
     * @param pointer JSON Pointer of the value the problem is about, or null
     */
    public YamlInputException(int line, String pointer, String problem) {
        super(problem);
        this.line = line;
        this.pointer = pointer;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    /** The JSON Pointer of the value the problem is about, or null when it is about the file. */
    public String pointer() {
        return pointer;
    }

    public String problem() {
        return problem;
    }
}
