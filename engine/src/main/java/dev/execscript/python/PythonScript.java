package dev.execscript.python;

/**
 * A Python step's code: its source text, the file name tracebacks show, and the handler to call.
 */
public record PythonScript(String source, String fileName, String handler) {
}
