package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refusal of the sandbox is a Python exception of the class CPython would raise, which the script can
 * catch; uncaught, the step's failure names it in Python's words, never with Java class names.
 */
class SandboxRefusalsTest {

    /** Java or GraalVM class names, which no failure message may show. */
    private static final Pattern JAVA_NAMES = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com\\.oracle|org\\.graalvm)\\.[\\w.$]+|\\b\\w+(?:Exception|Factory|NodeGen)\\b");

    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static ScriptOutcome run(String source) {
        return run(source, ScriptPolicy.defaults());
    }

    static ScriptOutcome run(String source, ScriptPolicy policy) {
        return python.run(new PythonInvocation(new PythonScript(source, "refusals.py", "handler"), "{}", "{}",
                Duration.ofSeconds(60), policy, line -> { }));
    }

    /** The script returns what `except BaseException` caught: [exception type, is-an-OSError, message]. */
    private static String caught(String imports, String statement) {
        String source = imports + "\n" + """
                def handler(e, c):
                    try:
                        %s
                        return "not refused"
                    except BaseException as ex:
                        return [type(ex).__name__, isinstance(ex, OSError), str(ex)]
                """.formatted(statement);
        ScriptOutcome o = run(source);
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        return o.payloadJson();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "socket.socket()                                   | PermissionError | creating a socket is not allowed",
            "socket.socket(socket.AF_INET6)                    | PermissionError | creating a socket is not allowed",
            "socket.socketpair()                               | PermissionError | creating a socket is not allowed",
            "socket.create_connection(('127.0.0.1', 22))       | gaierror        | name resolution (getaddrinfo) is not allowed",
            "socket.getaddrinfo('example.com', 443)            | gaierror        | name resolution (getaddrinfo) is not allowed",
            "socket.gethostbyname('localhost')                 | gaierror        | name resolution (gethostbyname) is not allowed",
            "socket.gethostbyname_ex('localhost')              | gaierror        | name resolution (gethostbyname_ex) is not allowed",
            "socket.gethostbyaddr('127.0.0.1')                 | gaierror        | name resolution (gethostbyaddr) is not allowed",
            "socket.getnameinfo(('127.0.0.1', 80), 0)          | gaierror        | name resolution (getnameinfo) is not allowed",
            "socket.getservbyname('http')                      | OSError         | service/proto not found",
            "socket.fromfd(0, socket.AF_INET, socket.SOCK_STREAM) | PermissionError | creating a socket is not allowed",
            "select.select([0], [], [], 0)                     | PermissionError | select is not allowed",
            "urllib.request.urlopen('http://169.254.169.254/', timeout=1) | URLError | name resolution (getaddrinfo) is not allowed",
    })
    void network_refused_raisesCatchableOSError(String statement, String type, String message) {
        String payload = caught("import socket, select, urllib.request", statement);
        assertThat(payload).startsWith("[\"" + type + "\",true,").contains(message).contains("the sandbox policy allows no network");
    }

    @Test
    void network_whatAMachineWithoutNetworkAnswers_isAnswered() {
        ScriptOutcome o = run("""
                import socket, select
                def handler(e, c):
                    return [socket.gethostname(), socket.has_ipv6, select.select([], [], [], 0.01), socket.inet_aton('1.2.3.4').hex()]
                """);
        assertThat(o.payloadJson()).isEqualTo("[\"localhost\",false,[[],[],[]],\"01020304\"]");
    }

    @Test
    void network_uncaught_failsTheStepInPythonWords() {
        ScriptOutcome o = run("import socket\ndef handler(e, c):\n    return socket.getaddrinfo('example.com', 443)\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).contains("raised gaierror: [Errno -4] name resolution (getaddrinfo) is not allowed")
                .doesNotContainPattern(JAVA_NAMES);
    }

    @Test
    void threads_refusedByPolicy_raiseCatchableRuntimeError() {
        assertThat(caught("import _thread", "_thread.start_new_thread(print, ())"))
                .isEqualTo("[\"RuntimeError\",false,\"can't start new thread: the sandbox policy does not allow threads (policy allowThreads)\"]");
        assertThat(caught("import threading", "threading.Thread(target=print).start()")).startsWith("[\"RuntimeError\",false,");
        assertThat(caught("import concurrent.futures", "concurrent.futures.ThreadPoolExecutor(1).submit(print).result()"))
                .startsWith("[\"RuntimeError\",false,");
    }

    @Test
    void threads_refusedUncaught_failTheStepInPythonWords() {
        ScriptOutcome o = run("import threading\ndef handler(e, c):\n    threading.Thread(target=print).start()\n");
        assertThat(o.failureMessage()).contains("raised RuntimeError: can't start new thread: the sandbox policy does not allow threads")
                .doesNotContainPattern(JAVA_NAMES);
    }

    @Test
    void threads_allowedByPolicy_stillStart() {
        ScriptOutcome o = run("""
                import _thread, threading
                def handler(e, c):
                    out = []
                    t = threading.Thread(target=lambda: out.append('ran'))
                    t.start()
                    t.join()
                    return out
                """, ScriptPolicy.builder().allowThreads(true).build());
        assertThat(o.payloadJson()).as(o.failureMessage()).isEqualTo("[\"ran\"]");
    }

    @Test
    void graalpyInternals_calledWithBadArguments_raisePythonExceptions() {
        // Reached every way a script can: import, builtins, sys.modules. Each public callable, a few bad arguments.
        ScriptOutcome o = run("""
                import builtins, sys, re, time, datetime
                ARGS = [(), (None,), (1,), ('x',), (b'x',), (object(),), (lambda: 0,), ('x', 'y'), (None, None, None),
                        (-1, -1), (int,), (int, int), ({},)]
                def handler(e, c):
                    import __graalpython__, polyglot, java, _polyglot
                    modules = [builtins.__graalpython__, sys.modules['__graalpython__'], __graalpython__, polyglot, java, _polyglot]
                    calls = 0
                    for module in modules:
                        for name in dir(module):
                            f = getattr(module, name)
                            if not callable(f) or isinstance(f, type) or name in ('__loader__', '__getattr__'):
                                continue
                            for args in ARGS:
                                calls += 1
                                try:
                                    f(*args)
                                except BaseException:
                                    pass
                    return calls > 100
                """);
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        assertThat(o.payloadJson()).isEqualTo("true");
    }

    @Test
    void graalpyInternals_theStandardLibraryStillUsesThem() {
        ScriptOutcome o = run("""
                import re, datetime, time, inspect, os, unicodedata
                def handler(e, c):
                    m = re.search(r'(?P<word>w\\w+)', 'hello world')
                    return [m.group('word'), m.groupdict(), datetime.date(2024, 1, 2).isoformat(), time.gmtime(0).tm_year,
                            inspect.signature(lambda a, b=1: 0).__str__(), os.path.join('a', 'b'), unicodedata.name('a')]
                """);
        assertThat(o.payloadJson()).as(o.failureMessage())
                .isEqualTo("[\"world\",{\"word\":\"world\"},\"2024-01-02\",1970,\"(a, b=1)\",\"a/b\",\"LATIN SMALL LETTER A\"]");
    }

    @Test
    void regexInternals_notReachable_andRegexStillWorks() {
        // GraalPy's regex entry points (tregex_*) fail with an internal error on arguments its own callers never
        // pass: importers of _sre do not see them; re works as before.
        ScriptOutcome o = run("""
                import _sre, re
                def handler(e, c):
                    try:
                        _sre.tregex_call_exec(None, None, None)
                        reached = 'reached'
                    except AttributeError as ex:
                        reached = type(ex).__name__
                    m = re.search(r'(\\w+)-(\\d+)', 'id: abc-123')
                    return [reached, sorted(k for k in dir(_sre) if k.startswith('tregex')), m.groups(),
                            re.sub('a+', '-', 'caaab'), [x.span() for x in re.finditer('b', 'abcb')]]
                """);
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        assertThat(o.payloadJson()).isEqualTo("[\"AttributeError\",[],[\"abc\",\"123\"],\"c-b\",[[1,2],[3,4]]]");
    }

    @Test
    void osExit_endsTheStepAsAFailureNamingTheCall() {
        ScriptOutcome o = run("import os\ndef handler(e, c):\n    try:\n        os._exit(4)\n    except BaseException:\n        return 'caught'\n");
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).isEqualTo("the script called os._exit(4), which ends the step at once");
    }

    @Test
    void exitAndQuit_raiseSystemExit_asSysExitDoes() {
        assertThat(caught("", "exit(3)")).isEqualTo("[\"SystemExit\",false,\"3\"]");
        assertThat(caught("", "quit('bye')")).isEqualTo("[\"SystemExit\",false,\"bye\"]");
        ScriptOutcome viaExit = run("def handler(e, c):\n    exit('leaving')\n");
        ScriptOutcome viaSys = run("import sys\ndef handler(e, c):\n    sys.exit('leaving')\n");
        assertThat(viaExit.status()).isEqualTo(StepStatus.Failed);
        assertThat(viaExit.failureMessage()).startsWith("the handler 'handler' raised SystemExit: leaving");
        assertThat(firstLine(viaExit.failureMessage())).isEqualTo(firstLine(viaSys.failureMessage()));
        assertThat(viaExit.details().get("ExceptionType")).isEqualTo(viaSys.details().get("ExceptionType"));
    }

    @Test
    void siteBuiltins_existAsInACPythonSession() {
        ScriptOutcome o = run("""
                import builtins
                def handler(e, c):
                    return [repr(exit), repr(quit), repr(help), 'Copyright' in repr(copyright), repr(license),
                            'python.org' in repr(credits), all(hasattr(builtins, n) for n in ('exit', 'quit', 'help'))]
                """);
        assertThat(o.payloadJson()).as(o.failureMessage()).isEqualTo("[\"Use exit() or Ctrl-D (i.e. EOF) to exit\","
                + "\"Use quit() or Ctrl-D (i.e. EOF) to exit\",\"Type help() for interactive help, or help(object) for help about object.\","
                + "true,\"See https://www.python.org/psf/license/\",true,true]");
    }

    @Test
    void nativeModule_refused_raisesImportErrorWithReason_andNeverPoisonsLaterLoads() {
        String source = """
                import _imp, importlib.machinery, importlib.util
                def attempt(f):
                    try:
                        f()
                        return 'loaded'
                    except BaseException as ex:
                        return [type(ex).__name__, str(ex)]
                def handler(e, c):
                    loader = importlib.machinery.ExtensionFileLoader('libc', '/lib/x86_64-linux-gnu/libc.so.6')
                    return [attempt(lambda: importlib.util.module_from_spec(importlib.util.spec_from_loader('libc', loader))),
                            attempt(lambda: __import__('_testcapi')), attempt(lambda: __import__('_sqlite3')),
                            attempt(lambda: __import__('sqlite3')), attempt(lambda: __import__('termios')),
                            attempt(lambda: __import__('ctypes')),
                            attempt(lambda: _imp.create_builtin(importlib.machinery.ModuleSpec('_ctypes', None)))]
                """;
        for (int context = 0; context < 2; context++) {
            ScriptOutcome o = run(source);
            assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
            assertThat(o.payloadJson()).doesNotContain("loaded").doesNotContain("SystemError").doesNotContain("second GraalPy context")
                    .contains("[\"ImportError\",\"libc is a native extension module (/lib/x86_64-linux-gnu/libc.so.6), and the sandbox runs no native code\"]")
                    .contains("[\"ImportError\",\"_testcapi")
                    .contains("[\"ImportError\",\"_sqlite3 (sqlite3) is native code in GraalPy, and the sandbox runs no native code\"]");
            assertThat(o.payloadJson().split("ctypes calls native code", -1)).as("ctypes refused twice").hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "imp       | use importlib",
            "distutils | use setuptools",
            "asyncore  | use asyncio",
            "asynchat  | use asyncio",
            "smtpd     | use the aiosmtpd package",
    })
    void removedIn312_raisesModuleNotFoundError_sayingWhatToUse(String module, String instead) {
        assertThat(caught("", "import " + module)).startsWith("[\"ModuleNotFoundError\",false,\"No module named '" + module + "': "
                + module + " was removed in Python 3.12; " + instead);
    }

    @Test
    void crypt_raisesImportErrorWithReason() {
        assertThat(caught("", "import crypt")).startsWith("[\"ImportError\",false,\"crypt needs the host's crypt(3)");
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
