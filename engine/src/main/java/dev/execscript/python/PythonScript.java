package dev.execscript.python;

import java.util.Map;

/**
 * A Python step's code. Either an inline {@code source} whose {@code handler} function is called, or,
 * with {@code source} null, a {@code handler} of the form {@code module.function} imported from the
 * attachment's files. The attachment's files (relative path to content; empty when there is no
 * attachment) are importable and readable under {@link #ATTACHMENT_ROOT}, which is also the working
 * directory.
 */
public record PythonScript(String source, String fileName, String handler, Map<String, byte[]> attachmentFiles) {

    public static final String ATTACHMENT_ROOT = "/attachment";

    public PythonScript {
        attachmentFiles = Map.copyOf(attachmentFiles);
    }

    public PythonScript(String source, String fileName, String handler) {
        this(source, fileName, handler, Map.of());
    }

    public static PythonScript fromAttachment(String handler, Map<String, byte[]> files) {
        return new PythonScript(null, null, handler, files);
    }
}
