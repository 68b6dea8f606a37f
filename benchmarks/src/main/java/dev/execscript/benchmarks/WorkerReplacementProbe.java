package dev.execscript.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.runtime.StepStatus;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Question (issue 17): after a worker is killed (a builtin that ignores cancellation, 1 s timeout), how
 * long until the next run is served? With pool size 1 the next run waits for the replacement JVM; with
 * pool size 2 the other prepared worker serves it while the replacement starts. Prints the median and
 * all samples of {@code rounds} kills per pool size (args: rounds, default 5; then a JSON file to write them
 * to, {@code worker-replacement.json} for the summary).
 */
public final class WorkerReplacementProbe {

    private WorkerReplacementProbe() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("rounds", rounds);
        PythonStep stuck = PythonStep.inline("def handler(e, c):\n    return sum(range(10**13))\n", "handler")
                .withTimeout(Duration.ofSeconds(1));
        PythonStep trivial = PythonStep.inline("def handler(e, c):\n    return 1\n", "handler");
        for (int poolSize : new int[] {1, 2}) {
            ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.PROCESS).poolSize(poolSize).build();
            List<Double> next = new ArrayList<>();
            List<Double> kill = new ArrayList<>();
            try (ExecScript engine = ExecScript.builder().policy(policy).build()) {
                check(engine.run(trivial, "{}"));
                for (int i = 0; i < rounds; i++) {
                    // Let the pool settle (replacements ready) so that every round starts alike.
                    sleep(poolSize * 15_000L);
                    long t0 = System.nanoTime();
                    ScriptOutcome o = engine.run(stuck, "{}");
                    long t1 = System.nanoTime();
                    if (o.status() != StepStatus.TimedOut) {
                        throw new IllegalStateException("expected a timeout, got " + o.status() + ": " + o.failureMessage());
                    }
                    check(engine.run(trivial, "{}"));
                    long t2 = System.nanoTime();
                    kill.add((t1 - t0) / 1e9);
                    next.add((t2 - t1) / 1e9);
                }
            }
            System.out.printf(Locale.ROOT, "pool size %d: stuck run ended after median %.2f s (timeout 1 s); next run served "
                    + "after median %.3f s; samples %s%n", poolSize, median(kill), median(next), next);
            ObjectNode row = json.putObject("pool_size_" + poolSize);
            row.put("stuck_run_median_s", median(kill));
            row.put("next_run_median_s", median(next));
            next.forEach(row.putArray("next_run_samples_s")::add);
        }
        if (args.length > 1) {
            new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(Path.of(args[1]).toFile(), json);
        }
        System.exit(0);
    }

    private static void check(ScriptOutcome o) {
        if (o.status() != StepStatus.Success) {
            throw new IllegalStateException("a trivial run failed: " + o.failureMessage());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
