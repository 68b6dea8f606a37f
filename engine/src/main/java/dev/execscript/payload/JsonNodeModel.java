package dev.execscript.payload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a Jackson tree (PowerShell payloads arrive as JSON text) with the same rules as Python values. */
final class JsonNodeModel implements NodeModel<JsonNode> {

    static final JsonNodeModel INSTANCE = new JsonNodeModel();

    private JsonNodeModel() {
    }

    @Override
    public NodeKind kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL, MISSING -> NodeKind.NULL;
            case BOOLEAN -> NodeKind.BOOLEAN;
            case NUMBER -> node.isIntegralNumber() ? NodeKind.INTEGER : NodeKind.FLOAT;
            case STRING -> NodeKind.STRING;
            case ARRAY -> NodeKind.ARRAY;
            case OBJECT -> NodeKind.OBJECT;
            case BINARY, POJO -> throw Unencodable.type(node.getNodeType().name().toLowerCase(Locale.ROOT));
        };
    }

    @Override
    public boolean booleanValue(JsonNode node) {
        return node.booleanValue();
    }

    @Override
    public String numberText(JsonNode node, NodeKind kind) {
        if (kind == NodeKind.INTEGER) {
            return node.canConvertToLong() ? Long.toString(node.longValue()) : node.bigIntegerValue().toString();
        }
        if (node.isBigDecimal()) {
            return node.decimalValue().toString(); // exact, as parsed; BigDecimal text is valid JSON
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
            throw Unencodable.nonFinite(d);
        }
        return PythonFloatFormat.repr(d);
    }

    @Override
    public String string(JsonNode node, int maxCodePoints) {
        return node.textValue(); // already in memory; the writer reads only what fits
    }

    @Override
    public long arraySize(JsonNode node) {
        return node.size();
    }

    @Override
    public JsonNode element(JsonNode node, long index) {
        return node.get((int) index);
    }

    @Override
    public Entries<JsonNode> entries(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        return new Entries<>() {
            private Map.Entry<String, JsonNode> entry;

            @Override
            public boolean next() {
                if (!fields.hasNext()) {
                    return false;
                }
                entry = fields.next();
                return true;
            }

            @Override
            public String key(int maxCodePoints) {
                return entry.getKey();
            }

            @Override
            public JsonNode value() {
                return entry.getValue();
            }
        };
    }

    /** JsonNode equals is structural; cycles are about the same node object. */
    @Override
    public Set<JsonNode> newIdentitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
