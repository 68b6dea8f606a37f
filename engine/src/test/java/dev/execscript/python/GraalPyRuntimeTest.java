package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraalPyRuntimeTest {

    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static ScriptOutcome run(String source, String events, Duration timeout, List<String> lines) {
        return python.run(new PythonInvocation(new PythonScript(source, "step.py", "handler"), events,
                "{\"global:REGION\": \"eu-central-1\"}", timeout, ScriptPolicy.defaults(), lines::add));
    }

    static ScriptOutcome run(String source) {
        return run(source, "{}", Duration.ofSeconds(30), new ArrayList<>());
    }

    @Test
    void run_eventsAndContext_reachHandler() {
        ScriptOutcome o = run("def handler(events, context):\n    return [events['a'], context['global:REGION']]\n",
                "{\"a\": [1, 2.5, null, true, \"x\"]}", Duration.ofSeconds(30), new ArrayList<>());
        assertThat(o.status()).isEqualTo(StepStatus.Success);
        assertThat(o.payloadJson()).isEqualTo("[[1,2.5,null,true,\"x\"],\"eu-central-1\"]");
    }

    @Test
    void run_syntaxError_failsWithLineNumber() {
        ScriptOutcome o = run("def handler(events, context):\n    return (1,\n\nx = = 2\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).contains("failed to load: SyntaxError").contains("step.py").contains("line");
        assertThat(o.details().get("ExceptionType")).containsExactly("SyntaxError");
    }

    @Test
    void run_handlerMissing_failsListingDefinedFunctions() {
        ScriptOutcome o = run("def other(events, context):\n    return 1\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).isEqualTo("handler 'handler': the script defines no 'handler'; functions defined: other");
    }

    @Test
    void run_handlerNotCallable_fails() {
        ScriptOutcome o = run("handler = 42\n");
        assertThat(o.failureMessage()).contains("'handler' is a int, not a function taking (events, context)");
    }

    @Test
    void run_handlerWrongSignature_failsWithTypeError() {
        ScriptOutcome o = run("def handler(events):\n    return 1\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).contains("raised TypeError").contains("positional argument");
    }

    @Test
    void run_moduleLevelError_failsWithTraceback() {
        ScriptOutcome o = run("import json\n\nvalue = json.loads('{')\n\ndef handler(e, c):\n    return 1\n");
        assertThat(o.failureMessage()).contains("failed to load: JSONDecodeError").contains("File \"step.py\", line 3, in <module>");
    }

    @Test
    void run_systemExit_isAFailureNotAnExit() {
        ScriptOutcome o = run("import sys\ndef handler(e, c):\n    sys.exit(3)\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).contains("raised SystemExit: 3");
    }

    @Test
    void run_printedOutput_isCapturedAndForwardedLive() {
        List<String> lines = new ArrayList<>();
        ScriptOutcome o = run("import sys\nprint('loading')\ndef handler(e, c):\n    print('one')\n    print('two', file=sys.stderr)\n    return None\n",
                "{}", Duration.ofSeconds(30), lines);
        assertThat(o.payloadJson()).isEqualTo("null");
        assertThat(lines).containsExactly("loading", "one", "two");
        assertThat(o.output()).isEqualTo("loading\none\ntwo\n");
    }

    @Test
    void run_infiniteLoopInHandler_timesOut() {
        ScriptOutcome o = run("def handler(e, c):\n    while True:\n        pass\n", "{}", Duration.ofSeconds(1), new ArrayList<>());
        assertThat(o.status()).isEqualTo(StepStatus.TimedOut);
        assertThat(o.failureMessage()).contains("timed out after 1.0 s");
    }

    @Test
    void run_infiniteLoopAtModuleLevel_timesOut() {
        ScriptOutcome o = run("print('before')\nwhile True:\n    pass\n", "{}", Duration.ofSeconds(1), new ArrayList<>());
        assertThat(o.status()).isEqualTo(StepStatus.TimedOut);
        // Output printed before the timeout is kept.
        assertThat(o.output()).isEqualTo("before\n");
    }

    @Test
    void run_loopCatchingBaseException_stillTimesOut() {
        ScriptOutcome o = run("def handler(e, c):\n    while True:\n        try:\n            while True:\n                pass\n"
                + "        except BaseException:\n            pass\n", "{}", Duration.ofSeconds(1), new ArrayList<>());
        assertThat(o.status()).isEqualTo(StepStatus.TimedOut);
    }

    @Test
    void run_afterTimeout_engineServesNextStep() {
        run("while True:\n    pass\n", "{}", Duration.ofMillis(300), new ArrayList<>());
        assertThat(run("def handler(e, c):\n    return 'still here'\n").payloadJson()).isEqualTo("\"still here\"");
    }

    @Test
    void run_hostFiles_areNotReadable() {
        ScriptOutcome o = run("def handler(e, c):\n    return open('/etc/passwd').read()\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.payloadJson()).isNull();
    }

    @Test
    void run_environment_holdsNoHostVariables() {
        ScriptOutcome o = run("import os\ndef handler(e, c):\n    return sorted(os.environ.items())\n");
        assertThat(o.status()).isEqualTo(StepStatus.Success);
        // GraalPy sets one variable of its own (UNSAFE_PYO3_SKIP_VERSION_CHECK) and the engine a neutral HOME;
        // no value of the host's reaches the script.
        assertThat(System.getenv()).isNotEmpty();
        assertThat(o.payloadJson()).contains("[\"HOME\",\"" + SandboxIdentity.HOME + "\"]");
        for (var hostVariable : System.getenv().entrySet()) {
            if (!hostVariable.getKey().equals("HOME")) {
                assertThat(o.payloadJson()).doesNotContain("\"" + hostVariable.getKey() + "\"");
            }
        }
        assertThat(o.payloadJson()).doesNotContain(System.getProperty("user.home") + "\"");
    }

    @Test
    void run_processes_areNotAllowed() {
        ScriptOutcome o = run("import subprocess\ndef handler(e, c):\n    return subprocess.run(['id'], capture_output=True).stdout.decode()\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
    }

    @Test
    void run_javaInterop_isNotAllowed() {
        ScriptOutcome o = run("import java\ndef handler(e, c):\n    return java.type('java.lang.System').getProperty('user.home')\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
    }

    @Test
    void run_stateOfOneStep_isNotSeenByTheNext() {
        run("import builtins\nbuiltins.leaked = 1\nimport json\njson.dumps = None\ndef handler(e, c):\n    return 1\n");
        ScriptOutcome o = run("import builtins, json\ndef handler(e, c):\n    return [hasattr(builtins, 'leaked'), json.dumps is None]\n");
        assertThat(o.payloadJson()).isEqualTo("[false,false]");
    }

    @Test
    void run_deepRecursion_isRecursionError() {
        ScriptOutcome o = run("def f(n):\n    return f(n + 1)\ndef handler(e, c):\n    return f(0)\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).contains("RecursionError");
    }
}
