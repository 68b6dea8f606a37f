package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** rules.yaml: every rule the suite checks, with its text and where it comes from. */
record RuleCatalog(Map<String, Rule> rules) {

    record Rule(String id, String text, String source) {
    }

    static final Set<String> SOURCES = Set.of("reference", "facts", "engine");

    static RuleCatalog load(Path file) {
        JsonNode root;
        try {
            root = ConformanceCase.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (JsonNode r : root.path("rules")) {
            String id = r.path("id").asText();
            String source = r.path("source").asText();
            if (id.isEmpty() || r.path("text").asText().isEmpty() || !SOURCES.contains(source)) {
                throw new IllegalArgumentException(file + ": each rule needs id, text and source (one of " + SOURCES + "): " + r);
            }
            if (rules.put(id, new Rule(id, r.path("text").asText(), source)) != null) {
                throw new IllegalArgumentException(file + ": rule " + id + " is listed twice");
            }
        }
        return new RuleCatalog(rules);
    }
}
