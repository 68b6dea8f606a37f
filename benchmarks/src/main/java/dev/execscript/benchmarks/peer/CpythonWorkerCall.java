package dev.execscript.benchmarks.peer;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import dev.execscript.benchmarks.invocation.HandlerCall;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A warm CPython worker, started once: it loads the handler, then per stdin line ({@code events TAB context},
 * both compact JSON, which never holds a raw tab) calls it and writes one line of json.dumps.
 */
public final class CpythonWorkerCall implements HandlerCall {

    private static final String WORKER = """
            import json, sys
            namespace = {'__name__': '__main__', '__file__': 'handler.py'}
            exec(compile(sys.argv[1], 'handler.py', 'exec'), namespace)
            handler = namespace[sys.argv[2]]
            for line in sys.stdin:
                events, context = line.rstrip('\\n').split('\\t')
                result = handler(json.loads(events), json.loads(context))
                sys.stdout.write(json.dumps(result, ensure_ascii=False, separators=(',', ':')) + '\\n')
                sys.stdout.flush()
            """;

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader responses;

    public CpythonWorkerCall(String python, BenchmarkHandler handler) {
        try {
            process = new ProcessBuilder(python, "-c", WORKER, handler.source(), BenchmarkHandler.FUNCTION)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        responses = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public String invoke(String eventsJson) {
        try {
            requests.write(eventsJson);
            requests.write('\t');
            requests.write(BenchmarkHandler.CONTEXT_JSON);
            requests.write('\n');
            requests.flush();
            String line = responses.readLine();
            if (line == null) {
                throw new IllegalStateException("the CPython worker exited");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            requests.close();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // The worker is gone already.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroy();
        }
    }
}
