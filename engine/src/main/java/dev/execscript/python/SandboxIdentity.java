package dev.execscript.python;

import dev.execscript.policy.ScriptPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a script appears to run as: a neutral home directory whatever the host user's is, so that
 * {@code os.path.expanduser('~')} and {@code pwd} (see bootstrap.py) do not name the host's user or home.
 */
final class SandboxIdentity {

    /** HOME in every script's environment; nothing exists there (the script sees no host files). */
    static final String HOME = "/home/sandbox";

    private SandboxIdentity() {
    }

    /** The policy's passed environment variables, with HOME neutral even if the policy passes the host's. */
    static Map<String, String> environment(ScriptPolicy policy) {
        Map<String, String> environment = new LinkedHashMap<>(policy.passedEnvironment());
        environment.put("HOME", HOME);
        // zoneinfo's search path (sysconfig's TZPATH is empty in GraalPy).
        TimeZoneDatabase.directory().ifPresent(dir -> environment.put("PYTHONTZPATH", dir.toString()));
        return environment;
    }
}
