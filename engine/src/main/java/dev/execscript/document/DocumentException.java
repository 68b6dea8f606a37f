package dev.execscript.document;

import dev.execscript.text.Excerpt;
import java.nio.file.Path;

/**
 * The document, its parameters or the command line are invalid. The message names the file, the line
 * when known, the field, and what is wrong; it is meant for the user as is (exit code 2).
 */
public final class DocumentException extends Exception {

    /** Backstops: each echo of document text is cut shorter where it is made (see {@link Excerpt}). */
    static final int MAX_FIELD_CHARS = 300;
    static final int MAX_PROBLEM_CHARS = 2000;

    private final String source;
    private final int line;
    private final String field;
    private final String problem;

    public DocumentException(String source, int line, String field, String problem) {
        this(source, line, field == null ? null : Excerpt.of(field, MAX_FIELD_CHARS), Excerpt.of(problem, MAX_PROBLEM_CHARS),
                true);
    }

    /** Field and problem already bounded and escaped: a message never carries raw control characters or a whole value. */
    private DocumentException(String source, int line, String field, String problem, boolean bounded) {
        super(format(source, line, field, problem));
        this.source = source;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public DocumentException(Path source, int line, String field, String problem) {
        this(source == null ? null : source.toString(), line, field, problem);
    }

    /** An error about the command line or the run, not a file. */
    public static DocumentException usage(String problem) {
        return new DocumentException((String) null, 0, null, problem);
    }

    private static String format(String source, int line, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (field != null) {
            sb.append(field).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 when not known. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
