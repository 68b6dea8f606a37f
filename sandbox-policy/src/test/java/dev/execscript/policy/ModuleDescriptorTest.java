package dev.execscript.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports the policy's API and nothing else; the text helpers go to the engine only. */
class ModuleDescriptorTest {

    @Test
    void moduleDescriptor_exportsOnlyThePolicyApi() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes")).find("dev.execscript.policy")
                .orElseThrow(() -> new AssertionError("no module dev.execscript.policy in target/classes"))
                .descriptor();
        Map<String, Set<String>> exports = module.exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertThat(exports).containsOnly(Map.entry("dev.execscript.policy", Set.of()),
                Map.entry("dev.execscript.text", Set.of("dev.execscript.engine")));
    }
}
