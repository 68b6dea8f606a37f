package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InternalFailureTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "com.oracle.graal.python.runtime.PosixSupportLibrary$UnsupportedPosixFeatureException: socket was excluded"
                    + " | the script called 'socket', which the sandbox does not provide (no network, processes or host system calls)",
            "com.oracle.graal.python.runtime.PosixSupportLibrary$UnsupportedPosixFeatureException: Feature not supported on 'java' POSIX backend: crypt"
                    + " | the script called 'crypt', which the sandbox does not provide (no network, processes or host system calls)",
            "java.lang.SecurityException: Operation is not allowed for: /etc/passwd | the sandbox refused a file system operation on '/etc/passwd'",
            "'java.lang.SecurityException: Operation is not allowed for: ' | the sandbox refused a file system operation on the working directory",
            "java.lang.IllegalStateException: Creating threads is not allowed. "
                    + "| creating a thread is not allowed: the sandbox policy does not allow threads (policy allowThreads)",
    })
    void describe_knownRefusal_inPlainWords(String message, String expected) {
        assertThat(InternalFailure.describe(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "com.oracle.truffle.api.dsl.UnsupportedSpecializationException: Unexpected values provided for "
                    + "GraalPythonModuleBuiltinsFactory.BuiltinNodeFactory.BuiltinNodeGen@10b5295d: [None], [PNone]",
            "java.lang.NullPointerException: Cannot invoke \"com.oracle.graal.python.X.getCurrentRSS()\"",
            "com.oracle.graal.python.nodes.util.CannotCastException",
            "null",
            "''",
            "something failed in com.oracle.truffle.api.Foo",
    })
    void describe_otherInternalError_namesNoJavaClass(String message) {
        assertThat(InternalFailure.describe(message)).startsWith(InternalFailure.GENERIC)
                .doesNotContain("java.").doesNotContain("com.oracle").doesNotContain("Exception").doesNotContain("Factory");
    }

    @Test
    void describe_javaThrowableWithPlainDetail_keepsTheDetail() {
        assertThat(InternalFailure.describe("java.lang.ArithmeticException: / by zero")).isEqualTo(InternalFailure.GENERIC + " (/ by zero)");
    }

    @Test
    void describe_plainMessage_isKept() {
        assertThat(InternalFailure.describe("Context execution was cancelled.")).isEqualTo("Context execution was cancelled.");
    }
}
