package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.spec.JsonText;
import dev.execscript.text.Excerpt;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares an expected value of a case with the actual one, reporting each difference at its JSON path.
 * Numbers compare by value ({@code 1} equals {@code 1.0}); lists item by item and must be as long; a map
 * {@code {matches: REGEX}} (its only key) is a pattern the whole actual text must match (a value that is
 * not text is matched as its JSON). In subset mode (AWS call parameters) a map need only have the expected
 * keys; otherwise it must have exactly them.
 */
final class ValueMatch {

    /** How much of a value a message shows. */
    static final int SHOWN_CHARS = 120;

    private ValueMatch() {
    }

    /** The regex of a pattern node, or null when {@code expected} is a plain value. */
    static String pattern(JsonNode expected) {
        if (expected != null && expected.isObject() && expected.size() == 1 && expected.path("matches").isTextual()) {
            return expected.get("matches").asText();
        }
        return null;
    }

    /** Adds a mismatch to {@code out} for each difference; {@code actual} null means the value is missing. */
    static void compare(String path, JsonNode expected, JsonNode actual, boolean subset, List<Mismatch> out) {
        String regex = pattern(expected);
        if (regex != null) {
            if (actual == null) {
                out.add(new Mismatch(path, "a value matching /" + regex + "/", "missing"));
                return;
            }
            String text = actual.isTextual() ? actual.asText() : JsonText.write(actual);
            if (!Pattern.compile(regex).matcher(text).matches()) {
                out.add(new Mismatch(path, "a value matching /" + regex + "/", render(actual)));
            }
            return;
        }
        if (actual == null) {
            out.add(new Mismatch(path, render(expected), "missing"));
            return;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(new Mismatch(path, render(expected), render(actual)));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                compare(field(path, name), expected.get(name), actual.get(name), subset, out);
            }
            if (!subset) {
                for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!expected.has(name)) {
                        out.add(new Mismatch(field(path, name), "no such key", render(actual.get(name))));
                    }
                }
            }
            return;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(new Mismatch(path, items(expected.size()) + " " + render(expected), items(actual.size()) + " " + render(actual)));
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), subset, out);
            }
            return;
        }
        if (!expected.equals(actual)) {
            out.add(new Mismatch(path, render(expected), render(actual)));
        }
    }

    /** Whether {@code actual} meets {@code expected} (no difference at all). */
    static boolean matches(JsonNode expected, JsonNode actual, boolean subset) {
        List<Mismatch> out = new java.util.ArrayList<>();
        compare("$", expected, actual, subset, out);
        return out.isEmpty();
    }

    /** A value as compact JSON, cut to {@link #SHOWN_CHARS} with control characters escaped. */
    static String render(JsonNode value) {
        return value == null ? "missing" : Excerpt.of(JsonText.write(value), SHOWN_CHARS);
    }

    /** {@code $.a.b}, or {@code $.a['b c']} for a key that is not a plain name. */
    static String field(String path, String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_-]*") ? path + "." + name : path + "['" + name.replace("'", "\\'") + "']";
    }

    private static String items(int n) {
        return n == 1 ? "1 item" : n + " items";
    }
}
