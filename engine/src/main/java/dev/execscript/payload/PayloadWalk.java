package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One encoding of one tree: a depth-first walk with an explicit stack (deep values cannot overflow the Java
 * stack), feeding a {@link BoundedJsonWriter}. The walk stops as soon as the writer is cut, so its work is
 * bounded by the byte limit, not by the size of the value; whatever lies past the cut is never read (nor
 * checked for unencodable types).
 */
final class PayloadWalk<N> {

    /** Deepest nesting of containers accepted, the top-level container being depth 1 (Python's recursion limit). */
    static final int MAX_DEPTH = 1000;

    private final NodeModel<N> model;
    private final PayloadLimits limits;
    private final BoundedJsonWriter writer;
    private final List<Frame<N>> stack = new ArrayList<>();
    private final Set<N> open;
    private String listCut;

    PayloadWalk(NodeModel<N> model, PayloadLimits limits) {
        this.model = model;
        this.limits = limits;
        this.writer = new BoundedJsonWriter(limits.maxBytes());
        this.open = model.newIdentitySet();
    }

    EncodedPayload encode(N root) {
        if (visit(root, null)) {
            while (!stack.isEmpty() && advance(stack.getLast())) {
                // advance() does the work
            }
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            writer.endContainer(stack.get(i).object);
        }
        String json = writer.finish();
        return payload(json, writer.isCut(), limits, listCut);
    }

    /** The payload and why it was cut: {@code listCut} (or null), then the byte cut if there was one. */
    static EncodedPayload payload(String json, boolean bytesCut, PayloadLimits limits, String listCut) {
        String bytes = bytesCut
                ? String.format(Locale.ROOT, "payload cut at %,d bytes (limit maxPayloadBytes)", limits.maxBytes())
                : null;
        String reason = listCut == null ? bytes : bytes == null ? listCut : listCut + "; " + bytes;
        return new EncodedPayload(json, reason != null, reason);
    }

    /** Writes the next child of {@code frame}, or closes it. Returns false when the writer is cut. */
    private boolean advance(Frame<N> frame) {
        if (frame.object) {
            if (!frame.entries.next()) {
                close(frame);
                return true;
            }
            try {
                frame.key = frame.entries.key(codePointBudget());
            } catch (Unencodable e) {
                throw e.at(path(stack.size() - 1)); // the key belongs to the object
            }
            return visit(frame.entries.value(), frame.key);
        }
        if (frame.index >= frame.end) {
            close(frame);
            return true;
        }
        return visit(model.element(frame.elements, frame.index++), null);
    }

    /** Writes {@code node}, a member named {@code key} of the top frame (null for array items and the root). */
    private boolean visit(N node, String key) {
        NodeKind kind;
        String text = null;
        try {
            kind = model.kind(node);
            if (kind.isNumber()) {
                text = model.numberText(node, kind);
            } else if (kind == NodeKind.BOOLEAN) {
                text = model.booleanValue(node) ? "true" : "false";
            } else if (kind == NodeKind.NULL) {
                text = "null";
            }
        } catch (Unencodable e) {
            throw e.at(path(stack.size()));
        }
        if (kind.isContainer()) {
            if (stack.size() >= MAX_DEPTH) {
                throw new PayloadTypeException("nesting deeper than " + MAX_DEPTH + " at " + path(stack.size())
                        + " (json.dumps raises RecursionError)",
                        path(stack.size()), kind == NodeKind.OBJECT ? "dict" : "list");
            }
            if (!open.add(node)) {
                String path = path(stack.size());
                throw new PayloadTypeException("Circular reference detected at " + path, path,
                        kind == NodeKind.OBJECT ? "dict" : "list");
            }
        }
        long minValueBytes = text != null ? text.length() : 2; // "" {} [] are the smallest cuts
        if (key != null && !writer.fieldName(key, minValueBytes)) {
            return false;
        }
        return switch (kind) {
            case NULL, BOOLEAN, INTEGER, FLOAT -> writer.literal(kind, text);
            case STRING -> writer.string(model.string(node, codePointBudget()));
            case ARRAY, OBJECT -> open(node, kind == NodeKind.OBJECT);
        };
    }

    private boolean open(N node, boolean object) {
        if (!writer.startContainer(object)) {
            return false;
        }
        Frame<N> frame = new Frame<>(node, object);
        if (object) {
            frame.entries = model.entries(node);
        } else {
            frame.elements = model.elements(node);
            long size = model.arraySize(frame.elements);
            frame.end = size;
            if (stack.isEmpty() && size > limits.maxListItems()) {
                frame.end = limits.maxListItems();
                listCut = listCutReason(limits.maxListItems(), size);
            }
        }
        stack.add(frame);
        return true;
    }

    /** Why a top-level list of {@code size} items was cut to its first {@code kept}. */
    static String listCutReason(int kept, long size) {
        return "list cut to its first " + kept + " of " + size + " items";
    }

    private void close(Frame<N> frame) {
        stack.removeLast();
        open.remove(frame.node);
        writer.endContainer(frame.object);
    }

    /** Enough code points to fill what is left (each costs at least one byte), plus one to know it overflows. */
    private int codePointBudget() {
        return (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, writer.remaining())) + 1;
    }

    /** The path made of the first {@code segments} frames' current children: {@code stack.size()} is the current node. */
    private String path(int segments) {
        StringBuilder path = new StringBuilder(PayloadPath.ROOT);
        for (int i = 0; i < segments; i++) {
            Frame<N> frame = stack.get(i);
            if (frame.object) {
                PayloadPath.appendKey(path, frame.key);
            } else {
                PayloadPath.appendIndex(path, frame.index - 1);
            }
        }
        return path.toString();
    }

    /** An open container and where the walk is in it. */
    private static final class Frame<N> {
        final N node;
        final boolean object;
        NodeModel.Entries<N> entries;
        /** An array's elements as {@link NodeModel#elements} gives them; the node stays the identity for cycles. */
        N elements;
        String key;
        long index;
        long end;

        Frame(N node, boolean object) {
            this.node = node;
            this.object = object;
        }
    }
}
