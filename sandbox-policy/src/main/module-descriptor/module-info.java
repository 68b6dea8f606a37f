/**
 * What a script may do and use: {@link dev.execscript.policy.ScriptPolicy} and its parts. No GraalVM types.
 * {@code dev.execscript.text} (located YAML, input limits, excerpts safe for a terminal) is shared with the
 * engine only.
 */
module dev.execscript.policy {
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;

    exports dev.execscript.policy;
    exports dev.execscript.text to dev.execscript.engine;
}
