package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.document.DocumentException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{ Name }}} references in step inputs: finding them, and replacing them with values.
 * A text value that is exactly one reference takes the referenced value with its type (a list stays
 * a list); a reference inside longer text is replaced by the value's text.
 */
public final class Placeholders {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

    /** Looks up a reference; throws with a user-facing message when it cannot be resolved. */
    @FunctionalInterface
    public interface Resolver {
        JsonNode resolve(String reference) throws DocumentException;
    }

    private Placeholders() {
    }

    /** Every reference in a tree, in document order. */
    public static List<String> references(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.asText());
            while (m.find()) {
                out.add(m.group(1));
            }
        } else {
            node.forEach(child -> collect(child, out));
        }
    }

    /** A copy of the tree with every reference replaced. */
    public static JsonNode substitute(JsonNode node, Resolver resolver) throws DocumentException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isTextual()) {
            String text = node.asText();
            Matcher whole = REFERENCE.matcher(text.strip());
            if (whole.matches()) {
                return resolver.resolve(whole.group(1)).deepCopy();
            }
            Matcher m = REFERENCE.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                JsonNode value = resolver.resolve(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(value.isTextual() ? value.asText() : JsonText.write(value)));
            }
            m.appendTail(sb);
            return f.textNode(sb.toString());
        }
        if (node.isObject()) {
            ObjectNode o = f.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), substitute(e.getValue(), resolver));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = f.arrayNode();
            for (JsonNode item : node) {
                a.add(substitute(item, resolver));
            }
            return a;
        }
        return node;
    }
}
