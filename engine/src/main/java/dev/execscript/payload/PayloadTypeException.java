package dev.execscript.payload;

/**
 * A returned value that has no JSON encoding: an unsupported type, a circular reference, a non-finite
 * float, an int too long to print, or nesting that is too deep.
 */
public final class PayloadTypeException extends RuntimeException {

    private final String path;
    private final String typeName;

    PayloadTypeException(String message, String path, String typeName) {
        super(message);
        this.path = path;
        this.typeName = typeName;
    }

    /** Where in the value the problem is, as a JSON path such as {@code $.result[2]}. */
    public String path() {
        return path;
    }

    /** The (Python) type name of the offending value, such as {@code set}. */
    public String typeName() {
        return typeName;
    }
}
