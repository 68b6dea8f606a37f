package dev.execscript.runbooktest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.spec.JsonText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueMatchTest {

    private static JsonNode json(String text) {
        return JsonText.parseOrNull(text);
    }

    private static List<String> differences(String expected, String actual, boolean subset) {
        List<Mismatch> out = new ArrayList<>();
        ValueMatch.compare("$", json(expected), actual == null ? null : json(actual), subset, out);
        return out.stream().map(Mismatch::text).toList();
    }

    @Test
    void compare_equalValuesNumbersByValue_noDifference() {
        assertThat(differences("{\"a\": [1, \"x\", true, null], \"b\": 2}", "{\"b\": 2.0, \"a\": [1.0, \"x\", true, null]}", false)).isEmpty();
    }

    @Test
    void compare_differentLeaf_reportsItsPathAndBothValues() {
        assertThat(differences("{\"a\": {\"b\": [1, 2]}}", "{\"a\": {\"b\": [1, 3]}}", false)).containsExactly("$.a.b[1]: expected 2, got 3");
        assertThat(differences("{\"odd key\": \"x\"}", "{\"odd key\": \"y\"}", false)).containsExactly("$['odd key']: expected \"x\", got \"y\"");
        assertThat(differences("\"1\"", "1", false)).containsExactly("$: expected \"1\", got 1");
    }

    @Test
    void compare_exactMode_extraKeyIsADifference_subsetModeIgnoresIt() {
        assertThat(differences("{\"a\": 1}", "{\"a\": 1, \"b\": 2}", false)).containsExactly("$.b: expected no such key, got 2");
        assertThat(differences("{\"a\": 1}", "{\"a\": 1, \"b\": {\"c\": 2}}", true)).isEmpty();
        assertThat(differences("{\"a\": 1}", "{\"b\": 2}", true)).containsExactly("$.a: expected 1, got missing");
    }

    @Test
    void compare_listsOfDifferentLength_reportedWhole() {
        assertThat(differences("[1, 2]", "[1, 2, 3]", true)).containsExactly("$: expected 2 items [1,2], got 3 items [1,2,3]");
    }

    @Test
    void compare_pattern_matchesWholeTextOrJsonOfOtherValues() {
        assertThat(differences("{\"id\": {\"matches\": \"i-[0-9a-f]+\"}}", "{\"id\": \"i-0abc\"}", false)).isEmpty();
        assertThat(differences("{\"id\": {\"matches\": \"i-[0-9a-f]+\"}}", "{\"id\": \"xi-0abc\"}", false))
                .containsExactly("$.id: expected a value matching /i-[0-9a-f]+/, got \"xi-0abc\"");
        assertThat(differences("{\"matches\": \"3[0-9]\"}", "30", false)).isEmpty();
        assertThat(differences("{\"matches\": \"\\\\[.*\\\\]\"}", "[1, 2]", false)).isEmpty();
        assertThat(differences("{\"matches\": \".*\"}", null, false)).containsExactly("$: expected a value matching /.*/, got missing");
    }

    @Test
    void compare_mapWithMatchesBesideOtherKeys_isAPlainValue() {
        assertThat(differences("{\"matches\": \"a\", \"b\": 1}", "{\"matches\": \"a\", \"b\": 1}", false)).isEmpty();
        assertThat(differences("{\"matches\": \"a.*\", \"b\": 1}", "{\"matches\": \"abc\", \"b\": 1}", false)).hasSize(1);
    }
}
