package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's own modules are what a script imports, and only when it imports them. */
class EngineModulesTest {

    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    private static ScriptOutcome run(String source) {
        return python.run(new PythonInvocation(new PythonScript(source, "m.py", "handler"), "{}", "{}", Duration.ofSeconds(120),
                ScriptPolicy.defaults(), line -> { }));
    }

    @Test
    void pyexpat_isTheEnginesOwn_andNotLoadedUntilImported() {
        ScriptOutcome o = run("""
                import sys
                def handler(e, c):
                    before = sorted(n for n in sys.modules if 'expat' in n or n.startswith('xml'))
                    from xml.parsers import expat
                    import pyexpat
                    p = expat.ParserCreate()
                    seen = []
                    p.StartElementHandler = lambda name, attrs: seen.append(name)
                    p.Parse('<a><b/></a>', True)
                    return [before, pyexpat.__spec__.origin, expat.ParserCreate is pyexpat.ParserCreate, seen,
                            pyexpat.__loader__.get_source('pyexpat') is not None]
                """);
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        assertThat(o.payloadJson()).isEqualTo("[[],\"<execscript module pyexpat>\",true,[\"a\",\"b\"],true]");
    }

    @Test
    void handlerError_surfacesAtTheFinalParse_withItsTraceback() {
        ScriptOutcome o = run("""
                import xml.etree.ElementTree as ET
                class Target:
                    def start(self, tag, attrib):
                        raise ValueError('refused ' + tag)
                def handler(e, c):
                    ET.XMLParser(target=Target()).feed('<bad/>')
                    return 'fed'
                """);
        // Parsing happens at the final Parse: feed() alone only collects.
        assertThat(o.payloadJson()).isEqualTo("\"fed\"");
        ScriptOutcome closed = run("""
                import xml.etree.ElementTree as ET
                class Target:
                    def start(self, tag, attrib):
                        raise ValueError('refused ' + tag)
                def handler(e, c):
                    p = ET.XMLParser(target=Target())
                    p.feed('<bad/>')
                    p.close()
                """);
        assertThat(closed.failureMessage()).contains("ValueError: refused bad").contains("pyexpat");
    }
}
