package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.graalvm.polyglot.Value;

/**
 * Encodes a handler's return value as the step's JSON output payload, with Python {@code json.dumps}
 * semantics (compact, non-ASCII written as UTF-8) and the AWS limits: a top-level list keeps its first
 * {@link PayloadLimits#maxListItems()} items, and the output is cut to {@link PayloadLimits#maxBytes()}
 * bytes while staying valid JSON (open containers closed, a long string cut to a prefix). The work done is
 * bounded by the byte limit, not by the size of the value.
 *
 * <p>Immutable and thread-safe; each call keeps its state to itself.
 */
public final class PayloadEncoder {

    private final PayloadLimits limits;

    public PayloadEncoder(PayloadLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Must be called on a thread that may use the value's context (it's called right after the handler
     * returns, context still open).
     *
     * @throws PayloadTypeException if the encoded part of the value holds something json.dumps rejects
     */
    public EncodedPayload encode(Value value) throws PayloadTypeException {
        Objects.requireNonNull(value, "value");
        return new PayloadWalk<>(new GuestValueModel(), limits).encode(value);
    }

    /**
     * As {@link #encode(Value)}, trying the context's {@link GuestJsonEncoder} first (null: none); the output
     * is the same either way, the guest's is cheaper for values of plain builtin types within the byte limit.
     */
    public EncodedPayload encode(Value value, GuestJsonEncoder guest) throws PayloadTypeException {
        Objects.requireNonNull(value, "value");
        if (guest != null) {
            EncodedPayload payload = guest.encode(value, limits);
            if (payload != null) {
                return payload;
            }
        }
        return encode(value);
    }

    /** Same rules for a JSON tree (used for PowerShell payloads, which arrive as JSON text). */
    public EncodedPayload encode(JsonNode value) {
        Objects.requireNonNull(value, "value");
        return new PayloadWalk<>(JsonNodeModel.INSTANCE, limits).encode(value);
    }
}
