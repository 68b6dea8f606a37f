package dev.execscript.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * A YAML or JSON file read into a Jackson tree that remembers the line each value was written on,
 * under one set of rules for every file execscript reads (documents, params files, policy files):
 *
 * <ul>
 *   <li>the file's size, nesting depth and alias copies are bounded by {@link YamlLimits};
 *   <li>a YAML alias ({@code *name}) stands for a copy of the value anchored {@code &name} before it,
 *       as YAML defines; an alias to no anchor, or to the value that holds it, is an error;
 *   <li>the YAML 1.1 merge key {@code <<: *base} (or {@code <<: [*a, *b]}, or an inline map) adds the
 *       merged maps' keys that the map does not give itself; earlier maps in the list win;
 *   <li>a key given twice in one map is an error (merged keys do not count).
 * </ul>
 *
 * Lines: a value copied by an alias is placed on the alias's line; the values inside it keep the
 * lines they were written on under the anchor.
 */
public final class LocatedYaml {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final NodeEventYamlFactory YAML = new NodeEventYamlFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Jackson names the setting behind a bound, e.g. "(1000, from `StreamReadConstraints.getMaxNumberLength()`)": ours to hide. */
    private static final Pattern JACKSON_SETTING = Pattern.compile(", from `[^`]*`");

    /**
     * Where a value was written: its line, its text as written when it is a scalar, and where its
     * keys' or items' values were written. Shared, never changed, by the copies an alias makes.
     */
    public record Place(int line, String text, Map<String, Place> fields, List<Place> items) {

        /** The place of a key's value in a map, or null. */
        public Place field(String name) {
            return fields == null ? null : fields.get(name);
        }

        /** The place of a list item, or null. */
        public Place item(int index) {
            return items == null || index < 0 || index >= items.size() ? null : items.get(index);
        }
    }

    private final JsonNode root;
    private final Place place;

    private LocatedYaml(JsonNode root, Place place) {
        this.root = root;
        this.place = place;
    }

    /**
     * Reads {@code text} as JSON when {@code json}, else as YAML. An empty file (nothing but
     * comments or blanks) gives a null root.
     */
    public static LocatedYaml parse(String text, boolean json, YamlLimits limits) throws YamlInputException {
        String tooLarge = limits.sizeProblem(utf8Length(text, limits.maxBytes()));
        if (tooLarge != null) {
            throw new YamlInputException(0, null, tooLarge);
        }
        String format = json ? "JSON" : "YAML";
        if (!json) {
            refuseUnprintable(text);
        }
        JsonParser p = null;
        try {
            p = (json ? JSON : YAML).createParser(new StringReader(text));
            if (p.nextToken() == null) {
                return new LocatedYaml(null, null);
            }
            Builder b = new Builder(p, limits);
            Built top = b.read("", 1);
            if (p.nextToken() != null) {
                throw new YamlInputException(line(p), null, "unexpected content after the end of the " + format + " document");
            }
            return new LocatedYaml(top.node(), top.place());
        } catch (JsonProcessingException e) {
            // Syntax errors, and Jackson's own bounds (a number of more than 1000 digits in JSON, say).
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            String message = e.getCause() instanceof MarkedYAMLException m ? describe(m)
                    : JACKSON_SETTING.matcher(firstLine(e.getOriginalMessage())).replaceAll("");
            throw new YamlInputException(at == null ? 0 : at.getLineNr(), null, "not valid " + format + ": " + Excerpt.of(message, 200));
        } catch (IOException e) {
            throw new YamlInputException(0, null, "cannot be read: " + Excerpt.of(e.getMessage()));
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    // A parser over a string has nothing to release.
                }
            }
        }
    }

    /**
     * Reads all of {@code reader} as text, refusing, as soon as it passes the size limit, text that
     * is too large (in UTF-8 bytes), so that an endless reader is not read to its end.
     */
    public static String readBounded(Reader reader, YamlLimits limits) throws IOException, YamlInputException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = reader.read(buf)) > 0) {
            sb.append(buf, 0, n);
            // Each char is at least one UTF-8 byte: past maxBytes chars the text is too large.
            if (sb.length() > limits.maxBytes()) {
                throw new YamlInputException(0, null, limits.tooLarge("more than " + limits.maxBytes() + " bytes"));
            }
        }
        return sb.toString();
    }

    /** The root value, or null for an empty file. */
    public JsonNode root() {
        return root;
    }

    /** Where the root value was written, or null for an empty file. */
    public Place place() {
        return place;
    }

    /** The line the value at a JSON Pointer was written on, or its nearest enclosing value's, or 0. */
    public int lineOf(String pointer) {
        if (place == null) {
            return 0;
        }
        Place at = place;
        int line = at.line();
        if (pointer.isEmpty()) {
            return line;
        }
        for (String part : pointer.substring(1).split("/", -1)) {
            Place next = at.items() != null ? index(at, part) : at.field(part.replace("~1", "/").replace("~0", "~"));
            if (next == null) {
                return line;
            }
            at = next;
            line = at.line();
        }
        return line;
    }

    private static Place index(Place list, String part) {
        try {
            return list.item(Integer.parseInt(part));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The JSON Pointer of key {@code name} under {@code parent}. */
    public static String pointer(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /**
     * YAML allows no control characters but tab and line breaks, even inside quotes (they are written
     * as escapes such as \e there). SnakeYAML's reader would say so too, but without a line.
     */
    private static void refuseUnprintable(String text) throws YamlInputException {
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '\n') {
                line++;
            }
            if (!StreamReader.isPrintable(c)) {
                throw new YamlInputException(line, null, String.format("not valid YAML: the character U+%04X is not allowed"
                        + " (control characters can be written as escapes inside double quotes, e.g. \"\\u%04X\")", c, c));
            }
            i += Character.charCount(c);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /**
     * SnakeYAML's problem and what it was reading, without the excerpt of the file it appends (the
     * error names the line; the excerpt would echo the file's text).
     */
    private static String describe(MarkedYAMLException e) {
        StringBuilder sb = new StringBuilder(e.getProblem() == null ? "" : e.getProblem().strip());
        Mark at = e.getProblemMark();
        if (at != null) {
            sb.append(" (column ").append(at.getColumn() + 1).append(')');
        }
        Mark from = e.getContextMark();
        if (e.getContext() != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append(e.getContext().strip());
            if (from != null) {
                sb.append(" started on line ").append(from.getLine() + 1);
            }
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** UTF-8 length of {@code text}, counted no further than just past {@code max}. */
    private static long utf8Length(String text, long max) {
        if (text.length() > max) {
            return text.length();
        }
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= max; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** A value read, where it was written, how many values it holds (itself included) and how deep it nests. */
    private record Built(JsonNode node, Place place, long size, int height) {
    }

    /** Builds the tree from the token stream; holds the anchors seen so far and the alias budget. */
    private static final class Builder {

        private final JsonParser p;
        private final NodeEventYamlFactory.Parser yaml;
        private final YamlLimits limits;
        private final Map<String, Built> anchors = new HashMap<>();
        /** Anchors whose value is still being read: an alias to one of them would copy itself. */
        private final Set<String> open = new HashSet<>();
        private long aliasValues;

        Builder(JsonParser p, YamlLimits limits) {
            this.p = p;
            this.yaml = p instanceof NodeEventYamlFactory.Parser y ? y : null;
            this.limits = limits;
        }

        /** Reads the value at the current token; {@code depth} is 1 for the root. */
        Built read(String pointer, int depth) throws IOException, YamlInputException {
            int line = line(p);
            if (depth > limits.maxDepth()) {
                throw tooDeep(line, pointer);
            }
            if (yaml != null && yaml.isCurrentAlias()) {
                return alias(yaml.getText(), pointer, line, depth);
            }
            String anchor = yaml == null ? null : yaml.nodeAnchor();
            if (anchor != null) {
                open.add(anchor);
            }
            Built built = switch (p.currentToken()) {
                case START_OBJECT -> map(pointer, depth, line);
                case START_ARRAY -> list(pointer, depth, line);
                default -> scalar(line);
            };
            if (anchor != null) {
                open.remove(anchor);
                anchors.put(anchor, built);
            }
            return built;
        }

        private YamlInputException tooDeep(int line, String pointer) {
            return new YamlInputException(line, pointer, "maps and lists are nested more than " + limits.maxDepth()
                    + " deep (limit " + limits.maxDepth() + ")");
        }

        private Built alias(String name, String pointer, int line, int depth) throws YamlInputException {
            Built target = anchors.get(name);
            if (target == null) {
                throw new YamlInputException(line, pointer, open.contains(name)
                        ? "alias *" + Excerpt.of(name) + " refers to the value that holds it"
                        : "alias *" + Excerpt.of(name) + " refers to no anchor &" + Excerpt.of(name) + " before it");
            }
            // The copy nests as deep as the anchored value, wherever the alias stands.
            if (depth + target.height() - 1 > limits.maxDepth()) {
                throw tooDeep(line, pointer);
            }
            aliasValues += target.size();
            if (aliasValues > limits.maxAliasValues()) {
                throw new YamlInputException(line, pointer, "too many alias expansions: the aliases copy more than "
                        + limits.maxAliasValues() + " values (limit " + limits.maxAliasValues() + ")");
            }
            Place at = target.place();
            // A copy, so that no two places in the tree share a node that a later step might change.
            return new Built(target.node().deepCopy(), new Place(line, at.text(), at.fields(), at.items()), target.size(),
                    target.height());
        }

        private Built map(String pointer, int depth, int line) throws IOException, YamlInputException {
            LinkedHashMap<String, Built> fields = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new HashMap<>();
            Integer mergeLine = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int keyLine = line(p);
                boolean merge = yaml != null && name.equals("<<") && yaml.plainScalar();
                String keyAnchor = yaml == null ? null : yaml.nodeAnchor();
                if (keyAnchor != null) {
                    anchors.put(keyAnchor, new Built(NODES.textNode(name), new Place(keyLine, name, null, null), 1, 1));
                }
                Integer first = merge ? mergeLine : keyLines.get(name);
                if (first != null) {
                    throw new YamlInputException(keyLine, pointer(pointer, name), "key '" + Excerpt.of(name) + "' is given twice (first on line "
                            + first + ")");
                }
                p.nextToken();
                Built value = read(pointer(pointer, name), depth + 1);
                if (merge) {
                    mergeLine = keyLine;
                    for (Built source : mergeSources(value, pointer(pointer, name), keyLine)) {
                        for (Map.Entry<String, Place> f : source.place().fields().entrySet()) {
                            // Keys the map gives itself win, wherever they are written, and so do earlier merged maps.
                            JsonNode merged = source.node().get(f.getKey());
                            fields.putIfAbsent(f.getKey(), new Built(merged, f.getValue(), count(merged), source.height() - 1));
                        }
                    }
                } else {
                    keyLines.put(name, keyLine);
                    fields.put(name, value);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new YamlInputException(line(p), pointer, "unexpected " + t + " in a map");
            }
            ObjectNode node = NODES.objectNode();
            Map<String, Place> places = new LinkedHashMap<>();
            long size = 1;
            int height = 0;
            for (Map.Entry<String, Built> f : fields.entrySet()) {
                node.set(f.getKey(), f.getValue().node());
                places.put(f.getKey(), f.getValue().place());
                size += f.getValue().size();
                height = Math.max(height, f.getValue().height());
            }
            return new Built(node, new Place(line, null, places, null), size, height + 1);
        }

        /** The maps a merge key's value names: one map, or a list of maps. */
        private List<Built> mergeSources(Built value, String pointer, int line) throws YamlInputException {
            List<Built> sources = new ArrayList<>();
            if (value.node().isObject()) {
                sources.add(value);
            } else if (value.node().isArray()) {
                for (int i = 0; i < value.node().size(); i++) {
                    JsonNode item = value.node().get(i);
                    if (!item.isObject()) {
                        sources.clear();
                        break;
                    }
                    sources.add(new Built(item, value.place().item(i), count(item), value.height() - 1));
                }
            }
            if (sources.isEmpty() && !(value.node().isArray() && value.node().isEmpty())) {
                throw new YamlInputException(line, pointer, "the merge key << takes a map or a list of maps (e.g. <<: *base)");
            }
            return sources;
        }

        private Built list(String pointer, int depth, int line) throws IOException, YamlInputException {
            ArrayNode node = NODES.arrayNode();
            List<Place> places = new ArrayList<>();
            long size = 1;
            int height = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                Built item = read(pointer + "/" + places.size(), depth + 1);
                node.add(item.node());
                places.add(item.place());
                size += item.size();
                height = Math.max(height, item.height());
            }
            return new Built(node, new Place(line, null, null, places), size, height + 1);
        }

        private Built scalar(int line) throws IOException, YamlInputException {
            String text = p.getText();
            JsonNode node = switch (p.currentToken()) {
                case VALUE_STRING -> NODES.textNode(text);
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue());
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new YamlInputException(line, null, "unexpected " + p.currentToken());
            };
            return new Built(node, new Place(line, p.currentToken() == JsonToken.VALUE_NULL ? null : text, null, null), 1, 1);
        }

        /** Values in a merged subtree (already bounded: its copy was counted when its alias was read). */
        private static long count(JsonNode node) {
            long n = 1;
            for (JsonNode child : node) {
                n += count(child);
            }
            return n;
        }
    }
}
