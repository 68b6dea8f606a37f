package dev.execscript.powershell;

import dev.execscript.runtime.StepStatus;
import dev.execscript.runtime.ScriptOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.execscript.confinement.OsConfinement;
import dev.execscript.policy.Confinement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pwsh under OS confinement, seen from inside by the test double: no network interface but a loopback that
 * is down, the root read-only, its own HOME writable, a PID namespace of its own. Needs bwrap (or unshare)
 * to work here; reported as skipped, with the reason, where neither does.
 */
class PowerShellConfinementTest {

    @TempDir
    Path tools;
    @TempDir
    Path temps;

    private ScriptOutcome run(Confinement setting, OsConfinement confinement, String script) throws Exception {
        PowerShellRunner runner = new PowerShellRunner(FakePwsh.install(tools), temps, confinement, setting);
        return runner.run(new PowerShellRequest(script, "{}", Duration.ofSeconds(30), Map.of(), Optional.empty(), 1 << 20,
                line -> { }));
    }

    @Test
    void confinedPwsh_seesNoNetworkInterfaceUp_aReadOnlyRoot_andItsOwnPidNamespace() throws Exception {
        OsConfinement here = OsConfinement.detect();
        assumeTrue(here.mechanism() == OsConfinement.Mechanism.BWRAP, "bwrap is not usable here: " + here.activeConfinements());
        ScriptOutcome r = run(Confinement.AUTO, here,
                "#fake: net-interfaces\n#fake: write-root\n#fake: pid\n#fake: write-payload '1'");
        assertThat(r.status()).as(r.failureMessage() + "\n" + r.output()).isEqualTo(StepStatus.Success);
        assertThat(r.output()).contains("interfaces: lo\n", "up: \n", "root: read-only\n", "home: writable\n");
        // PID 1 is the namespace's init: pwsh's own pid is small, not the host's.
        assertThat(r.output()).containsPattern("pid: [2-9]\n");
    }

    @Test
    void unconfinedPwsh_seesTheHostsInterfacesAndRoot() throws Exception {
        ScriptOutcome r = run(Confinement.OFF, OsConfinement.detect(), "#fake: net-interfaces\n#fake: write-payload '1'");
        assertThat(r.status()).isEqualTo(StepStatus.Success);
        // The host (this machine) has more than a loopback; confined, only "lo" is left (above).
        assertThat(r.output()).containsPattern("interfaces: .*[^l][^o]");
    }

    @Test
    void confinementRequired_whereNoneIsUsable_failsTheStepNamingWhy() throws Exception {
        ScriptOutcome r = run(Confinement.REQUIRED, OsConfinement.none("neither bwrap nor unshare is installed (test)"),
                "#fake: write-payload '1'");
        assertThat(r.status()).isEqualTo(StepStatus.Failed);
        assertThat(r.failureMessage()).isEqualTo("the policy requires OS confinement (confinement: required), but none is usable "
                + "here: neither bwrap nor unshare is installed (test)");
    }
}
