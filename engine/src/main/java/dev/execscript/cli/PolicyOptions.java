package dev.execscript.cli;

import dev.execscript.document.DocumentException;
import dev.execscript.policy.PolicyException;
import dev.execscript.policy.ScriptPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose the sandbox policy, shared by {@code run} and {@code test}: one reading, one set of errors. */
final class PolicyOptions {

    @Option(names = "--policy", paramLabel = "FILE", description = "A sandbox policy (YAML or JSON); default: the strict preset.")
    Path policyFile;

    @Option(names = "--preset", paramLabel = "NAME", description = "A named policy preset: strict (default) or local-dev.")
    String preset;

    @Option(names = "--python-path", paramLabel = "DIR", description = "A directory scripts import from, read-only, e.g. "
            + "one filled by 'pip install --target DIR boto3' (repeatable; policy pythonPath).")
    List<Path> pythonPath = new ArrayList<>();

    /** The policy when none of these options is given: the strict preset. */
    static ScriptPolicy defaultPolicy() {
        return ScriptPolicy.preset(ScriptPolicy.STRICT);
    }

    /** The policy the options name, with --python-path's directories after the policy's own. */
    ScriptPolicy policy() throws DocumentException {
        if (policyFile != null && preset != null) {
            throw DocumentException.usage("give --policy or --preset, not both (a policy file may name its preset)");
        }
        ScriptPolicy policy;
        try {
            policy = policyFile != null ? ScriptPolicy.load(policyFile) : preset != null ? ScriptPolicy.preset(preset) : defaultPolicy();
        } catch (PolicyException e) {
            throw DocumentException.usage(e.getMessage());
        } catch (IOException e) {
            throw DocumentException.usage("policy file " + policyFile + " cannot be read: " + e.getMessage());
        }
        if (!pythonPath.isEmpty()) {
            List<Path> all = new ArrayList<>(policy.pythonPath());
            for (Path dir : pythonPath) {
                if (!Files.isDirectory(dir)) {
                    throw DocumentException.usage("--python-path " + dir + ": not a directory");
                }
                all.add(dir);
            }
            policy = policy.toBuilder().pythonPath(all).build();
        }
        return policy;
    }
}
