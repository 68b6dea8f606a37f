package dev.execscript.benchmarks.peer;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPython's in-process call of each benchmark handler, timed inside one python3 process (no process or pipe
 * in the measurement): json.loads of the events and context, the handler, json.dumps of the result, as the
 * engine does. Writes {@code {handler: {p50_us, p99_us, calls}}} as JSON to the file given.
 * Usage: {@code CpythonInProcessPeer OUT.json [SECONDS]}.
 */
public final class CpythonInProcessPeer {

    private static final String TIMER = """
            import json, sys, time
            def measure(source, events, context, seconds):
                namespace = {'__name__': '__main__', '__file__': 'handler.py'}
                exec(compile(source, 'handler.py', 'exec'), namespace)
                handler = namespace['handler']
                def call():
                    return json.dumps(handler(json.loads(events), json.loads(context)), ensure_ascii=False, separators=(',', ':'))
                clock = time.perf_counter_ns
                end = clock() + seconds * 1e9 / 4
                while clock() < end:   # warm-up: a quarter of the time
                    call()
                samples = []
                end = clock() + seconds * 1e9
                while clock() < end:
                    t0 = clock()
                    call()
                    samples.append(clock() - t0)
                samples.sort()
                pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] / 1000.0
                return {'p50_us': pick(0.50), 'p99_us': pick(0.99), 'calls': len(samples)}
            spec = json.loads(sys.stdin.read())
            out = {h['name']: measure(h['source'], h['events'], spec['context'], spec['seconds']) for h in spec['handlers']}
            print(json.dumps(out))
            """;

    private CpythonInProcessPeer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path out = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        StringBuilder spec = new StringBuilder("{\"seconds\":").append(seconds).append(",\"context\":")
                .append(quote(BenchmarkHandler.CONTEXT_JSON)).append(",\"handlers\":[");
        for (BenchmarkHandler h : BenchmarkHandler.values()) {
            spec.append(h.ordinal() == 0 ? "" : ",").append("{\"name\":").append(quote(h.name())).append(",\"source\":")
                    .append(quote(h.source())).append(",\"events\":").append(quote(h.eventsJson())).append('}');
        }
        spec.append("]}");
        Process p = new ProcessBuilder(Cpython.executable(), "-c", TIMER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(spec.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10 * 60, TimeUnit.SECONDS) || p.exitValue() != 0 || !result.startsWith("{")) {
            throw new IllegalStateException("the CPython in-process timer failed: " + result);
        }
        Files.writeString(out, result + "\n", StandardCharsets.UTF_8);
        System.out.println(result);
    }

    private static String quote(String s) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(s).toString();
    }
}
