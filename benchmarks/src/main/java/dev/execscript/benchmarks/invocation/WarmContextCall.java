package dev.execscript.benchmarks.invocation;

import dev.execscript.benchmarks.GuestEngine;
import dev.execscript.payload.PayloadEncoder;
import dev.execscript.payload.PayloadLimits;
import dev.execscript.python.GraalPyRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * One context kept with the handler's module already loaded; each call runs the engine's own bootstrap
 * call path (json.loads of events and context, the handler) and encodes the result. What reuse would
 * save: context creation and module loading. A context is single-threaded here, so one per thread.
 */
final class WarmContextCall implements HandlerCall {

    private final Context context;
    private final Value call;
    private final Value namespace;
    private final PayloadEncoder encoder;

    WarmContextCall(BenchmarkHandler handler) {
        this.context = GuestEngine.newContext();
        context.eval(Source.create("python", engineBootstrap()));
        Value bindings = context.getBindings("python");
        Value loaded = bindings.getMember("_execscript_load").execute(handler.source(), BenchmarkHandler.FILE_NAME);
        if (!loaded.getArrayElement(0).asString().equals("ok")) {
            throw new IllegalStateException("the handler did not load: " + loaded);
        }
        this.namespace = loaded.getArrayElement(1);
        this.call = bindings.getMember("_execscript_call");
        this.encoder = new PayloadEncoder(new PayloadLimits(102_400, 100));
    }

    @Override
    public String invoke(String eventsJson) {
        Value result = call.execute(namespace, BenchmarkHandler.FUNCTION, eventsJson, BenchmarkHandler.CONTEXT_JSON);
        if (!result.getArrayElement(0).asString().equals("ok")) {
            throw new IllegalStateException("the handler failed: " + result);
        }
        return encoder.encode(result.getArrayElement(1)).json();
    }

    @Override
    public void close() {
        context.close(true);
    }

    /** The engine's bootstrap.py, so warm calls do exactly the per-call work a fresh call does. */
    private static String engineBootstrap() {
        try (InputStream in = GraalPyRuntime.class.getResourceAsStream("bootstrap.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
