package dev.execscript.embed;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a run does without importing modules (the events are read by GraalPy's built-in JSON scanner,
 * script lines reach tracebacks through the module's loader): it must behave as json.loads and linecache do.
 */
class RunPathTest {

    private static ExecScript engine;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Compares the events it got with json.loads of the same text, value and types (repr). */
    private static final PythonStep SAME_AS_JSON_LOADS = PythonStep.inline("""
            import json

            def handler(events, context):
                expected = json.loads(events['raw'])
                return {'equal': expected == events['value'], 'repr': repr(expected) == repr(events['value']),
                        'got': repr(events['value'])}
            """, "handler").withName("compare.py");

    @BeforeAll
    static void start() {
        engine = ExecScript.builder().policy(ScriptPolicy.builder().isolation(Isolation.REUSE).build()).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":[1,2.5,-0.0,1e308,12345678901234567890123,-7],\"n\":null,\"t\":true,\"f\":false,\"o\":{},\"l\":[]}",
            "{\"s\":\"\\u00e9\\u2603\\ud83d\\ude00 \\\" \\\\ \\n \\t \\u0000\"}",
            "{\"deep\":[[[[[[[[[[[[[[[[[[[[{\"x\":[0.1,1E-7,5e-324]}]]]]]]]]]]]]]]]]]]]]}",
            "{\"dup\":1,\"dup\":2}",
            "{\"unicode key \\u4e2d\":\"\\u4e2d\\u6587\"}"})
    void run_eventsAsJsonLoadsReadsThem(String document) throws Exception {
        ObjectNode events = JSON.createObjectNode();
        events.put("raw", document);
        events.set("value", JSON.readTree(document));

        ScriptOutcome r = engine.run(SAME_AS_JSON_LOADS, events.toString());

        assertThat(r.status()).as(r.failureMessage()).isEqualTo(StepStatus.Success);
        assertThat(JSON.readTree(r.payloadJson()).path("equal").asBoolean()).as(r.payloadJson()).isTrue();
        assertThat(JSON.readTree(r.payloadJson()).path("repr").asBoolean()).as(r.payloadJson()).isTrue();
    }

    @Test
    void run_failure_tracebackQuotesTheScriptsLine() {
        ScriptOutcome r = engine.run(PythonStep.inline("def handler(e, c):\n    return 1 / 0\n", "handler")
                .withName("divide.py"), "{}");

        assertThat(r.failureMessage()).contains("File \"divide.py\", line 2").contains("return 1 / 0");
    }

    @Test
    void run_scriptFormatsItsOwnTraceback_quotesItsLines() {
        PythonStep step = PythonStep.inline("""
                import traceback

                def handler(events, context):
                    try:
                        {}['missing']
                    except KeyError:
                        return traceback.format_exc()
                """, "handler").withName("own.py");

        ScriptOutcome r = engine.run(step, "{}");

        assertThat(r.payloadJson()).contains("own.py").contains("line 5").contains("{}['missing']");
    }
}
