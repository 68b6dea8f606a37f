package dev.execscript.payload;

import java.util.Set;

/**
 * How the walk reads one kind of tree (GraalPy values, Jackson nodes). Methods throw {@link Unencodable} for
 * what has no JSON encoding.
 */
interface NodeModel<N> {

    NodeKind kind(N node);

    boolean booleanValue(N node);

    /** The JSON text of a node of the given number kind. */
    String numberText(N node, NodeKind kind);

    /**
     * The string, or, when it has more than {@code maxCodePoints} code points, any prefix of it that has at
     * least that many: callers only need enough to fill the remaining budget, and must not pay for the rest.
     */
    String string(N node, int maxCodePoints);

    /**
     * What the walk reads an array node's elements from: the node itself, or, where the node iterates
     * differently from its storage, its elements as iteration gives them (json.dumps iterates them).
     */
    default N elements(N node) {
        return node;
    }

    long arraySize(N node);

    N element(N node, long index);

    Entries<N> entries(N node);

    /** A set of the open containers, by identity, for cycle detection. */
    Set<N> newIdentitySet();

    /** A cursor over an object's members, in order. */
    interface Entries<N> {

        boolean next();

        /** The current key as JSON object key text; like {@link #string} it may be a long prefix. */
        String key(int maxCodePoints);

        N value();
    }
}
