package dev.execscript.python;

import dev.execscript.answering.AwsBridge;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;

/**
 * Python modules of the engine's own (resources {@code modules/NAME.py}) that a script imports in place of
 * GraalPy's: read once per runtime, served to each context from strings by a {@code sys.meta_path} finder
 * installed first ({@code module_finder.py}). Installing costs a context one small function call; a module is
 * compiled only when a script imports it.
 */
final class EngineModules {

    /**
     * The modules served: pyexpat, because GraalPy's is a native extension the sandbox refuses, and the
     * pure-Python half of unicodedata (with its data) that sandbox_guards.py installs on GraalPy's own, and
     * the module that answers botocore's AWS calls.
     */
    static final List<String> NAMES = List.of("pyexpat", "_execscript_unicodedata", "_execscript_unicodedata_data",
            "_execscript_aws");
    static final String FINDER_NAME = "<execscript-module-finder>";

    private final Source finder;
    /** The bridge first, then names and sources: the arguments of {@code _execscript_install_modules}. */
    private final Object[] namesAndSources;

    EngineModules() {
        this.finder = Source.newBuilder("python", GraalPyRuntime.readResource("module_finder.py"), FINDER_NAME).buildLiteral();
        this.namesAndSources = new Object[NAMES.size() * 2 + 1];
        for (int i = 0; i < NAMES.size(); i++) {
            namesAndSources[2 * i + 1] = NAMES.get(i);
            namesAndSources[2 * i + 2] = GraalPyRuntime.readResource("modules/" + NAMES.get(i) + ".py");
        }
    }

    /** Puts the finder first on the context's {@code sys.meta_path}; {@code aws} answers the context's AWS calls. */
    void install(Context context, AwsBridge aws) {
        context.eval(finder);
        Object[] arguments = namesAndSources.clone();
        arguments[0] = aws;
        context.getBindings("python").getMember("_execscript_install_modules").execute(arguments);
    }
}
