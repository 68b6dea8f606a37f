package dev.execscript.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.execscript.document.DocumentException;
import dev.execscript.text.YamlLimits;
import java.time.Duration;
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

    // ---- anchors, aliases and merge keys ----------------------------------------------------------

    @Test
    void parse_aliasToScalar_isTheAnchoredValueOnTheAliasLine() throws Exception {
        LocatedTree t = LocatedTree.parse("d: &d hello\nn: &n 42\nv: *d\nw: *n\n", "t.yaml");
        assertThat(t.root().get("v").asText()).isEqualTo("hello");
        assertThat(t.root().get("w").isIntegralNumber()).isTrue();
        assertThat(t.root().get("w").intValue()).isEqualTo(42);
        assertThat(t.lineOf("/v")).isEqualTo(3);
    }

    @Test
    void parse_aliasToMapAndList_isACopyKeepingInnerLines() throws Exception {
        LocatedTree t = LocatedTree.parse("""
                base: &base
                  x: 1
                  y: [a, b]
                list: &l
                  - p
                  - q
                copy: *base
                items: *l
                """, "t.yaml");
        assertThat(t.root().get("copy")).isEqualTo(t.root().get("base"));
        assertThat(t.root().get("copy")).isNotSameAs(t.root().get("base"));
        assertThat(t.root().get("items").toString()).isEqualTo("[\"p\",\"q\"]");
        // The alias stands on line 7; what it copies was written on lines 2-3.
        assertThat(t.lineOf("/copy")).isEqualTo(7);
        assertThat(t.lineOf("/copy/y")).isEqualTo(3);
        assertThat(t.lineOf("/items/1")).isEqualTo(6);
    }

    @Test
    void parse_anchorRedefined_aliasCopiesTheLatest() throws Exception {
        LocatedTree t = LocatedTree.parse("a: &x one\nb: *x\nc: &x two\nd: *x\n", "t.yaml");
        assertThat(t.root().get("b").asText()).isEqualTo("one");
        assertThat(t.root().get("d").asText()).isEqualTo("two");
    }

    @Test
    void parse_aliasToNoAnchor_failsNamingAliasAndLine() {
        assertThatThrownBy(() -> LocatedTree.parse("a: 1\nb: *nowhere\n", "t.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessage("t.yaml:2: b: alias *nowhere refers to no anchor &nowhere before it");
    }

    @Test
    void parse_aliasInsideItsOwnAnchor_fails() {
        assertThatThrownBy(() -> LocatedTree.parse("a: &self\n  b: *self\n", "t.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessage("t.yaml:2: a.b: alias *self refers to the value that holds it");
    }

    @Test
    void parse_mergeKey_addsTheKeysTheMapLacks_ownKeysWin() throws Exception {
        LocatedTree t = LocatedTree.parse("""
                base: &base {Runtime: python3.11, Handler: h, Extra: 1}
                step:
                  Handler: own
                  <<: *base
                  Extra: 2
                """, "t.yaml");
        assertThat(t.root().get("step").toString())
                .isEqualTo("{\"Handler\":\"own\",\"Runtime\":\"python3.11\",\"Extra\":2}");
        assertThat(t.lineOf("/step/Runtime")).isEqualTo(1);
        assertThat(t.lineOf("/step/Extra")).isEqualTo(5);
    }

    @Test
    void parse_mergeKeyList_earlierMapsWin() throws Exception {
        LocatedTree t = LocatedTree.parse("a: &a {k: from-a}\nb: &b {k: from-b, j: 2}\nc:\n  <<: [*a, *b]\n", "t.yaml");
        assertThat(t.root().get("c").toString()).isEqualTo("{\"k\":\"from-a\",\"j\":2}");
    }

    @Test
    void parse_quotedMergeKey_isAnOrdinaryKey() throws Exception {
        LocatedTree t = LocatedTree.parse("a: &a {k: 1}\nc:\n  \"<<\": *a\n", "t.yaml");
        assertThat(t.root().get("c").get("<<").get("k").intValue()).isEqualTo(1);
    }

    @Test
    void parse_mergeKeyOfAScalar_fails() {
        assertThatThrownBy(() -> LocatedTree.parse("s: &s text\nc:\n  <<: *s\n", "t.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("t.yaml:3: c.<<: the merge key << takes a map or a list of maps");
    }

    @Test
    void parse_keyGivenTwiceAfterAMerge_failsButMergedKeysDoNotCount() throws Exception {
        assertThat(LocatedTree.parse("b: &b {k: 1}\nm:\n  <<: *b\n  k: 2\n", "t.yaml").root().at("/m/k").intValue())
                .isEqualTo(2);
        assertThatThrownBy(() -> LocatedTree.parse("m:\n  k: 1\n  k: 2\n", "t.yaml"))
                .hasMessage("t.yaml:3: m.k: key 'k' is given twice (first on line 2)");
    }

    // ---- bounds -----------------------------------------------------------------------------------

    /** Ten levels of ten aliases each would copy 10^10 values. */
    static String billionLaughs() {
        StringBuilder sb = new StringBuilder("l0: &l0 lol\n");
        for (int i = 1; i <= 10; i++) {
            sb.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    @Test
    void parse_billionLaughs_refusedNamingTheLimit() {
        int limit = YamlLimits.DOCUMENT.maxAliasValues();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> LocatedTree.parse(billionLaughs(), "laughs.yaml"))
                        .isInstanceOf(DocumentException.class)
                        .hasMessageMatching("laughs\\.yaml:\\d+: l\\d+\\[\\d+\\]: too many alias expansions: .*\\(limit "
                                + limit + "\\)"));
    }

    @Test
    void parse_aliasesWithinBudget_areAllCopied() throws Exception {
        // 3 levels of 10: 10 + 100 + 1000 values copied, far under the budget.
        String three = billionLaughs().lines().limit(4).reduce("", (a, b) -> a + b + "\n");
        LocatedTree t = LocatedTree.parse(three, "t.yaml");
        assertThat(t.root().at("/l3/9/9/9").asText()).isEqualTo("lol");
    }

    @Test
    void parse_nestedDeeperThanLimit_refusedNamingTheLimit() {
        int depth = YamlLimits.DOCUMENT.maxDepth();
        String json = "[".repeat(depth + 1) + "]".repeat(depth + 1);
        assertThatThrownBy(() -> LocatedTree.parse(json, "deep.json"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("nested more than " + depth + " deep (limit " + depth + ")");
        String yaml = "a: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
        assertThatThrownBy(() -> LocatedTree.parse(yaml, "deep.yaml"))
                .hasMessageContaining("deep.yaml:1: ").hasMessageContaining("(limit " + depth + ")");
    }

    @Test
    void parse_exactlyAtDepthLimit_parses() throws Exception {
        int depth = YamlLimits.DOCUMENT.maxDepth();
        String json = "[".repeat(depth) + "]".repeat(depth);
        assertThat(LocatedTree.parse(json, "deep.json").root().isArray()).isTrue();
    }

    @Test
    void parse_aliasCopyDeeperThanLimit_refused() {
        // Each value is shallow where it is written; the alias puts a 60-deep list under 60 more levels.
        String sixty = "[".repeat(60) + "]".repeat(60);
        String yaml = "a: &a " + sixty + "\nb: " + "[".repeat(60) + "*a" + "]".repeat(60) + "\n";
        assertThatThrownBy(() -> LocatedTree.parse(yaml, "t.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("nested more than " + YamlLimits.DOCUMENT.maxDepth() + " deep");
    }

    @Test
    void parse_textOverSizeLimit_refusedAtOnceNamingTheLimit() {
        String huge = "description: \"" + "a".repeat(20 * 1024 * 1024) + "\"\n";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> LocatedTree.parse(huge, "huge.yaml"))
                        .isInstanceOf(DocumentException.class)
                        .hasMessageStartingWith("huge.yaml: is too large (")
                        .hasMessageContaining("a document may be at most " + YamlLimits.DOCUMENT.maxBytes() + " bytes"));
    }

    @Test
    void parse_longQuotedScalarJustUnderSizeLimit_parses() {
        String prefix = "description: \"";
        String suffix = "\"\n";
        int fill = (int) YamlLimits.DOCUMENT.maxBytes() - prefix.length() - suffix.length();
        String text = prefix + "a".repeat(fill) + suffix;
        assertThat(text.length()).isEqualTo(YamlLimits.DOCUMENT.maxBytes());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThat(LocatedTree.parse(text, "big.yaml").root().get("description").asText()).hasSize(fill));
        assertThatThrownBy(() -> LocatedTree.parse(text + " ", "big.yaml")).hasMessageContaining("is too large");
    }

    @Test
    void parse_multiByteText_sizeCountedInUtf8Bytes() {
        // 100,000 three-byte characters: 100,000 chars but 300,000 bytes, over the 256 KB limit.
        String text = "d: \"" + "\u20ac".repeat(100_000) + "\"\n";
        assertThatThrownBy(() -> LocatedTree.parse(text, "euro.yaml")).hasMessageContaining("is too large");
    }

    // ---- what errors echo -------------------------------------------------------------------------

    @Test
    void parse_rawControlCharacter_refusedWithItsLineAndEscaped() {
        assertThatThrownBy(() -> LocatedTree.parse("a: 1\nb: \"x\u001b[31my\"\n", "t.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessageStartingWith("t.yaml:2: not valid YAML: the character U+001B is not allowed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    @Test
    void fieldName_keyWithEscapesAndGreatLength_isEscapedAndCut() {
        String name = LocatedTree.fieldName("/a\u001b[2Jb" + "x".repeat(10_000));
        assertThat(name).doesNotContain("\u001b").startsWith("a\\u001B[2Jb").contains("(10006 characters)");
        assertThat(name.length()).isLessThan(200);
    }

    @Test
    void parse_syntaxError_namesProblemAndContextWithoutEchoingTheLine() {
        assertThatThrownBy(() -> LocatedTree.parse("a: [1, 2\nb: hunter2\n", "t.yaml"))
                .isInstanceOf(DocumentException.class)
                .hasMessage("t.yaml:2: not valid YAML: expected ',' or ']', but got : (column 2),"
                        + " while parsing a flow sequence started on line 1");
    }
}
