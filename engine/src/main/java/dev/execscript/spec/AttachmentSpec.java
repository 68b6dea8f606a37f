package dev.execscript.spec;

/** An entry of the document's {@code files} section. {@code sha256} is lower-case hex or null. */
public record AttachmentSpec(String name, String sha256, Long size, int line) {
}
