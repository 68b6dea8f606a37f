package dev.execscript.benchmarks.invocation;

import dev.execscript.python.GuestEngines;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;

/**
 * The in-process floor: plain GraalPy, no sandbox, no limits, no step thread, no watchdog. Each calling
 * thread has its own context with the handler loaded, and calls it directly: {@code json.loads} of the
 * events and context, the handler, {@code json.dumps} of the result, in one guest call. What the engine's
 * warm path costs beyond this is what the sandbox and its limits cost.
 */
final class UnsandboxedCall implements HandlerCall {

    private static final String CALL = """
            import json
            def _floor_call(events, context, _handler=handler, _loads=json.loads, _dumps=json.dumps):
                return _dumps(_handler(_loads(events), _loads(context)), ensure_ascii=False, separators=(',', ':'))
            """;

    private final Engine engine = GuestEngines.newEngine(SandboxPolicy.TRUSTED);
    private final BenchmarkHandler handler;
    private final List<Context> contexts = new ArrayList<>();
    private final ThreadLocal<Value> call = ThreadLocal.withInitial(this::load);

    UnsandboxedCall(BenchmarkHandler handler) {
        this.handler = handler;
    }

    private Value load() {
        Context context = Context.newBuilder("python").engine(engine).out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream()).build();
        synchronized (contexts) {
            contexts.add(context);
        }
        context.eval("python", handler.source());
        context.eval("python", CALL.replace("handler=handler", "handler=" + BenchmarkHandler.FUNCTION));
        return context.getBindings("python").getMember("_floor_call");
    }

    @Override
    public String invoke(String eventsJson) {
        return call.get().execute(eventsJson, BenchmarkHandler.CONTEXT_JSON).asString();
    }

    @Override
    public boolean isCompilationEnabled() {
        return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
    }

    @Override
    public void close() {
        synchronized (contexts) {
            contexts.forEach(c -> c.close(true));
        }
        engine.close(true);
    }
}
