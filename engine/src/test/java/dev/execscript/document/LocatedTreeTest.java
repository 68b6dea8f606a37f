package dev.execscript.document;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LocatedTreeTest {

    @Test
    void lineOf_nestedValue_isItsOwnLine() throws Exception {
        LocatedTree t = LocatedTree.parse("a: 1\nb:\n  - x\n  - {c: 2,\n     d: 3}\n", "t.yaml");
        assertThat(t.lineOf("/a")).isEqualTo(1);
        assertThat(t.lineOf("/b/1")).isEqualTo(4);
        assertThat(t.lineOf("/b/1/d")).isEqualTo(5);
        // A missing value is reported at its nearest parent.
        assertThat(t.lineOf("/b/1/zzz")).isEqualTo(4);
    }

    @Test
    void fieldName_pointer_isDottedPath() {
        assertThat(LocatedTree.fieldName("/mainSteps/0/inputs/Runtime")).isEqualTo("mainSteps[0].inputs.Runtime");
        assertThat(LocatedTree.fieldName("/a~1b/c~0d")).isEqualTo("a/b.c~d");
    }

    @Test
    void parse_duplicateKey_fails() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocatedTree.parse("a: 1\na: 2\n", "d.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("d.yaml:2: a: key 'a' is given twice (first on line 1)");
    }

    /** Whatever the list length, the line of item i is the line it was written on. */
    @Property(tries = 50)
    void lineOf_listItems_matchesSourceLines(@ForAll @IntRange(min = 1, max = 40) int items,
            @ForAll @IntRange(min = 0, max = 5) int blankLinesBefore) throws Exception {
        StringBuilder sb = new StringBuilder("\n".repeat(blankLinesBefore)).append("list:\n");
        for (int i = 0; i < items; i++) {
            sb.append("  - item").append(i).append('\n');
        }
        LocatedTree t = LocatedTree.parse(sb.toString(), "p.yaml");
        for (int i = 0; i < items; i++) {
            assertThat(t.lineOf("/list/" + i)).isEqualTo(blankLinesBefore + 2 + i);
            assertThat(t.root().at("/list/" + i).asText()).isEqualTo("item" + i);
        }
    }
}
