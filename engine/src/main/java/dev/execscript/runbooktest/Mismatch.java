package dev.execscript.runbooktest;

import java.util.Objects;

/**
 * One expectation of a runbook test case that the execution did not meet.
 *
 * @param path where, as a JSON path into the execution ({@code $.steps.TagAndStop.outputs.Stopped[0]})
 * @param expected what the case expects, as text ({@code "i-0bbb2222"}, {@code matching /i-[0-9a-f]+/})
 * @param actual what the execution gave, as text ({@code "i-0ccc3333"}, {@code missing})
 * @param detail more lines to show under it (the AWS calls side by side), or empty
 */
public record Mismatch(String path, String expected, String actual, String detail) {

    public Mismatch {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        detail = detail == null ? "" : detail;
    }

    Mismatch(String path, String expected, String actual) {
        this(path, expected, actual, "");
    }

    /** {@code $.status: expected Success, got Failed}, then the detail lines. */
    public String text() {
        return path + ": expected " + expected + ", got " + actual + (detail.isEmpty() ? "" : "\n" + detail);
    }
}
