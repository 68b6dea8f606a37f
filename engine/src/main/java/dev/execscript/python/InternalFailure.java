package dev.execscript.python;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain words for a failure that GraalPy raised as a Java exception instead of a Python one (no
 * {@code except} in the script could catch it). The sandbox guards (sandbox_guards.py) turn the known ones
 * into Python exceptions first; what still gets here must reach the user without Java class names.
 */
final class InternalFailure {

    /** "pkg.Class$Inner: detail" or "pkg.Class" as a polyglot exception's message gives a host throwable. */
    private static final Pattern JAVA_THROWABLE = Pattern.compile(
            "^((?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*))(?::\\s?(.*))?$", Pattern.DOTALL);
    private static final Pattern EXCLUDED = Pattern.compile("^(\\w+) was excluded$");
    private static final Pattern NOT_SUPPORTED = Pattern.compile("^Feature not supported on '\\w+' POSIX backend: (\\w+)$");
    /** Text that names Java or GraalVM internals and so must not be shown. */
    private static final Pattern INTERNAL_NAMES = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com\\.oracle|org\\.graalvm)\\.[\\w.$]+|\\b\\w+(?:Factory|NodeGen|Exception)\\b");
    /** GraalVM refusing a tool (an instrument such as the CPU sampler behind cProfile) in a sandboxed context. */
    private static final Pattern INSTRUMENT_REFUSED = Pattern.compile("The instrument (\\w+) can only be used up to the \\w+ sandbox policy");
    static final String GENERIC = "an internal error of the Python runtime (GraalPy) stopped the script; "
            + "it was most likely calling one of GraalPy's internals with arguments it does not handle";

    private InternalFailure() {
    }

    static String describe(String polyglotMessage) {
        if (polyglotMessage == null || polyglotMessage.isBlank() || polyglotMessage.equals("null")) {
            return GENERIC;
        }
        Matcher m = JAVA_THROWABLE.matcher(polyglotMessage.strip());
        if (!m.matches()) {
            return INTERNAL_NAMES.matcher(polyglotMessage).find() ? GENERIC : polyglotMessage.strip();
        }
        String simpleName = m.group(2);
        String detail = m.group(3) == null ? "" : m.group(3).strip();
        String clean = INTERNAL_NAMES.matcher(detail).find() ? "" : detail;
        if (simpleName.endsWith("UnsupportedPosixFeatureException")) {
            Matcher excluded = EXCLUDED.matcher(detail);
            Matcher unsupported = NOT_SUPPORTED.matcher(detail);
            String feature = excluded.matches() ? excluded.group(1) : unsupported.matches() ? unsupported.group(1) : null;
            return feature == null
                    ? "the script used an operating-system feature the sandbox does not provide"
                    : "the script called '" + feature + "', which the sandbox does not provide (no network, processes or host "
                            + "system calls)";
        }
        if (simpleName.equals("SecurityException")) {
            String path = detail.startsWith("Operation is not allowed for:") ? detail.substring(29).strip() : "";
            return "the sandbox refused a file system operation on " + (path.isEmpty() ? "the working directory" : "'" + path + "'");
        }
        Matcher instrument = INSTRUMENT_REFUSED.matcher(detail);
        if (instrument.find()) {
            return "the script started GraalVM's '" + instrument.group(1) + "' tool (as profilers such as cProfile do), which "
                    + "the sandbox does not allow";
        }
        if (simpleName.equals("IllegalStateException") && detail.startsWith("Creating threads is not allowed")) {
            return "creating a thread is not allowed: the sandbox policy does not allow threads (policy allowThreads)";
        }
        return clean.isEmpty() || simpleName.equals("NullPointerException") ? GENERIC : GENERIC + " (" + clean + ")";
    }
}
