package dev.execscript.payload;

/**
 * Thrown by a {@link NodeModel}, which does not know where the node sits; the walk adds the path and turns it
 * into a {@link PayloadTypeException}.
 */
final class Unencodable extends RuntimeException {

    final String typeName;
    private final String messageFormat;

    /** @param messageFormat the message with one {@code %s} where the path goes */
    Unencodable(String typeName, String messageFormat) {
        super(messageFormat, null, false, false);
        this.typeName = typeName;
        this.messageFormat = messageFormat;
    }

    static Unencodable type(String typeName) {
        return new Unencodable(typeName, "Object of type " + typeName + " at %s is not JSON serializable");
    }

    static Unencodable key(String typeName) {
        return new Unencodable(typeName, "Key of type " + typeName
                + " at %s is not JSON serializable (keys must be str, int, float, bool or None)");
    }

    static Unencodable nonFinite(double d) {
        String text = Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        return new Unencodable("float", "float " + text + " at %s is not valid JSON");
    }

    PayloadTypeException at(String path) {
        return new PayloadTypeException(messageFormat.formatted(path), path, typeName);
    }
}
