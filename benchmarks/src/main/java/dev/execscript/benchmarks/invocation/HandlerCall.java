package dev.execscript.benchmarks.invocation;

/** One way of serving handler invocations: events JSON in, payload JSON out. One thread at a time. */
public interface HandlerCall extends AutoCloseable {

    String invoke(String eventsJson);

    @Override
    void close();
}
