package dev.execscript.python;

import dev.execscript.policy.ScriptPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a script appears to run as: a neutral home directory whatever the host user's is, so that
 * {@code os.path.expanduser('~')} and {@code pwd} (see bootstrap.py) do not name the host's user or home.
 */
public final class SandboxIdentity {

    /** HOME in every script's environment; nothing exists there (the script sees no host files). */
    static final String HOME = "/home/sandbox";

    private SandboxIdentity() {
    }

    /** Credentials botocore signs with when the policy passes none: endpoints such as LocalStack and moto take any. */
    static final String PLACEHOLDER_ACCESS_KEY = "AKIAEXECSCRIPTLOCAL0";
    static final String PLACEHOLDER_SECRET_KEY = "execscript-placeholder-secret-key";

    /**
     * The policy's {@code environmentVariables} that are set on the host, with their current values, in the
     * policy's order: what a script's environment (Python or pwsh, in-process or in a worker) starts from.
     */
    public static Map<String, String> passedEnvironment(ScriptPolicy policy) {
        Map<String, String> passed = new LinkedHashMap<>();
        for (String name : policy.environmentVariables()) {
            String value = System.getenv(name);
            if (value != null) {
                passed.put(name, value);
            }
        }
        return passed;
    }

    /**
     * The policy's passed environment variables, with HOME neutral even if the policy passes the host's, and
     * what boto3 needs to find in AWS's runtime: the region, and credentials (placeholders unless the policy
     * passes AWS_ACCESS_KEY_ID); the instance metadata service is never asked (it would be a network call).
     */
    static Map<String, String> environment(ScriptPolicy policy, String awsRegion) {
        Map<String, String> environment = new LinkedHashMap<>(passedEnvironment(policy));
        environment.put("HOME", HOME);
        if (!environment.containsKey("AWS_ACCESS_KEY_ID")) {
            environment.put("AWS_ACCESS_KEY_ID", PLACEHOLDER_ACCESS_KEY);
            environment.put("AWS_SECRET_ACCESS_KEY", PLACEHOLDER_SECRET_KEY);
            environment.remove("AWS_SESSION_TOKEN");
        }
        environment.putIfAbsent("AWS_REGION", awsRegion);
        environment.putIfAbsent("AWS_DEFAULT_REGION", environment.get("AWS_REGION"));
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        // zoneinfo's search path (sysconfig's TZPATH is empty in GraalPy).
        TimeZoneDatabase.directory().ifPresent(dir -> environment.put("PYTHONTZPATH", dir.toString()));
        return environment;
    }
}
