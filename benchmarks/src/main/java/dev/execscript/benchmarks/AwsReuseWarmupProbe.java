package dev.execscript.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Question (issue 13): how long does a REUSE context take to reach its steady state on a step that makes its boto3
 * client in the handler? {@link AwsReuseBenchmark} measures the steady state after its warm-up; this follows the
 * way there, from the first call after the context's first run: the p50 of each window of {@value #WINDOW} calls and
 * when it has stayed at or under the target (5 ms) from then on. GraalPy compiles botocore's client creation over
 * thousands of calls on 2 cores, and its interpreter runs slower while it profiles for the compiler, so the first
 * windows are slower than the steady state. It also gives the p50 of every call after the first, from the start
 * (warm-up included). Args: seconds to run (default 90), then a JSON file to write
 * ({@code aws-reuse-warmup.json} for the summary).
 */
public final class AwsReuseWarmupProbe {

    static final int WINDOW = 100;
    static final double TARGET_MS = 5.0;

    private AwsReuseWarmupProbe() {
    }

    public static void main(String[] args) throws IOException, DocumentException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 90;
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("window_calls", WINDOW);
        json.put("target_ms", TARGET_MS);
        ArrayNode windows = json.putArray("windows");
        ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.REUSE).build();
        try (ExecScript engine = ExecScript.builder().policy(policy).prepareContexts(false)
                .awsResponses(AwsResponses.parse(AwsReuseBenchmark.RESPONSES, "responses.yaml", List.of())).build()) {
            PythonStep step = PythonStep.inline(AwsReuseBenchmark.IN_HANDLER, "handler");
            check(engine.run(step, "{}"));
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            List<Long> all = new ArrayList<>();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                check(engine.run(step, "{}"));
                all.add(System.nanoTime() - t0);
                if (all.size() % WINDOW == 0) {
                    ObjectNode row = windows.addObject();
                    row.put("calls", all.size());
                    row.put("elapsed_s", round((System.nanoTime() - start) / 1e9));
                    row.put("p50_ms", round(p50(all.subList(all.size() - WINDOW, all.size())) / 1e6));
                }
            }
            // Every call after the first, from the start: the p50 the target names, warm-up included.
            json.put("calls", all.size());
            json.put("all_calls_p50_ms", all.isEmpty() ? 0 : round(p50(all) / 1e6));
        }
        // The first window from which every later window's p50 stays at or under the target.
        int settled = -1;
        for (int i = windows.size() - 1; i >= 0 && windows.get(i).path("p50_ms").asDouble() <= TARGET_MS; i--) {
            settled = i;
        }
        if (!windows.isEmpty()) {
            json.put("first_window_p50_ms", windows.get(0).path("p50_ms").asDouble());
            json.put("last_window_p50_ms", windows.get(windows.size() - 1).path("p50_ms").asDouble());
        }
        if (settled >= 0) {
            json.put("seconds_until_p50_within_target", windows.get(settled).path("elapsed_s").asDouble());
            json.put("calls_until_p50_within_target", windows.get(settled).path("calls").asInt());
        } else {
            json.putNull("seconds_until_p50_within_target");
            json.putNull("calls_until_p50_within_target");
        }
        String settledText = settled >= 0
                ? String.format(Locale.ROOT, "within %.0f ms from %.1f s (%d calls) on", TARGET_MS,
                        json.path("seconds_until_p50_within_target").asDouble(), json.path("calls_until_p50_within_target").asInt())
                : String.format(Locale.ROOT, "not within %.0f ms to the end (%d calls)", TARGET_MS, json.path("calls").asInt());
        System.out.printf(Locale.ROOT, "REUSE, client in the handler: p50 of all %d calls after the first %.2f ms; of the first %d %.2f ms, "
                        + "of the last %d %.2f ms; %s%n", json.path("calls").asInt(), json.path("all_calls_p50_ms").asDouble(),
                WINDOW, json.path("first_window_p50_ms").asDouble(), WINDOW, json.path("last_window_p50_ms").asDouble(), settledText);
        if (args.length > 1) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), json);
        }
        System.exit(0);
    }

    private static long p50(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void check(ScriptOutcome o) {
        if (o.status() != StepStatus.Success || !"\"blue\"".equals(o.payloadJson())) {
            throw new IllegalStateException("the step failed: " + o.failureMessage());
        }
    }
}
