package dev.execscript.benchmarks.invocation;

/** The handlers every invocation benchmark runs, each with the events it is called with. */
public enum BenchmarkHandler {

    /** Almost no Python work: measures the cost of serving a call. */
    trivial("""
            def handler(events, context):
                return {"message": "Hello, " + events["name"] + "!", "region": context["global:REGION"]}
            """, "{\"name\":\"World\"}"),

    /** Python work that a JIT can speed up: a sum of squares to 10,000. */
    cpu_bound("""
            def handler(events, context):
                total = 0
                for i in range(events["n"]):
                    total += i * i
                return {"sum": total}
            """, "{\"n\":10000}");

    /** The context a step's handler gets, as the engine passes it (JSON). */
    public static final String CONTEXT_JSON = "{\"automation:EXECUTION_ID\":\"00000000-0000-4000-8000-000000000000\","
            + "\"global:ACCOUNT_ID\":\"123456789012\",\"global:REGION\":\"us-east-1\",\"global:AWS_PARTITION\":\"aws\","
            + "\"global:DATE\":\"2026-11-24\",\"global:DATE_TIME\":\"2026-11-24_15.00.00\"}";
    public static final String FUNCTION = "handler";
    public static final String FILE_NAME = "handler.py";

    private final String source;
    private final String eventsJson;

    BenchmarkHandler(String source, String eventsJson) {
        this.source = source;
        this.eventsJson = eventsJson;
    }

    public String source() {
        return source;
    }

    public String eventsJson() {
        return eventsJson;
    }

    /** What the handler must return for {@link #eventsJson()}; a setup check that every mode really ran it. */
    public boolean isExpectedPayload(String json) {
        return switch (this) {
            case trivial -> json.contains("Hello, World!");
            case cpu_bound -> json.replace(" ", "").contains("\"sum\":333283335000");
        };
    }
}
