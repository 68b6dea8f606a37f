package dev.execscript.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptRuntimeTest {

    @Test
    void parse_everyNameAwsPagesHaveUsed_isAccepted() {
        for (String name : List.of("python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11",
                "python3.12", "PowerShell Core 6.0", "PowerShell 7.0", "PowerShell 7.2", "PowerShell 7.4")) {
            assertThat(ScriptRuntime.parse(name)).as(name).isNotNull();
        }
    }

    @Test
    void isCurrentOnAws_today_onlyPython310And311AndPowerShell74() {
        assertThat(List.of(ScriptRuntime.values()).stream().filter(ScriptRuntime::isCurrentOnAws)
                .map(ScriptRuntime::documentName)).containsExactly("python3.10", "python3.11", "PowerShell 7.4");
    }

    @Test
    void awsProblem_currentRuntime_isNull() {
        assertThat(ScriptRuntime.PYTHON_3_11.awsProblem()).isNull();
        assertThat(ScriptRuntime.POWERSHELL_7_4.awsProblem()).isNull();
    }

    @Test
    void awsProblem_retiredOrUnlisted_saysWhatAndWhatToUseInstead() {
        assertThat(ScriptRuntime.PYTHON_3_6.awsProblem())
                .isEqualTo("python3.6, which AWS no longer runs (since 2025-09-10); AWS runs python3.10 and python3.11 today");
        assertThat(ScriptRuntime.PYTHON_3_12.awsProblem())
                .isEqualTo("python3.12, which AWS does not list for aws:executeScript; AWS runs python3.10 and python3.11 today");
        assertThat(ScriptRuntime.POWERSHELL_CORE_6_0.awsProblem())
                .isEqualTo("PowerShell Core 6.0, which AWS no longer runs; AWS runs PowerShell 7.4 today");
        assertThat(ScriptRuntime.POWERSHELL_7_2.awsProblem())
                .isEqualTo("PowerShell 7.2, which AWS no longer runs; AWS runs PowerShell 7.4 today");
    }
}
