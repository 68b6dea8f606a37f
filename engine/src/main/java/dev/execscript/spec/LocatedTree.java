package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.text.Excerpt;
import dev.execscript.text.LocatedYaml;
import dev.execscript.text.YamlInputException;
import dev.execscript.text.YamlLimits;

/**
 * A JSON or YAML tree that remembers the line each value started on, so that validation errors can
 * say where in the file the problem is. Read by {@link LocatedYaml} under the rules every file of
 * execscript is read by (aliases resolved and bounded, merge keys, size and depth limits).
 */
public final class LocatedTree {

    private final LocatedYaml yaml;
    private final String source;
    private final boolean json;

    private LocatedTree(LocatedYaml yaml, String source, boolean json) {
        this.yaml = yaml;
        this.source = source;
        this.json = json;
    }

    /** Parses a document's text: JSON when it starts with '{' or '[', else YAML (a superset of JSON). */
    public static LocatedTree parse(String text, String source) throws DocumentException {
        return parse(text, source, YamlLimits.DOCUMENT);
    }

    /** Parses text under {@code limits} (a document's, a params file's). */
    public static LocatedTree parse(String text, String source, YamlLimits limits) throws DocumentException {
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        LocatedYaml yaml;
        try {
            yaml = LocatedYaml.parse(text, json, limits);
        } catch (YamlInputException e) {
            throw located(source, e);
        }
        if (yaml.root() == null) {
            throw new DocumentException(source, 1, null, "the file is empty");
        }
        return new LocatedTree(yaml, source, json);
    }

    /** A reading error placed in its file; the field is named when the error is about a value. */
    static DocumentException located(String source, YamlInputException e) {
        return new DocumentException(source, e.line(), e.pointer() == null ? null : fieldName(e.pointer()), e.problem());
    }

    public JsonNode root() {
        return yaml.root();
    }

    public String source() {
        return source;
    }

    /** Whether the file was JSON (AWS rejects inline scripts in JSON runbooks). */
    public boolean isJson() {
        return json;
    }

    /** The line the value at a JSON Pointer starts on, or the nearest enclosing value's line, or 0. */
    public int lineOf(String pointer) {
        return yaml.lineOf(pointer);
    }

    /** An error located at the value under a JSON Pointer; the field is shown as a dotted path. */
    public DocumentException error(String pointer, String problem) {
        return new DocumentException(source, lineOf(pointer), fieldName(pointer), problem);
    }

    static String fieldName(String pointer) {
        if (pointer.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = Excerpt.of(part.replace("~1", "/").replace("~0", "~"));
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(name).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(name);
            }
        }
        return sb.toString();
    }
}
