package dev.execscript.spec;

/** A step's named output: a JSONPath selector over {@code {"Payload": ...}} and the type it must have. */
public record OutputSpec(String name, String selector, ParameterType type, int line) {
}
