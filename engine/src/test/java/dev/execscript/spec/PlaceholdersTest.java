package dev.execscript.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.execscript.document.DocumentException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void substitute_wholeReference_keepsType() throws Exception {
        JsonNode list = F.arrayNode().add("a").add("b");
        JsonNode out = Placeholders.substitute(JsonText.parse("{\"x\": \"{{ L }}\", \"y\": \"n={{N}}!\", \"z\": [\"{{N}}\"]}"),
                ref -> Map.of("L", list, "N", F.numberNode(7)).get(ref));
        assertThat(out.get("x")).isEqualTo(list);
        assertThat(out.get("y").asText()).isEqualTo("n=7!");
        assertThat(out.get("z").get(0).isNumber()).isTrue();
    }

    @Test
    void substitute_unresolvable_propagatesError() {
        assertThatThrownBy(() -> Placeholders.substitute(F.textNode("{{ X }}"), ref -> {
            throw DocumentException.usage("no " + ref);
        })).hasMessage("no X");
    }

    /** Text without braces is never changed, and text around a reference is kept verbatim. */
    @Property
    void substitute_textAroundReference_isKept(@ForAll String before, @ForAll String after,
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String name, @ForAll String value) throws Exception {
        if ((before + after).contains("{{") || (before + after).contains("}}") || before.endsWith("{") || after.startsWith("}")) {
            return;
        }
        JsonNode out = Placeholders.substitute(F.textNode(before + "{{" + name + "}}" + after), ref -> F.textNode(value));
        boolean whole = before.isBlank() && after.isBlank();
        assertThat(out.asText()).isEqualTo(whole ? value : before + value + after);
        assertThat(Placeholders.references(F.textNode(before + after))).isEmpty();
    }
}
