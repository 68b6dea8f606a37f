package dev.execscript.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keeps the wrapper, the runner's command line and the test double on the same file contract. */
class WrapperScriptTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = WrapperScriptTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void wrapper_declaresTheParametersTheRunnerPasses() throws IOException {
        String wrapper = resource("/dev/execscript/powershell/wrapper.ps1");
        assertThat(wrapper).contains("[string] $ScriptPath", "[string] $PayloadPath", "[string] $ErrorPath")
                .contains("ConvertTo-Json -InputObject $value -Depth 100 -Compress")
                .doesNotContain("Write-Output $json"); // the payload never goes to stdout
    }

    @Test
    void fakePwsh_readsTheSameArguments() throws IOException {
        String fake = resource("/powershell/fake-pwsh");
        assertThat(fake).contains("-ScriptPath)", "-PayloadPath)", "-ErrorPath)").contains("TEST DOUBLE");
    }
}
