package dev.execscript.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.benchmarks.payload.PayloadValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns the JMH JSON files of one {@code benchmarks/run} ({@code jmh-*.json}), {@code environment.json} and
 * {@code cold-start.json} (written by {@code benchmarks/cold-start}) into {@code summary.md}, {@code summary.json}
 * and PNG charts in the same directory.
 * Usage: {@code SummaryRenderer RESULTS_DIR [quick|full]}.
 */
public final class SummaryRenderer {

    private static final String PAYLOAD = "PayloadEncodingBenchmark";
    private static final String INVOCATION = "InvocationBenchmark";
    private static final String PEERS = "CpythonPeerBenchmark";
    private static final String AWS_STEP = "AwsCallBenchmark";
    private static final String AWS_REUSE = "AwsReuseBenchmark";
    private static final String PACED = "PacedFreshBenchmark";
    private static final String PROCESS = "ProcessIsolationBenchmark";
    private static final List<String> STRATEGIES = List.of("engineEncoder", "javaEncoder", "guestJsonDumps", "hybrid", "jacksonBaseline");
    /** The sizes the payload target (at most 2x Jackson) covers. */
    private static final List<String> TARGET_SIZES = List.of("1KB", "10KB", "99KB", "100KB");

    private final Path dir;
    private final String runMode;
    private final List<JmhResult> results;
    private final JsonNode environment;
    /** The CLI's cold start, from {@code benchmarks/cold-start}; empty when it was not run. */
    private final JsonNode coldStart;
    /** CPython's in-process call of each handler, timed inside python3 ({@code CpythonInProcessPeer}); empty when not run. */
    private final JsonNode cpythonInProcess;
    /** 50 runbook test cases in one {@code execscript test} against separate runs, from {@code benchmarks/runbook-tests}. */
    private final JsonNode runbookTests;
    /** The next run after a worker is killed, from {@code WorkerReplacementProbe}; empty when not run. */
    private final JsonNode workerReplacement;
    /** How a REUSE context reaches its steady state on an AWS step, from {@code AwsReuseWarmupProbe}; empty when not run. */
    private final JsonNode awsReuseWarmup;
    /** /proc/loadavg when the run started ({@code benchmarks/run} writes it) and now, at its end. */
    private final String loadAtStart;
    private final String loadAtEnd;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryRenderer(Path dir, String runMode) throws IOException {
        this.dir = dir;
        this.runMode = runMode;
        this.results = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "jmh-*.json")) {
            for (Path file : files) {
                for (JsonNode row : json.readTree(file.toFile())) {
                    results.add(JmhResult.of(row));
                }
            }
        }
        Path env = dir.resolve("environment.json");
        this.environment = Files.exists(env) ? json.readTree(env.toFile()) : json.createObjectNode();
        Path cold = dir.resolve("cold-start.json");
        this.coldStart = Files.exists(cold) ? json.readTree(cold.toFile()) : json.createObjectNode();
        Path inProcess = dir.resolve("cpython-inprocess.json");
        this.cpythonInProcess = Files.exists(inProcess) ? json.readTree(inProcess.toFile()) : json.createObjectNode();
        Path runbookTestsFile = dir.resolve("runbook-tests.json");
        this.runbookTests = Files.exists(runbookTestsFile) ? json.readTree(runbookTestsFile.toFile()) : json.createObjectNode();
        Path replacement = dir.resolve("worker-replacement.json");
        this.workerReplacement = Files.exists(replacement) ? json.readTree(replacement.toFile()) : json.createObjectNode();
        Path warmup = dir.resolve("aws-reuse-warmup.json");
        this.awsReuseWarmup = Files.exists(warmup) ? json.readTree(warmup.toFile()) : json.createObjectNode();
        this.loadAtStart = readLoad(dir.resolve("loadavg-start"));
        this.loadAtEnd = readLoad(Path.of("/proc/loadavg"));
    }

    /** The three load averages of a /proc/loadavg copy, or "?" when it is missing. */
    private static String readLoad(Path file) {
        try {
            String[] f = Files.readString(file).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        SummaryRenderer renderer = new SummaryRenderer(dir, args.length > 1 ? args[1] : "unknown");
        if (renderer.results.isEmpty() && renderer.coldStart.isEmpty() && renderer.runbookTests.isEmpty()) {
            System.err.println("no jmh-*.json, cold-start.json or runbook-tests.json results in " + dir + "; run benchmarks/run first");
            System.exit(1);
        }
        renderer.render();
    }

    private void render() throws IOException {
        ObjectNode summary = headlineFigures();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark summary\n\n");
        md.append("Run mode: `").append(runMode).append("`. Engine implementation: **")
                .append(environment.path("engine_implementation").asText("unknown")).append("** (JIT ")
                .append(environment.path("jit").asBoolean() ? "on" : "OFF: numbers are interpreter numbers").append("). Java ")
                .append(environment.path("java_version").asText("?")).append(", ").append(environment.path("cores").asText("?"))
                .append(" cores, ").append(environment.path("python3").asText("no python3")).append(".\n\n");
        md.append("Load average (1, 5, 15 min) at the start: ").append(loadAtStart).append("; at the end: ").append(loadAtEnd)
                .append(" (2 cores: a load above 2 means other work shared the cores and stretched every figure).\n\n");
        md.append("Times are medians (p50) of sampled single calls, in microseconds; see `jmh-*.json` for all percentiles.\n\n");
        targetsSection(md, summary);
        md.append("## Headline ratios\n\n| Figure | Value | Meaning |\n|---|---|---|\n");
        headlineRow(md, summary, "warm_speedup_vs_cpython_process", "CPython process per call / GraalPy warm context (trivial handler, 1 thread)");
        headlineRow(md, summary, "warm_speedup_vs_cpython_worker", "CPython warm worker / GraalPy warm context (trivial handler, 1 thread)");
        headlineRow(md, summary, "fresh_speedup_vs_cpython_process", "CPython process per call / GraalPy FRESH run from the pool, "
                + "calls paced at " + summary.path("fresh_paced_rate").asText("?") + "/s (trivial handler, no warm-up imports)");
        headlineRow(md, summary, "fresh_runs_per_second", "FRESH runs per second kept in that paced run (the pace is the most it can show)");
        headlineRow(md, summary, "fresh_saturated_runs_per_second_2_threads", "FRESH runs per second called back to back from 2 threads "
                + "(the pool drained: context creation's rate)");
        headlineRow(md, summary, "truncate_100mb_over_100kb", "the engine's encoder time at 100 MB / at 100 KB (flat dict); about 1 means truncation is flat");
        headlineRow(md, summary, "encode_100kb_over_jackson", "the engine's encoder / Jackson on an equal Java tree, 100 KB flat dict");
        headlineRow(md, summary, "walker_encode_100kb_over_jackson", "the Java walker alone (the encoder before the guest fast path) / Jackson, 100 KB flat dict");
        headlineRow(md, summary, "warm_over_graalpy_floor", "GraalPy warm context / plain GraalPy without sandbox and limits, "
                + "handler called on the caller's thread (trivial handler, 1 thread): what the sandbox and limits cost");
        headlineRow(md, summary, "warm_over_cpython_inprocess", "GraalPy warm context / CPython calling the handler in-process, "
                + "json.loads and json.dumps included, timed inside python3 (trivial handler)");
        headlineRow(md, summary, "cold_start_median_s", "`./execscript run examples/hello.yaml`, whole process, median s (target "
                + coldStart.path("target_s").asText("1.0") + " s: " + metOrMissed(coldStart.path("target_met")) + ")");
        headlineRow(md, summary, "cold_start_over_python3", "that cold run / python3 running the same handler in its own process, "
                + "measured in the same run");
        headlineRow(md, summary, "cold_start_per_further_document_s", "each further document of a batch in the same run, s (target "
                + coldStart.path("batch_target_s").asText("0.5") + " s: " + metOrMissed(coldStart.path("batch_target_met")) + ")");
        md.append('\n');
        coldStartSection(md);
        runbookTestsSection(md);
        awsSection(md, summary);
        payloadSection(md);
        invocationSection(md);
        pacedSection(md);
        processSection(md, summary);
        Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
        json.writeValue(dir.resolve("summary.json").toFile(), summary);
        System.out.println("wrote " + dir.resolve("summary.md") + ", summary.json and charts");
        System.out.print(md);
    }

    // ---- summary.json

    private ObjectNode headlineFigures() {
        ObjectNode s = json.createObjectNode();
        s.put("run_mode", runMode);
        s.put("engine_implementation", environment.path("engine_implementation").asText("unknown"));
        s.put("jit", environment.path("jit").asBoolean(false));
        Optional<Double> warm = latency(INVOCATION, "warm", "trivial", 1);
        Optional<Double> fresh = latency(INVOCATION, "fresh", "trivial", 1);
        Optional<Double> process = peerLatency("process", "trivial", 1);
        Optional<Double> worker = peerLatency("worker", "trivial", 1);
        putRatio(s, "warm_speedup_vs_cpython_process", process, warm);
        putRatio(s, "warm_speedup_vs_cpython_worker", worker, warm);
        Optional<JmhResult> paced = pacedRun("trivial", "none");
        putRatio(s, "fresh_speedup_vs_cpython_process", process, paced.map(JmhResult::p50Micros));
        putNumber(s, "fresh_runs_per_second", paced.map(JmhResult::callsPerSecond));
        putNumber(s, "fresh_paced_rate", paced.map(r -> Double.parseDouble(r.param("rate"))));
        putNumber(s, "fresh_saturated_runs_per_second_1_thread", fresh.map(us -> 1e6 / us));
        putRatio(s, "truncate_100mb_over_100kb", payload("engineEncoder", "flat_dict", "100MB"), payload("engineEncoder", "flat_dict", "100KB"));
        putRatio(s, "encode_100kb_over_jackson", payload("engineEncoder", "flat_dict", "100KB"), payload("jacksonBaseline", "flat_dict", "100KB"));
        putRatio(s, "walker_encode_100kb_over_jackson", payload("javaEncoder", "flat_dict", "100KB"),
                payload("jacksonBaseline", "flat_dict", "100KB"));
        ObjectNode perShape = s.putObject("encode_over_jackson");
        Optional<Double> worst = Optional.empty();
        for (String shape : distinct(select(r -> r.benchmarkClass().equals(PAYLOAD)), r -> r.param("shape"))) {
            ObjectNode bySize = perShape.putObject(shape);
            for (String size : TARGET_SIZES) {
                Optional<Double> ratio = payload("engineEncoder", shape, size)
                        .flatMap(t -> payload("jacksonBaseline", shape, size).map(j -> t / j));
                if (ratio.isPresent()) {
                    putNumber(bySize, size, ratio);
                    worst = Optional.of(Math.max(worst.orElse(0.0), ratio.get()));
                }
            }
        }
        putNumber(s, "encode_over_jackson_worst_1kb_to_100kb", worst);
        Optional<Double> floor = latency(INVOCATION, "floor", "trivial", 1);
        putRatio(s, "warm_over_graalpy_floor", warm, floor);
        putNumber(s, "graalpy_floor_p50_us", floor);
        Optional<Double> inProcess = number(cpythonInProcess.path("trivial").path("p50_us"));
        putNumber(s, "cpython_inprocess_p50_us", inProcess);
        putRatio(s, "warm_over_cpython_inprocess", warm, inProcess);
        putNumber(s, "warm_p50_us_1_thread", warm);
        putNumber(s, "warm_p99_us_1_thread", percentile99(INVOCATION, "warm", "trivial", 1));
        putNumber(s, "warm_p50_us_2_threads", latency(INVOCATION, "warm", "trivial", 2));
        putNumber(s, "warm_p99_us_2_threads", percentile99(INVOCATION, "warm", "trivial", 2));
        ObjectNode cpu = s.putObject("cpu_bound_handler");
        Optional<Double> warmCpu = latency(INVOCATION, "warm", "cpu_bound", 1);
        putRatio(cpu, "warm_speedup_vs_cpython_process", peerLatency("process", "cpu_bound", 1), warmCpu);
        putRatio(cpu, "warm_speedup_vs_cpython_worker", peerLatency("worker", "cpu_bound", 1), warmCpu);
        putRatio(cpu, "fresh_speedup_vs_cpython_process", peerLatency("process", "cpu_bound", 1),
                pacedRun("cpu_bound", "none").map(JmhResult::p50Micros));
        // Two threads: each thread's p50; two calls run at once, so throughput is 2 / p50.
        putNumber(s, "fresh_saturated_runs_per_second_2_threads", latency(INVOCATION, "fresh", "trivial", 2).map(us -> 2e6 / us));
        // Issue 13: a step that imports boto3, makes a client and one answered call.
        Optional<Double> awsCpython = aws(AWS_STEP, "mode", "cpython_process");
        putNumber(s, "aws_cpython_process_ms", awsCpython.map(us -> us / 1e3));
        putNumber(s, "aws_pooled_fresh_ms", aws(AWS_STEP, "mode", "pooled").map(us -> us / 1e3));
        putNumber(s, "aws_on_demand_fresh_ms", aws(AWS_STEP, "mode", "on_demand").map(us -> us / 1e3));
        putRatio(s, "aws_pooled_fresh_over_cpython_process", aws(AWS_STEP, "mode", "pooled"), awsCpython);
        putRatio(s, "aws_on_demand_fresh_over_cpython_process", aws(AWS_STEP, "mode", "on_demand"), awsCpython);
        for (String at : List.of("handler", "module")) {
            Optional<Double> reuse = awsReuse("execscript_reuse", at);
            putNumber(s, "aws_reuse_p50_ms_client_in_" + at, reuse.map(us -> us / 1e3));
            putNumber(s, "aws_cpython_worker_p50_ms_client_in_" + at, awsReuse("cpython_worker", at).map(us -> us / 1e3));
            putRatio(s, "aws_reuse_over_cpython_worker_client_in_" + at, reuse, awsReuse("cpython_worker", at));
        }
        putNumber(s, "aws_reuse_first_100_calls_p50_ms", number(awsReuseWarmup.path("first_window_p50_ms")));
        putNumber(s, "aws_reuse_all_calls_from_the_start_p50_ms", number(awsReuseWarmup.path("all_calls_p50_ms")));
        putNumber(s, "aws_reuse_seconds_until_p50_within_5ms", number(awsReuseWarmup.path("seconds_until_p50_within_target")));
        putNumber(s, "aws_reuse_calls_until_p50_within_5ms", number(awsReuseWarmup.path("calls_until_p50_within_target")));
        // Issue 17: process isolation next to the in-process modes.
        // The target's "warm pool": paced slowly enough that a worker's next context is ready; 20/s is near what 2 cores create.
        Optional<Double> processRun = processLatency("trivialRun", "process", "5");
        Optional<Double> freshRun = processLatency("trivialRun", "fresh", "5");
        putNumber(s, "process_paced_p50_us", processRun);
        putNumber(s, "process_bench_fresh_paced_p50_us", freshRun);
        putRatio(s, "process_over_fresh_p50", processRun, freshRun);
        Optional<Double> processRunFast = processLatency("trivialRun", "process", "20");
        Optional<Double> freshRunFast = processLatency("trivialRun", "fresh", "20");
        putNumber(s, "process_paced_20_p50_us", processRunFast);
        putNumber(s, "process_bench_fresh_paced_20_p50_us", freshRunFast);
        putRatio(s, "process_over_fresh_p50_at_20", processRunFast, freshRunFast);
        Optional<Double> workerReuse = processLatency("reusedCall", "process_reuse", null);
        Optional<Double> inProcessReuse = processLatency("reusedCall", "reuse", null);
        putNumber(s, "process_reuse_p50_us", workerReuse);
        putNumber(s, "process_bench_reuse_p50_us", inProcessReuse);
        putRatio(s, "process_reuse_over_reuse_p50", workerReuse, inProcessReuse);
        putNumber(s, "worker_replacement_next_run_s", number(workerReplacement.path("pool_size_2").path("next_run_median_s")));
        putNumber(s, "worker_replacement_next_run_s_pool_1", number(workerReplacement.path("pool_size_1").path("next_run_median_s")));
        s.put("load_average_start", loadAtStart);
        s.put("load_average_end", loadAtEnd);
        Optional<Double> cold = number(coldStart.path("execscript").path("median_s"));
        putNumber(s, "cold_start_median_s", cold);
        putRatio(s, "cold_start_over_python3", cold, number(coldStart.path("python3").path("median_s")));
        putNumber(s, "cold_start_per_further_document_s", number(coldStart.path("batch").path("per_further_document_s")));
        putNumber(s, "cold_start_target_s", number(coldStart.path("target_s")));
        putNumber(s, "runbook_tests_cases", number(runbookTests.path("cases")));
        putNumber(s, "runbook_tests_one_process_s", number(runbookTests.path("testOneProcessSeconds")));
        putNumber(s, "runbook_tests_separate_runs_s", number(runbookTests.path("separateRunsSequentialSeconds")));
        putNumber(s, "runbook_tests_separate_runs_two_at_a_time_s", number(runbookTests.path("separateRunsTwoAtATimeSeconds")));
        if (coldStart.path("target_met").isBoolean()) {
            s.put("cold_start_target_met", coldStart.path("target_met").asBoolean());
            s.put("cold_start_batch_target_met", coldStart.path("batch_target_met").asBoolean());
        }
        ArrayNode targets = s.putArray("targets");
        for (Target t : TARGETS) {
            ObjectNode row = targets.addObject();
            row.put("figure", t.figure());
            row.put("target", (t.atMost() ? "<= " : ">= ") + format(t.bound()));
            JsonNode v = s.path(t.figure());
            if (v.isNumber()) {
                row.put("value", v.asDouble());
                row.put("met", t.atMost() ? v.asDouble() <= t.bound() : v.asDouble() >= t.bound());
            } else {
                row.putNull("value");
                row.putNull("met");
            }
        }
        return s;
    }

    /** A figure of summary.json with its target (issue 16): at most or at least the bound. */
    private record Target(String figure, boolean atMost, double bound, String meaning) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("encode_over_jackson_worst_1kb_to_100kb", true, 2.0,
                    "the engine's encoder / Jackson, worst shape and size from 1 KB to 100 KB"),
            new Target("truncate_100mb_over_100kb", true, 1.5, "the engine's encoder at 100 MB / at 100 KB (flat dict)"),
            new Target("warm_p50_us_1_thread", true, 5, "REUSE call p50, 1 thread, µs (trivial handler)"),
            new Target("warm_p99_us_1_thread", true, 25, "REUSE call p99, 1 thread, µs"),
            new Target("warm_p99_us_2_threads", true, 100, "REUSE call p99, 2 threads on one engine, µs"),
            new Target("fresh_saturated_runs_per_second_2_threads", false, 60, "FRESH runs per second from 2 threads back to back"),
            new Target("cold_start_median_s", true, 1.0, "`./execscript run` of a one-step document, median s"),
            new Target("cold_start_per_further_document_s", true, 0.5, "each further document of a batch, s"),
            new Target("aws_pooled_fresh_over_cpython_process", true, 1.0,
                    "issue 13: FRESH step importing boto3 + client + one declared call, pooled with boto3 imported / CPython process"),
            new Target("aws_on_demand_fresh_over_cpython_process", true, 3.0, "issue 13: the same without a pool / CPython process"),
            new Target("aws_reuse_p50_ms_client_in_handler", true, 5, "issue 13: REUSE call after the first, ms (client made in the handler; steady state, after 60 s of calls)"),
            new Target("process_over_fresh_p50", true, 2.0,
                    "issue 17: PROCESS run from a warm pool / in-process FRESH from its pool, p50, paced 5/s, trivial handler"),
            new Target("process_reuse_p50_us", true, 100, "issue 17: a call in a reused context inside a worker (process-reuse), p50 µs"),
            new Target("worker_replacement_next_run_s", true, 1.0,
                    "issue 17: after a worker is killed, the next run is served within, s (median, pool of 2)"));

    private void targetsSection(StringBuilder md, ObjectNode summary) {
        md.append("## Targets (issues 13, 16 and 17)\n\n| Figure | Value | Target | Met |\n|---|---|---|---|\n");
        for (JsonNode row : summary.path("targets")) {
            String figure = row.path("figure").asText();
            String meaning = TARGETS.stream().filter(t -> t.figure().equals(figure)).findFirst().map(Target::meaning).orElse("");
            md.append("| `").append(figure).append("`: ").append(meaning).append(" | ")
                    .append(row.path("value").isNumber() ? format(row.path("value").asDouble()) : "not measured").append(" | ")
                    .append(row.path("target").asText()).append(" | ")
                    .append(row.path("met").isBoolean() ? (row.path("met").asBoolean() ? "met" : "**missed**") : "–").append(" |\n");
        }
        md.append('\n');
    }

    private Optional<Double> percentile99(String benchmarkClass, String mode, String handler, int threads) {
        return select(r -> r.benchmarkClass().equals(benchmarkClass) && r.param("mode").equals(mode) && r.param("handler").equals(handler)
                && r.threads() == threads).stream().findFirst().map(JmhResult::p99Micros);
    }

    private static Optional<Double> number(JsonNode node) {
        return node.isNumber() ? Optional.of(node.asDouble()) : Optional.empty();
    }

    private static String metOrMissed(JsonNode met) {
        return met.isBoolean() ? (met.asBoolean() ? "met" : "**missed**") : "not measured";
    }

    private static void putRatio(ObjectNode node, String name, Optional<Double> numerator, Optional<Double> denominator) {
        putNumber(node, name, numerator.flatMap(n -> denominator.map(d -> n / d)));
    }

    private static void putNumber(ObjectNode node, String name, Optional<Double> value) {
        if (value.isPresent()) {
            node.put(name, Math.round(value.get() * 1000) / 1000.0);
        } else {
            node.putNull(name);
        }
    }

    private static void headlineRow(StringBuilder md, ObjectNode s, String key, String meaning) {
        JsonNode v = s.path(key);
        md.append("| `").append(key).append("` | ").append(v.isNull() || v.isMissingNode() ? "not measured" : format(v.asDouble()))
                .append(" | ").append(meaning).append(" |\n");
    }

    // ---- cold start of the CLI

    private void coldStartSection(StringBuilder md) {
        md.append("## Cold start of the CLI\n\n");
        if (coldStart.isEmpty()) {
            md.append("Not run (`benchmarks/cold-start`).\n\n");
            return;
        }
        md.append("Whole processes, ").append(coldStart.path("runs").asText("?")).append(" runs each with ")
                .append(coldStart.path("tool").asText("?")).append(", ").append(coldStart.path("when").asText("?")).append(", ")
                .append(coldStart.path("cores").asText("?")).append(" cores, load average ")
                .append(coldStart.path("load_average_before").asText("?")).append(" before and ")
                .append(coldStart.path("load_average_after").asText("?")).append(" after (a busy machine stretches every figure; "
                        + "user+system CPU time is steadier). Seconds.\n\n");
        md.append("| command | median | min | max | stddev | user CPU | system CPU |\n|---|---|---|---|---|---|---|\n");
        coldStartRow(md, "`./execscript run examples/hello.yaml` (AOT cache)", coldStart.path("execscript"));
        coldStartRow(md, "the same, `EXECSCRIPT_AOT=off`", coldStart.path("execscript_no_aot"));
        coldStartRow(md, "a batch of " + coldStart.path("batch").path("documents").asText("?") + " documents in one run",
                coldStart.path("batch").path("whole_run"));
        coldStartRow(md, "`python3` calling the same handler, printing `json.dumps` of the result", coldStart.path("python3"));
        md.append('\n');
    }

    private static void coldStartRow(StringBuilder md, String what, JsonNode stats) {
        if (!stats.isObject()) {
            md.append("| ").append(what).append(" | not measured | | | | | |\n");
            return;
        }
        md.append("| ").append(what);
        for (String field : List.of("median_s", "min_s", "max_s", "stddev_s", "user_s", "system_s")) {
            JsonNode v = stats.path(field);
            md.append(" | ").append(v.isNumber() ? format(v.asDouble()) : "–");
        }
        md.append(" |\n");
    }

    // ---- scripts that call AWS (issue 13)

    private void awsSection(StringBuilder md, ObjectNode summary) {
        md.append("## Scripts that call AWS (issue 13)\n\n");
        if (select(r -> r.benchmarkClass().equals(AWS_STEP) || r.benchmarkClass().equals(AWS_REUSE)).isEmpty()) {
            md.append("Not run (part `aws`).\n\n");
            return;
        }
        md.append("A step that imports boto3, makes an SSM client and makes one call answered by a declared response. "
                + "A new step (`AwsCallBenchmark`, p50 of single shots in a JVM without the optimizing compiler, as the command "
                + "line runs), ms:\n\n| mode | p50 ms | / CPython process |\n|---|---|---|\n");
        for (String[] row : List.of(new String[] {"pooled", "aws_pooled_fresh_ms", "aws_pooled_fresh_over_cpython_process"},
                new String[] {"on_demand", "aws_on_demand_fresh_ms", "aws_on_demand_fresh_over_cpython_process"})) {
            md.append("| ").append(row[0]).append(" | ").append(figure(summary, row[1])).append(" | ").append(figure(summary, row[2]))
                    .append(" |\n");
        }
        md.append("| cpython_process | ").append(figure(summary, "aws_cpython_process_ms")).append(" | 1 |\n");
        md.append("\nA call of a REUSE context after the first (`AwsReuseBenchmark`, after 60 s of warm-up), against a warm "
                + "CPython process calling the same handler, p50 ms:\n\n| client made | execscript REUSE | CPython worker | ratio |\n"
                + "|---|---|---|---|\n");
        for (String at : List.of("handler", "module")) {
            md.append("| in the ").append(at).append(" | ").append(figure(summary, "aws_reuse_p50_ms_client_in_" + at))
                    .append(" | ").append(figure(summary, "aws_cpython_worker_p50_ms_client_in_" + at))
                    .append(" | ").append(figure(summary, "aws_reuse_over_cpython_worker_client_in_" + at)).append(" |\n");
        }
        if (!awsReuseWarmup.isEmpty()) {
            JsonNode settled = summary.path("aws_reuse_seconds_until_p50_within_5ms");
            md.append("\nThe way there (`AwsReuseWarmupProbe`, client in the handler, from the call after the first): p50 of "
                    + "all ").append(awsReuseWarmup.path("calls").asInt()).append(" calls from the start, warm-up included, ")
                    .append(figure(summary, "aws_reuse_all_calls_from_the_start_p50_ms"))
                    .append(" ms; p50 of the first 100 calls ").append(figure(summary, "aws_reuse_first_100_calls_p50_ms"))
                    .append(" ms; the p50 of every later window of 100 calls within 5 ms from ")
                    .append(settled.isNumber()
                            ? format(settled.asDouble()) + " s (" + summary.path("aws_reuse_calls_until_p50_within_5ms").asInt() + " calls)"
                            : "never, in " + awsReuseWarmup.path("calls").asInt() + " calls")
                    .append("; the last window's p50 ").append(format(awsReuseWarmup.path("last_window_p50_ms").asDouble(Double.NaN)))
                    .append(" ms.\n");
        }
        md.append('\n');
    }

    /** A figure of summary.json as the tables show it ("–" when it was not measured). */
    private static String figure(ObjectNode summary, String name) {
        return format(summary.path(name).asDouble(Double.NaN));
    }

    // ---- runbook tests at scale (issue 15)

    private void runbookTestsSection(StringBuilder md) {
        md.append("## Runbook tests at scale (issue 15)\n\n");
        if (runbookTests.isEmpty()) {
            md.append("Not run (`benchmarks/runbook-tests`).\n\n");
            return;
        }
        md.append("A test file of ").append(runbookTests.path("cases").asText("?")).append(" cases over a 3-step runbook whose "
                + "scripts call AWS (ssm:GetParameter, ec2:DescribeInstances, ec2:CreateTags, answered by declared responses), "
                + "measured in one run of `benchmarks/runbook-tests` on ").append(runbookTests.path("cores").asText("?"))
                .append(" cores");
        if (runbookTests.has("when")) {
            md.append(", ").append(runbookTests.path("when").asText());
        }
        if (runbookTests.has("load_average_before")) {
            md.append(", load average ").append(runbookTests.path("load_average_before").asText("?")).append(" before and ")
                    .append(runbookTests.path("load_average_after").asText("?")).append(" after");
        }
        md.append(". Wall time, seconds.\n\n| how | wall | vs one `execscript test` |\n|---|---|---|\n");
        double test = runbookTests.path("testOneProcessSeconds").asDouble(Double.NaN);
        md.append("| one `./execscript test` process (one engine, `--jobs ").append(runbookTests.path("jobs").asText("?"))
                .append("`) | ").append(format(test)).append(" | 1 |\n");
        runbookTestsRow(md, "the same runs as separate `./execscript run` processes, one after another",
                runbookTests.path("separateRunsSequentialSeconds").asDouble(Double.NaN), test);
        runbookTestsRow(md, "the same runs as separate processes, two at a time",
                runbookTests.path("separateRunsTwoAtATimeSeconds").asDouble(Double.NaN), test);
        md.append('\n');
    }

    private static void runbookTestsRow(StringBuilder md, String what, double seconds, double test) {
        md.append("| ").append(what).append(" | ").append(format(seconds)).append(" | ").append(format(seconds / test)).append("x |\n");
    }

    // ---- payload

    private void payloadSection(StringBuilder md) throws IOException {
        List<JmhResult> rows = select(r -> r.benchmarkClass().equals(PAYLOAD));
        if (rows.isEmpty()) {
            md.append("## Payload encoding\n\nNot run.\n\n");
            return;
        }
        md.append("## Payload encoding (question 1)\n\n");
        md.append("p50 µs per encode, throughput in MB/s of the whole value's JSON, and ratio to Jackson (`x J`, lower is better). "
                + "`guestJsonDumps` and `jacksonBaseline` serialize the whole value (no 100 KB cut); `engineEncoder` (what the engine runs: "
                + "the guest's JSON encoder after a bounded guest check, else the Java walker), `javaEncoder` (the walker alone) and `hybrid` enforce the limits.\n\n");
        for (String shape : distinct(rows, r -> r.param("shape"))) {
            md.append("### ").append(shape).append("\n\n| size |");
            for (String s : STRATEGIES) {
                md.append(' ').append(s).append(" |");
            }
            md.append("\n|---|").append("---|".repeat(STRATEGIES.size())).append('\n');
            for (String size : sizesOf(rows, shape)) {
                md.append("| ").append(size).append(" |");
                Optional<Double> jackson = payload("jacksonBaseline", shape, size);
                for (String strategy : STRATEGIES) {
                    Optional<Double> t = payload(strategy, shape, size);
                    md.append(' ');
                    if (t.isEmpty()) {
                        md.append("– |");
                        continue;
                    }
                    double mbPerSecond = PayloadValues.parseSize(size) / t.get();   // bytes per µs = MB/s
                    md.append(format(t.get())).append(" µs, ").append(format(mbPerSecond)).append(" MB/s");
                    if (jackson.isPresent() && !strategy.equals("jacksonBaseline")) {
                        md.append(", ").append(format(t.get() / jackson.get())).append(" x J");
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
            payloadChart(shape, rows);
            md.append("![payload size vs time, ").append(shape).append("](payload-").append(shape).append(".png)\n\n");
        }
        md.append("Truncating path, time(100 MB) / time(100 KB):");
        boolean any = false;
        for (String shape : distinct(rows, r -> r.param("shape"))) {
            for (String strategy : List.of("engineEncoder", "javaEncoder", "hybrid")) {
                Optional<Double> big = payload(strategy, shape, "100MB");
                Optional<Double> small = payload(strategy, shape, "100KB");
                if (big.isPresent() && small.isPresent()) {
                    md.append(any ? "," : "").append(' ').append(strategy).append('/').append(shape).append(' ').append(format(big.get() / small.get()));
                    any = true;
                }
            }
        }
        md.append(any ? ".\n\n" : " not measured (no 100MB run).\n\n");
    }

    private void payloadChart(String shape, List<JmhResult> rows) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title("Payload encoding, " + shape + " (p50, log-log)")
                .xAxisTitle("value size (bytes of JSON)").yAxisTitle("time per encode (µs)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (String strategy : STRATEGIES) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String size : sizesOf(rows, shape)) {
                payload(strategy, shape, size).ifPresent(t -> {
                    x.add((double) PayloadValues.parseSize(size));
                    y.add(t);
                });
            }
            if (!x.isEmpty()) {
                chart.addSeries(strategy, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve("payload-" + shape + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private List<String> sizesOf(List<JmhResult> rows, String shape) {
        return rows.stream().filter(r -> r.param("shape").equals(shape)).map(r -> r.param("size")).distinct()
                .sorted(Comparator.comparingInt(PayloadValues::parseSize)).toList();
    }

    private Optional<Double> payload(String strategy, String shape, String size) {
        return select(r -> r.benchmarkClass().equals(PAYLOAD) && r.method().equals(strategy) && r.param("shape").equals(shape)
                && r.param("size").equals(size)).stream().findFirst().map(JmhResult::p50Micros);
    }

    // ---- invocation and peers

    private void invocationSection(StringBuilder md) throws IOException {
        List<JmhResult> rows = select(r -> r.benchmarkClass().equals(INVOCATION) || r.benchmarkClass().equals(PEERS));
        md.append("## Invocation latency (questions 2 and 3)\n\n");
        if (rows.isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        md.append("Events JSON in, payload JSON out. With 2 threads each thread has its own warm context or worker; "
                + "calls/s = threads / p50.\n\n| runtime | mode | handler | threads | p50 µs | p99 µs | calls/s |\n|---|---|---|---|---|---|---|\n");
        rows.sort(Comparator.comparing((JmhResult r) -> r.param("handler")).thenComparing(JmhResult::threads)
                .thenComparing(SummaryRenderer::modeLabel));
        for (JmhResult r : rows) {
            md.append("| ").append(r.benchmarkClass().equals(PEERS) ? "CPython" : "GraalPy").append(" | ").append(modeLabel(r))
                    .append(" | ").append(r.param("handler")).append(" | ").append(r.threads()).append(" | ")
                    .append(format(r.p50Micros())).append(" | ").append(format(r.p99Micros())).append(" | ")
                    .append(format(r.threads() * 1e6 / r.p50Micros())).append(" |\n");
        }
        for (String handler : new TreeSet<>(iterable(cpythonInProcess.fieldNames()))) {
            JsonNode r = cpythonInProcess.path(handler);
            md.append("| CPython | cpython-inprocess (timed inside python3) | ").append(handler).append(" | 1 | ")
                    .append(format(r.path("p50_us").asDouble())).append(" | ").append(format(r.path("p99_us").asDouble()))
                    .append(" | ").append(format(1e6 / r.path("p50_us").asDouble())).append(" |\n");
        }
        md.append('\n');
        latencyChart(rows);
        md.append("![latency per mode](latency-per-mode.png)\n\n");
    }

    private void pacedSection(StringBuilder md) {
        List<JmhResult> rows = select(r -> r.benchmarkClass().equals(PACED));
        md.append("## FRESH runs at a sustained rate (question 3)\n\n");
        if (rows.isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        md.append("Calls paced on a fixed schedule, each from the pool of contexts prepared in the background "
                + "(default policy: pool of 2). A pool that falls behind shows as a kept rate below the pace and a p50 near "
                + "context start-up.\n\n| handler | warm-up imports | pace /s | kept /s | p50 µs | p99 µs |\n|---|---|---|---|---|---|\n");
        rows.sort(Comparator.comparing((JmhResult r) -> r.param("handler")).thenComparing(r -> r.param("warmupImports")));
        for (JmhResult r : rows) {
            md.append("| ").append(r.param("handler")).append(" | ").append(r.param("warmupImports")).append(" | ")
                    .append(r.param("rate")).append(" | ").append(format(r.callsPerSecond())).append(" | ")
                    .append(format(r.p50Micros())).append(" | ").append(format(r.p99Micros())).append(" |\n");
        }
        md.append('\n');
    }

    private void processSection(StringBuilder md, ObjectNode summary) {
        md.append("## Process isolation (issue 17)\n\n");
        List<JmhResult> rows = select(r -> r.benchmarkClass().equals(PROCESS));
        if (rows.isEmpty() && workerReplacement.isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        md.append("Trivial handler through the embedding API. `trivialRun`: calls paced (`rate` per second), pool of 2 (contexts in-process, "
                + "workers in process mode). `reusedCall`: back to back, pool of 1, the script's context kept (in-process, or in a "
                + "worker: one round trip).\n\n| benchmark | rate | isolation | p50 µs | p99 µs | calls/s kept |\n|---|---|---|---|---|---|\n");
        rows.sort(Comparator.comparing(JmhResult::method).thenComparing(r -> r.param("rate")).thenComparing(r -> r.param("isolation")));
        for (JmhResult r : rows) {
            md.append("| ").append(r.method()).append(" | ").append(r.param("rate")).append(" | ").append(r.param("isolation"))
                    .append(" | ").append(format(r.p50Micros()))
                    .append(" | ").append(format(r.p99Micros())).append(" | ").append(format(r.callsPerSecond())).append(" |\n");
        }
        md.append("\n| Figure | Value | Target | Met |\n|---|---|---|---|\n");
        processRow(md, summary, "process_over_fresh_p50", "PROCESS p50 / FRESH p50 (paced 5/s: from a warm pool)", "<= 2");
        processRow(md, summary, "process_over_fresh_p50_at_20", "PROCESS p50 / FRESH p50 (paced 20/s: near context creation's rate)", "");
        processRow(md, summary, "process_reuse_p50_us", "process-reuse call p50, µs", "<= 100");
        processRow(md, summary, "process_reuse_over_reuse_p50", "process-reuse p50 / in-process REUSE p50", "");
        processRow(md, summary, "worker_replacement_next_run_s", "next run after a kill, pool of 2, median s", "<= 1");
        processRow(md, summary, "worker_replacement_next_run_s_pool_1", "next run after a kill, pool of 1 (a new JVM), median s", "");
        md.append('\n');
    }

    private static void processRow(StringBuilder md, ObjectNode s, String key, String meaning, String target) {
        JsonNode v = s.path(key);
        String met = "–";
        for (JsonNode row : s.path("targets")) {
            if (row.path("figure").asText().equals(key) && row.path("met").isBoolean()) {
                met = row.path("met").asBoolean() ? "met" : "**missed**";
            }
        }
        md.append("| ").append(meaning).append(" | ").append(v.isNumber() ? format(v.asDouble()) : "not measured").append(" | ")
                .append(target.isEmpty() ? "–" : target).append(" | ").append(target.isEmpty() ? "–" : met).append(" |\n");
    }

    /** @param rate the paced benchmarks' rate, or null for those without one */
    private Optional<Double> processLatency(String method, String isolation, String rate) {
        return select(r -> r.benchmarkClass().equals(PROCESS) && r.method().equals(method) && isolation.equals(r.param("isolation"))
                        && (rate == null || rate.equals(r.param("rate"))))
                .stream().findFirst().map(JmhResult::p50Micros);
    }

    private Optional<JmhResult> pacedRun(String handler, String imports) {
        return select(r -> r.benchmarkClass().equals(PACED) && r.param("handler").equals(handler)
                && r.param("warmupImports").equals(imports)).stream().findFirst();
    }

    private void latencyChart(List<JmhResult> rows) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title("Invocation latency per mode, 1 thread (log scale)")
                .xAxisTitle("mode").yAxisTitle("µs per invocation").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1.0);   // bars start at the axis minimum, and a log axis cannot hold 0
        List<String> modes = rows.stream().filter(r -> r.threads() == 1).map(SummaryRenderer::modeLabel).distinct().sorted().toList();
        for (String handler : new TreeSet<>(rows.stream().map(r -> r.param("handler")).toList())) {
            for (String percentile : List.of("p50", "p99")) {
                List<Double> y = new ArrayList<>();
                for (String mode : modes) {
                    y.add(rows.stream().filter(r -> r.threads() == 1 && modeLabel(r).equals(mode) && r.param("handler").equals(handler))
                            .findFirst().map(r -> percentile.equals("p50") ? r.p50Micros() : r.p99Micros()).orElse(null));
                }
                chart.addSeries(handler + " " + percentile, modes, y);
            }
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve("latency-per-mode.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String modeLabel(JmhResult r) {
        return r.benchmarkClass().equals(PEERS) ? "cpython-" + r.param("peer") : "graalpy-" + r.param("mode");
    }

    private Optional<Double> latency(String benchmarkClass, String mode, String handler, int threads) {
        return select(r -> r.benchmarkClass().equals(benchmarkClass) && r.param("mode").equals(mode) && r.param("handler").equals(handler)
                && r.threads() == threads).stream().findFirst().map(JmhResult::p50Micros);
    }

    private Optional<Double> aws(String benchmarkClass, String param, String value) {
        return select(r -> r.benchmarkClass().equals(benchmarkClass) && value.equals(r.param(param))).stream().findFirst()
                .map(JmhResult::p50Micros);
    }

    private Optional<Double> awsReuse(String runtime, String clientAt) {
        return select(r -> r.benchmarkClass().equals(AWS_REUSE) && runtime.equals(r.param("runtime")) && clientAt.equals(r.param("clientAt")))
                .stream().findFirst().map(JmhResult::p50Micros);
    }

    private Optional<Double> peerLatency(String peer, String handler, int threads) {
        return select(r -> r.benchmarkClass().equals(PEERS) && r.param("peer").equals(peer) && r.param("handler").equals(handler)
                && r.threads() == threads).stream().findFirst().map(JmhResult::p50Micros);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private List<JmhResult> select(Predicate<JmhResult> filter) {
        return new ArrayList<>(results.stream().filter(filter).toList());
    }

    private static List<String> distinct(List<JmhResult> rows, java.util.function.Function<JmhResult, String> key) {
        return rows.stream().map(key).distinct().sorted().toList();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }
}
