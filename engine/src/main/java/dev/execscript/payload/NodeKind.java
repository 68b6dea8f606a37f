package dev.execscript.payload;

/** The JSON shape a node encodes to. */
enum NodeKind {
    NULL, BOOLEAN, INTEGER, FLOAT, STRING, ARRAY, OBJECT;

    boolean isNumber() {
        return this == INTEGER || this == FLOAT;
    }

    boolean isContainer() {
        return this == ARRAY || this == OBJECT;
    }
}
