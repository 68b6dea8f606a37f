package dev.execscript.benchmarks.peer;

import dev.execscript.benchmarks.invocation.BenchmarkHandler;
import dev.execscript.benchmarks.invocation.HandlerCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A new {@code python3 -c} process per invocation: runs the handler on the events, prints json.dumps. */
public final class CpythonProcessCall implements HandlerCall {

    private static final String RUNNER = """
            import json, sys
            namespace = {'__name__': '__main__', '__file__': 'handler.py'}
            exec(compile(sys.argv[1], 'handler.py', 'exec'), namespace)
            result = namespace[sys.argv[2]](json.loads(sys.argv[3]), json.loads(sys.argv[4]))
            sys.stdout.write(json.dumps(result, ensure_ascii=False, separators=(',', ':')))
            """;

    private final String python;
    private final BenchmarkHandler handler;

    public CpythonProcessCall(String python, BenchmarkHandler handler) {
        this.python = python;
        this.handler = handler;
    }

    @Override
    public String invoke(String eventsJson) {
        try {
            Process p = new ProcessBuilder(python, "-c", RUNNER, handler.source(), BenchmarkHandler.FUNCTION, eventsJson,
                    BenchmarkHandler.CONTEXT_JSON).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("python3 exited with " + p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
