package dev.execscript.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judgement of a module table: against the step's payload, and module by module against CPython's. */
class ModuleTableTest {

    @TempDir
    Path dir;
    private ModuleTable table;

    @BeforeEach
    void load() throws IOException {
        Files.writeString(dir.resolve("names.txt"), "# comment\njson\nimp\nmsvcrt\n");
        Path caseFile = dir.resolve("case.yaml");
        table = ModuleTable.of(ConformanceCase.YAML.readTree("""
                step: S
                parameter: Modules
                names: names.txt
                refused:
                  imp: {category: removed-in-3.12, reason: removed in Python 3.12}
                  msvcrt: {category: also-absent-in-cpython, reason: Windows-only}
                """), caseFile);
    }

    private static JsonNode json(String text) {
        return ParsedJson.parse(text);
    }

    @Test
    void load_namesFile_skipsCommentsAndPassesNamesAsJsonList() {
        assertEquals(List.of("json", "imp", "msvcrt"), table.names());
        assertEquals("[\"json\",\"imp\",\"msvcrt\"]", table.namesAsJson());
    }

    @Test
    void mismatches_payloadAsTabled_none() {
        assertEquals(List.of(), table.mismatches(json("""
                {"json": "ok", "imp": "ModuleNotFoundError: No module named 'imp': imp was removed in Python 3.12; use importlib",
                 "msvcrt": "ModuleNotFoundError: msvcrt is a Windows-only module"}""")));
    }

    @Test
    void mismatches_refusedModuleImports_saysRemoveIt() {
        List<String> m = table.mismatches(json("""
                {"json": "ok", "imp": "ok", "msvcrt": "ModuleNotFoundError: Windows-only"}"""));
        assertEquals(1, m.size(), m.toString());
        assertTrue(m.get(0).contains("imp") && m.get(0).contains("imports"), m.get(0));
    }

    @Test
    void mismatches_refusalWithoutReasonOrNotImportError_reported() {
        List<String> m = table.mismatches(json("""
                {"json": "SystemError: boom", "imp": "ModuleNotFoundError: No module named 'imp'",
                 "msvcrt": "RuntimeError: Windows-only"}"""));
        assertEquals(3, m.size(), m.toString());
        assertTrue(m.get(0).contains("json: expected to import"), m.get(0));
        assertTrue(m.get(1).contains("without the reason 'removed in Python 3.12'"), m.get(1));
        assertTrue(m.get(2).contains("not with an ImportError"), m.get(2));
    }

    @Test
    void mismatches_missingOrExtraModule_reported() {
        List<String> m = table.mismatches(json("""
                {"json": "ok", "msvcrt": "ImportError: Windows-only", "extra": "ok"}"""));
        assertEquals(List.of("module imp: missing from the payload", "module extra: in the payload but not in the list"), m);
    }

    @Test
    void rows_agreeingWithCpython_consistentWithReasons() {
        JsonNode here = json("{\"json\": \"ok\", \"imp\": \"ImportError: removed in Python 3.12\", \"msvcrt\": \"ImportError: Windows-only\"}");
        JsonNode cpython = json("{\"json\": \"ok\", \"imp\": \"ok\", \"msvcrt\": \"ModuleNotFoundError: No module named 'msvcrt'\"}");
        List<ModuleTable.Row> rows = table.rows(here, cpython);
        assertTrue(rows.stream().allMatch(ModuleTable.Row::consistent), rows.toString());
        assertTrue(rows.get(1).reason().startsWith("removed in Python 3.12"), rows.get(1).reason());
        assertEquals(List.of(), ModuleTable.differentialProblems(rows, table.refused()));
    }

    @Test
    void rows_worksHereButNotInCpython_orCategoryMisstatesCpython_problems() {
        JsonNode here = json("{\"json\": \"ok\", \"imp\": \"ImportError: removed in Python 3.12\", \"msvcrt\": \"ImportError: Windows-only\"}");
        JsonNode cpython = json("{\"json\": \"ImportError: gone\", \"imp\": \"ImportError: gone\", \"msvcrt\": \"ok\"}");
        List<String> problems = ModuleTable.differentialProblems(table.rows(here, cpython), table.refused());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("json imports here but not in CPython"), problems.get(0));
        assertTrue(problems.get(1).contains("CPython cannot import it either"), problems.get(1));
        assertTrue(problems.get(2).contains("but CPython imports it"), problems.get(2));
    }

    @Test
    void load_unknownCategoryOrUnlistedModule_rejectedNamingIt() throws IOException {
        Path caseFile = dir.resolve("case.yaml");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ModuleTable.of(ConformanceCase.YAML.readTree(
                "{step: S, parameter: M, names: names.txt, refused: {imp: {category: gone, reason: x}}}"), caseFile));
        assertTrue(bad.getMessage().contains("category 'gone'") && bad.getMessage().contains("imp"), bad.getMessage());
        IllegalArgumentException unlisted = assertThrows(IllegalArgumentException.class, () -> ModuleTable.of(ConformanceCase.YAML.readTree(
                "{step: S, parameter: M, names: names.txt, refused: {nosuch: {category: native-code, reason: x}}}"), caseFile));
        assertTrue(unlisted.getMessage().contains("'nosuch' is not in"), unlisted.getMessage());
    }
}
