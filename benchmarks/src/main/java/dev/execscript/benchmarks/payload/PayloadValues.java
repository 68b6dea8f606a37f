package dev.execscript.benchmarks.payload;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** Builds benchmark return values inside a GraalPy context (see payload_values.py for the shapes). */
public final class PayloadValues {

    private final Value build;
    private final Value compactDumps;

    public PayloadValues(Context context) {
        context.eval(Source.create("python", GuestSources.read("payload_values.py")));
        Value bindings = context.getBindings("python");
        this.build = bindings.getMember("build");
        this.compactDumps = bindings.getMember("compact_dumps");
    }

    public Value build(String shape, int targetBytes) {
        return build.execute(shape, targetBytes);
    }

    /** The value as compact JSON, whole (no limits): the reference for size and for the Jackson tree. */
    public String compactJson(Value value) {
        return compactDumps.execute(value).asString();
    }

    /** "1KB", "99KB", "100MB" to bytes (binary units: 100KB is the 102,400-byte AWS limit). */
    public static int parseSize(String size) {
        String s = size.trim().toUpperCase(java.util.Locale.ROOT);
        if (s.endsWith("MB")) {
            return Integer.parseInt(s.substring(0, s.length() - 2)) << 20;
        }
        if (s.endsWith("KB")) {
            return Integer.parseInt(s.substring(0, s.length() - 2)) << 10;
        }
        return Integer.parseInt(s.endsWith("B") ? s.substring(0, s.length() - 1) : s);
    }
}
