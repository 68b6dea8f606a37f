package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a policy opens up: readable directories, environment variables, threads. */
class PolicyAccessTest {

    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static ScriptOutcome run(String source, ScriptPolicy policy) {
        return python.run(new PythonInvocation(new PythonScript(source, "p.py", "handler"), "{}", "{}", Duration.ofSeconds(60), policy,
                line -> { }));
    }

    @Test
    void readableDirectory_isReadableButNotWritable_andNothingElseIs(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "inside");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(data.resolve("link.txt"), dir.resolve("secret.txt"));
        ScriptPolicy policy = ScriptPolicy.localDevelopment(data, List.of());
        String source = """
                import os
                def attempt(action):
                    try:
                        return action()
                    except Exception as ex:
                        return type(ex).__name__
                def handler(e, c):
                    d = %s
                    return [attempt(lambda: open(d + '/in.txt').read()),
                            attempt(lambda: sorted(os.listdir(d))),
                            attempt(lambda: open(d + '/new.txt', 'w').write('x')),
                            attempt(lambda: open(d + '/../secret.txt').read()),
                            attempt(lambda: open(d + '/link.txt').read())]
                """.formatted("'" + data + "'");
        ScriptOutcome o = run(source, policy);
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        assertThat(o.payloadJson()).startsWith("[\"inside\",[\"in.txt\",\"link.txt\"],");
        assertThat(o.payloadJson()).doesNotContain("outside").doesNotContain(",1,");
        assertThat(Files.exists(data.resolve("new.txt"))).isFalse();
        // The strict default sees none of it.
        assertThat(run(source, ScriptPolicy.defaults()).payloadJson()).doesNotContain("inside");
    }

    @Test
    void environmentVariables_namedInThePolicy_areTheOnlyOnesPassed() {
        String name = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
        // The engine's own variables are left out: GraalPy's UNSAFE_PYO3_SKIP_VERSION_CHECK, zoneinfo's
        // PYTHONTZPATH (TimeZoneDatabase) and boto3's AWS_* (awsEnvironment_...). HOME is always there, and
        // always the sandbox's (SandboxIdentity).
        String source = "import os\ndef handler(e, c):\n    return sorted(k for k in os.environ"
                + " if k not in ('UNSAFE_PYO3_SKIP_VERSION_CHECK', 'PYTHONTZPATH') and not k.startswith('AWS_'))\n";
        assertThat(run(source, ScriptPolicy.builder().environmentVariables(List.of(name)).build()).payloadJson())
                .isEqualTo("[\"HOME\",\"" + name + "\"]");
        assertThat(run(source, ScriptPolicy.defaults()).payloadJson()).isEqualTo("[\"HOME\"]");
    }

    @Test
    void awsEnvironment_notPassed_regionAndPlaceholderCredentialsAndNoMetadataService() {
        String source = "import os\ndef handler(e, c):\n    return {k: v for k, v in sorted(os.environ.items()) if k.startswith('AWS_')}\n";
        assertThat(run(source, ScriptPolicy.defaults()).payloadJson()).isEqualTo("{\"AWS_ACCESS_KEY_ID\":\"AKIAEXECSCRIPTLOCAL0\","
                + "\"AWS_DEFAULT_REGION\":\"us-east-1\",\"AWS_EC2_METADATA_DISABLED\":\"true\",\"AWS_REGION\":\"us-east-1\","
                + "\"AWS_SECRET_ACCESS_KEY\":\"execscript-placeholder-secret-key\"}");
    }

    @Test
    void threads_whenAllowed_run() {
        String source = """
                import threading
                def handler(e, c):
                    out = []
                    t = threading.Thread(target=lambda: out.append('ran'))
                    t.start()
                    t.join()
                    return out
                """;
        assertThat(run(source, ScriptPolicy.builder().allowThreads(true).build()).payloadJson()).isEqualTo("[\"ran\"]");
        assertThat(run(source, ScriptPolicy.defaults()).status()).isEqualTo(StepStatus.Failed);
    }

    @Test
    void payloadLimits_comeFromThePolicy() {
        ScriptOutcome o = run("def handler(e, c):\n    return list(range(50))\n", ScriptPolicy.builder().maxPayloadListItems(10).build());
        assertThat(o.payloadJson()).isEqualTo("[0,1,2,3,4,5,6,7,8,9]");
        assertThat(o.truncation()).contains("10");
    }
}
