package dev.execscript.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotBlank;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ParameterTypeTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Property
    void coerce_integerText_roundTrips(@ForAll long n) {
        JsonNode v = ParameterType.Integer.coerce(F.textNode(Long.toString(n)));
        if (Long.toString(n).replace("-", "").length() <= 18) {
            assertThat(v.longValue()).isEqualTo(n);
        }
    }

    @Property
    void coerce_commaSeparatedStringList_roundTrips(
            @ForAll @Size(min = 1, max = 10) List<@AlphaChars @NotBlank String> items) {
        JsonNode v = ParameterType.StringList.coerce(F.textNode(String.join(",", items)));
        assertThat(v.isArray()).isTrue();
        assertThat(v).extracting(JsonNode::asText).containsExactlyElementsOf(items);
        assertThat(ParameterType.StringList.matches(v)).isTrue();
    }

    @Property
    void coerce_jsonStringList_roundTrips(@ForAll @Size(max = 10) List<String> items) {
        JsonNode array = F.arrayNode().addAll(items.stream().map(F::textNode).toList());
        JsonNode v = ParameterType.StringList.coerce(F.textNode(JsonText.write(array)));
        assertThat(v).isEqualTo(array);
    }

    @Test
    void coerce_wrongValues_areRejected() {
        assertThat(ParameterType.Integer.coerce(F.textNode("12x"))).isNull();
        assertThat(ParameterType.Boolean.coerce(F.textNode("yes"))).isNull();
        assertThat(ParameterType.StringMap.coerce(F.textNode("[1]"))).isNull();
        assertThat(ParameterType.MapList.coerce(F.textNode("{\"a\": 1}"))).isNull();
        assertThat(ParameterType.String.coerce(F.arrayNode())).isNull();
    }

    @Test
    void matches_outputTypes_areStrict() {
        assertThat(ParameterType.Integer.matches(F.textNode("1"))).isFalse();
        assertThat(ParameterType.Integer.matches(F.numberNode(1))).isTrue();
        assertThat(ParameterType.StringList.matches(F.arrayNode().add(1))).isFalse();
        assertThat(ParameterType.MapList.matches(F.arrayNode().add(F.objectNode().put("a", "b")))).isTrue();
        assertThat(ParameterType.StringMap.matches(F.objectNode().set("a", F.arrayNode()))).isFalse();
    }
}
