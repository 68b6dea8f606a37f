package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a script can learn about where it runs: a neutral home and user, a virtual working directory, and
 * paths of the language home that do not name the host user's home directory.
 */
class SandboxIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    private static JsonNode run(String source, Map<String, byte[]> attachment, ScriptPolicy policy) throws IOException {
        ScriptOutcome o = python.run(new PythonInvocation(new PythonScript(source, "identity.py", "handler", attachment), "{}",
                "{}", Duration.ofSeconds(60), policy, line -> { }));
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        return JSON.readTree(o.payloadJson());
    }

    static final String PATHS = """
            import os, sys, json, pwd
            def handler(events, context):
                entry = pwd.getpwuid(os.getuid())
                return {'expanduser': os.path.expanduser('~'), 'HOME': os.environ['HOME'],
                        'pw_dir': entry.pw_dir, 'pw_name': entry.pw_name,
                        'by_name': pwd.getpwnam('sandbox').pw_dir, 'all': [e.pw_name for e in pwd.getpwall()],
                        'cwd': os.getcwd(), 'sys.path': sys.path, 'prefix': [sys.prefix, sys.exec_prefix, sys.base_prefix],
                        'executable': sys.executable, 'json': json.__file__, 'os': os.__file__,
                        'home': __graalpython__.home}
            """;

    @Test
    void identity_ofAScript_namesNeitherTheHostUserNorTheirHome() throws IOException {
        // The policy passes the host's HOME: the script still sees the sandbox's.
        JsonNode r = run(PATHS, Map.of(), ScriptPolicy.builder().environmentVariables("HOME").build());

        assertThat(r.get("expanduser").asText()).isEqualTo("/home/sandbox");
        assertThat(r.get("HOME").asText()).isEqualTo("/home/sandbox");
        assertThat(r.get("pw_dir").asText()).isEqualTo("/home/sandbox");
        assertThat(r.get("pw_name").asText()).isEqualTo("sandbox");
        assertThat(r.get("by_name").asText()).isEqualTo("/home/sandbox");
        assertThat(r.get("all").toString()).isEqualTo("[\"sandbox\"]");
        assertThat(r.get("cwd").asText()).isEqualTo("/");
        String home = System.getProperty("user.home");
        String everything = r.toString();
        if (home != null && home.length() > 1) {
            assertThat(everything).doesNotContain(home);
        }
        assertThat(everything).doesNotContain("/.cache/");
        assertThat(r.get("json").asText()).startsWith(r.get("home").asText() + "/lib/python3.12/");
    }

    @Test
    void passwordDatabase_otherUsers_raiseKeyErrorNotAnInternalError() throws IOException {
        JsonNode r = run("""
                import pwd
                def handler(events, context):
                    caught = []
                    for ask in (lambda: pwd.getpwuid(4242), lambda: pwd.getpwnam('root'), lambda: pwd.getpwnam('nobody')):
                        try:
                            ask()
                            caught.append(None)
                        except KeyError as e:
                            caught.append('KeyError')
                    return caught
                """, Map.of(), ScriptPolicy.defaults());
        assertThat(r.toString()).isEqualTo("[\"KeyError\",\"KeyError\",\"KeyError\"]");
    }

    static final String CWD = """
            import os, sys
            def handler(events, context):
                out = {'cwd': os.getcwd(), 'abspath': os.path.abspath('x'), 'realpath': os.path.realpath('y')}
                try:
                    os.chdir('/etc')
                    out['chdir_outside'] = 'moved'
                except OSError as e:
                    out['chdir_outside'] = type(e).__name__
                out['after_refused_chdir'] = os.getcwd()
                os.chdir(os.path.join(sys.prefix, 'lib'))
                out['after_chdir'] = os.getcwd() == os.path.join(sys.prefix, 'lib')
                out['listed'] = 'python3.12' in os.listdir('.')
                out['relative_open'] = open('python3.12/json/__init__.py').read(10) != ''
                return out
            """;

    @Test
    void workingDirectory_withoutAttachment_isTheRootAndMovesOnlyWhereTheScriptSees() throws IOException {
        JsonNode r = run(CWD, Map.of(), ScriptPolicy.defaults());
        assertThat(r.get("cwd").asText()).isEqualTo("/");
        assertThat(r.get("abspath").asText()).isEqualTo("/x");
        assertThat(r.get("realpath").asText()).isEqualTo("/y");
        assertThat(r.get("chdir_outside").asText()).isEqualTo("FileNotFoundError");
        assertThat(r.get("after_refused_chdir").asText()).isEqualTo("/");
        assertThat(r.get("after_chdir").asBoolean()).isTrue();
        assertThat(r.get("listed").asBoolean()).isTrue();
        assertThat(r.get("relative_open").asBoolean()).isTrue();
    }

    @Test
    void workingDirectory_withAttachment_isTheAttachment() throws IOException {
        JsonNode r = run("""
                import os
                def handler(events, context):
                    return {'cwd': os.getcwd(), 'abspath': os.path.abspath('data.txt'), 'read': open('data.txt').read(),
                            'listed': os.listdir('.')}
                """, Map.of("data.txt", "attached".getBytes(StandardCharsets.UTF_8)), ScriptPolicy.defaults());
        assertThat(r.get("cwd").asText()).isEqualTo("/attachment");
        assertThat(r.get("abspath").asText()).isEqualTo("/attachment/data.txt");
        assertThat(r.get("read").asText()).isEqualTo("attached");
        assertThat(r.get("listed").toString()).isEqualTo("[\"data.txt\"]");
    }
}
