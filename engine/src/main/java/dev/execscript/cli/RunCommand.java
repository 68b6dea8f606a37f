package dev.execscript.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.Runbook;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.PolicyException;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import dev.execscript.spec.ParameterBinder;
import dev.execscript.text.TerminalText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code execscript run DOC...}: runs documents and prints their executions as AWS shows them. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs every aws:executeScript step of the Automation documents (schemaVersion 0.3, YAML or JSON).",
            "Prints the execution as 'aws ssm get-automation-execution' does: one JSON document, or one per line for several DOCs.",
            "What scripts print goes to stderr, each line prefixed with [StepName]."})
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DOC", description = "Automation documents to run, in order, in one JVM.")
    List<Path> documents;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter value (repeatable). "
            + "StringList: a,b or [\"a\",\"b\"]; StringMap/MapList: JSON.")
    List<String> params = new ArrayList<>();

    @Option(names = "--params-file", paramLabel = "FILE", description = "A JSON or YAML map of parameter values; --param wins.")
    Path paramsFile;

    @Mixin
    AccountOptions accountOptions = new AccountOptions();

    @Option(names = "--attachments", paramLabel = "DIR", description = "Where attachments (files) are found; default: each document's directory.")
    Path attachments;

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Option(names = "--pwsh", paramLabel = "PATH", description = "The pwsh executable for PowerShell steps; default: pwsh on PATH.")
    Path pwsh;

    @Option(names = "--strict-runtimes", description = "Refuse (exit 2) a step whose Runtime AWS no longer runs or "
            + "does not list (python3.6-3.9, python3.12, PowerShell Core 6.0, 7.0, 7.2) instead of noting it on stderr.")
    boolean strictRuntimes;

    @Option(names = "--aws-responses", paramLabel = "FILE", description = "What AWS answers the scripts' calls (YAML or JSON: "
            + "service:Operation to a list of answers). Without it and --aws-endpoint, every AWS call fails its step; none leaves the machine.")
    Path awsResponses;

    @Option(names = "--aws-endpoint", paramLabel = "URL", description = "Send the scripts' AWS calls to this endpoint "
            + "(e.g. LocalStack's http://127.0.0.1:4566) and nowhere else; policy awsEndpoint.")
    String awsEndpoint;

    @Option(names = "--isolation", paramLabel = "MODE", description = "How steps are isolated: fresh (default: a new "
            + "sandboxed context per step), reuse, or process (a worker process per run, killed when it overstays, memory "
            + "capped at maxMemory, confined by the OS where possible; see execscript --show-isolation), or process-reuse (reuse inside worker processes).")
    String isolation;

    @Option(names = "--step", paramLabel = "NAME", description = "Run only this step, with --payload as its InputPayload.")
    String step;

    @Option(names = "--payload", paramLabel = "JSON", description = "The InputPayload for --step (a JSON object).")
    String payload;

    private final PrintStream out;
    private final TerminalWriter err;

    RunCommand(PrintStream out, TerminalWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws DocumentException {
        ScriptPolicy policy = policy();
        List<Prepared> runs = prepare();
        AwsResponses responses = awsResponses == null ? AwsResponses.none() : AwsResponses.load(awsResponses, policy.pythonPath());
        if (awsResponses != null && policy.awsEndpoint().isPresent()) {
            throw DocumentException.usage("give --aws-responses or --aws-endpoint (policy awsEndpoint), not both: calls are "
                    + "answered by the file or sent to the endpoint");
        }
        boolean allSucceeded = true;
        try (ExecScript engine = engine(policy, runs.size() > 1, responses)) {
            JitNotice.printIfMissing(engine, err);
            if (runs.size() > 1) {
                // A bad attachment in a later document stops the batch before the first document runs
                // (one document's run checks its own attachments first).
                for (Prepared p : runs) {
                    engine.check(p.runbook(), p.parameters());
                }
            }
            for (Prepared p : runs) {
                if (!policy.strictRuntimes()) {
                    p.runbook().runtimeNotes().forEach(note -> err.message("execscript: " + note));
                }
                AutomationExecution execution = engine.run(p.runbook(), p.parameters());
                out.println(runs.size() == 1 ? execution.toJson() : execution.toJsonLine());
                out.flush();
                allSucceeded &= execution.status() == StepStatus.Success;
            }
        }
        return allSucceeded ? 0 : 1;
    }

    /**
     * With several documents, contexts are prepared in the background while steps run; one short
     * document would only pay for the pool's start-up on 2 cores.
     */
    private ExecScript engine(ScriptPolicy policy, boolean prepareContexts, AwsResponses responses) {
        ExecScript.Builder builder = ExecScript.builder()
                .policy(policy)
                .account(accountOptions.account)
                .region(accountOptions.region)
                .outputListener(err::scriptLine)
                .awsResponses(responses)
                .awsCallListener((stepName, call) -> err.message("[" + stepName + "] " + call.key() + " -> " + call.answer()))
                .prepareContexts(prepareContexts);
        if (attachments != null) {
            builder.attachments(attachments);
        }
        return builder.build();
    }

    private ScriptPolicy policy() throws DocumentException {
        ScriptPolicy policy = policyOptions.policy();
        if (strictRuntimes) {
            policy = policy.toBuilder().strictRuntimes(true).build();
        }
        try {
            if (awsEndpoint != null) {
                policy = policy.toBuilder().awsEndpoint(java.net.URI.create(awsEndpoint.strip().replace(" ", "%20"))).build();
            }
        } catch (PolicyException e) {
            throw DocumentException.usage("--aws-endpoint: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DocumentException.usage("--aws-endpoint " + awsEndpoint + ": not a URL such as http://127.0.0.1:4566");
        }
        if (isolation != null) {
            policy = policy.toBuilder().isolation(switch (isolation.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "fresh" -> Isolation.FRESH;
                case "reuse" -> Isolation.REUSE;
                case "process" -> Isolation.PROCESS;
                case "process-reuse" -> Isolation.PROCESS_REUSE;
                default -> throw DocumentException.usage("--isolation " + TerminalText.escape(isolation)
                        + ": expected fresh, reuse, process or process-reuse");
            }).build();
        }
        return pwsh == null ? policy : policy.toBuilder().pwshPath(pwsh).build();
    }

    /** A document to run and the parameter values given for it (checked, not yet coerced). */
    private record Prepared(Runbook runbook, Map<String, JsonNode> parameters) {
    }

    /** Parses and validates every document and its parameters before the engine starts. */
    private List<Prepared> prepare() throws DocumentException {
        if (payload != null && step == null) {
            throw DocumentException.usage("--payload needs --step NAME");
        }
        if (step != null && documents.size() != 1) {
            throw DocumentException.usage("--step runs one step of one document; " + documents.size() + " documents were given");
        }
        Map<String, JsonNode> given = new LinkedHashMap<>();
        if (paramsFile != null) {
            given.putAll(ParameterBinder.readParamsFile(paramsFile));
        }
        for (String assignment : params) {
            Map.Entry<String, String> e = ParameterBinder.parseAssignment(assignment);
            given.put(e.getKey(), JsonNodeFactory.instance.textNode(e.getValue()));
        }
        List<Prepared> prepared = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (Path path : documents) {
            Runbook loaded = Runbook.load(path);
            Runbook runbook = step != null ? singleStep(loaded) : loaded;
            Map<String, JsonNode> mine = new LinkedHashMap<>();
            // With several documents a value goes to each document that declares it.
            given.forEach((k, v) -> {
                if (documents.size() == 1 || runbook.parameterNames().contains(k)) {
                    mine.put(k, v);
                    used.add(k);
                }
            });
            // A single step runs with --payload instead of parameters; values given for it are ignored.
            Map<String, JsonNode> values = step != null ? Map.of() : mine;
            runbook.bindParameters(values);
            prepared.add(new Prepared(runbook, values));
        }
        for (String name : given.keySet()) {
            if (!used.contains(name)) {
                throw DocumentException.usage("--param " + name + ": no document declares this parameter");
            }
        }
        return prepared;
    }

    /** The document reduced to one step whose InputPayload is --payload (for quick iteration). */
    private Runbook singleStep(Runbook runbook) throws DocumentException {
        if (!runbook.stepNames().contains(step)) {
            throw DocumentException.usage("--step " + step + ": " + runbook.path() + " has no such step; steps: "
                    + String.join(", ", runbook.stepNames()));
        }
        JsonNode input = JsonNodeFactory.instance.objectNode();
        if (payload != null) {
            input = JsonText.parseOrNull(payload);
            if (input == null || !input.isObject()) {
                throw DocumentException.usage("--payload must be a JSON object, e.g. '{\"name\": \"x\"}'");
            }
        }
        return runbook.withOnlyStep(step, input);
    }
}
