package dev.execscript.payload;

/**
 * A step's output payload as JSON text.
 *
 * @param json       compact JSON, at most {@link PayloadLimits#maxBytes()} bytes of UTF-8
 * @param truncated  whether a limit cut the value
 * @param truncation why it was cut (reasons joined with "; "), or null when not truncated
 */
public record EncodedPayload(String json, boolean truncated, String truncation) {

    public EncodedPayload {
        if (json == null) {
            throw new IllegalArgumentException("json must not be null");
        }
        if (truncated != (truncation != null)) {
            throw new IllegalArgumentException("truncation must be given exactly when truncated");
        }
    }
}
