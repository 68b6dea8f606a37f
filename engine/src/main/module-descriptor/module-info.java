/**
 * execscript's engine: runs AWS Systems Manager Automation {@code aws:executeScript} steps and whole runbooks in
 * sandboxed GraalPy contexts, {@code pwsh} or worker processes.
 * <p>
 * What an embedder uses is exported: {@link dev.execscript.embed.ExecScript} and the runbook and step it runs
 * ({@code embed}); what a run returns ({@code runtime}: a script's outcome, statuses, failure types;
 * {@code execution}: a runbook's execution and its steps); declared AWS answers and recorded calls ({@code aws});
 * the input error ({@code document}); runbook tests ({@code runbooktest}). The policy comes from
 * {@code dev.execscript.policy}. Everything else (the document model, the runner, GraalPy, PowerShell, workers,
 * the payload encoder, the CLI) is internal.
 */
module dev.execscript.engine {
    requires transitive dev.execscript.policy;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.core;
    requires org.graalvm.polyglot;
    requires info.picocli;
    requires json.path;
    // json-path is an automatic module: it cannot declare the slf4j it logs through, so the engine resolves it.
    requires org.slf4j;
    requires java.net.http;
    requires java.xml;
    requires java.management;
    requires jdk.management;
    requires jdk.security.auth;
    // RunbookDynamicTests: JUnit comes from the tests' own class or module path.
    requires static org.junit.jupiter.api;

    exports dev.execscript.embed;
    exports dev.execscript.runtime;
    exports dev.execscript.execution;
    exports dev.execscript.aws;
    exports dev.execscript.document;
    exports dev.execscript.runbooktest;

    // picocli reads the command classes' annotated fields.
    opens dev.execscript.cli to info.picocli;
}
