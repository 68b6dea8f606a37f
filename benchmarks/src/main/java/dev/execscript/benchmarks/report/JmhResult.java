package dev.execscript.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of JMH's JSON output: which benchmark, its parameters, and the latency percentiles in microseconds. */
record JmhResult(String benchmarkClass, String method, int threads, Map<String, String> params, double p50Micros,
        double p99Micros, long samples, double measuredSeconds) {

    static JmhResult of(JsonNode row) {
        String full = row.path("benchmark").asText();
        int lastDot = full.lastIndexOf('.');
        String owner = full.substring(0, lastDot);
        Map<String, String> params = new LinkedHashMap<>();
        row.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode metric = row.path("primaryMetric");
        double toMicros = switch (metric.path("scoreUnit").asText()) {
            case "ns/op" -> 1e-3;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> 1.0;
        };
        JsonNode percentiles = metric.path("scorePercentiles");
        double p50 = percentiles.has("50.0") ? percentiles.path("50.0").asDouble() : metric.path("score").asDouble();
        double p99 = percentiles.has("99.0") ? percentiles.path("99.0").asDouble() : Double.NaN;
        long samples = 0;
        for (JsonNode histogramPerFork : metric.path("rawDataHistogram")) {
            for (JsonNode iteration : histogramPerFork) {
                for (JsonNode bucket : iteration) {
                    samples += bucket.path(1).asLong();
                }
            }
        }
        return new JmhResult(owner.substring(owner.lastIndexOf('.') + 1), full.substring(lastDot + 1),
                row.path("threads").asInt(1), params, p50 * toMicros, p99 * toMicros, samples,
                row.path("measurementIterations").asInt(0) * seconds(row.path("measurementTime").asText("")));
    }

    /** JMH's iteration time ("4 s", "500 ms") in seconds; 0 if it cannot be read. */
    static double seconds(String time) {
        String[] parts = time.trim().split(" ");
        if (parts.length != 2) {
            return 0;
        }
        try {
            double n = Double.parseDouble(parts[0]);
            return switch (parts[1]) {
                case "s" -> n;
                case "ms" -> n / 1e3;
                case "us" -> n / 1e6;
                case "min" -> n * 60;
                default -> 0;
            };
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Calls per second during measurement (samples over measured wall time): the rate a paced run kept. */
    double callsPerSecond() {
        return measuredSeconds > 0 ? samples / measuredSeconds : Double.NaN;
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }
}
