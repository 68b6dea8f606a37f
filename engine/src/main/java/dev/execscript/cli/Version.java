package dev.execscript.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The versions Maven wrote into version.properties at build time. */
final class Version implements CommandLine.IVersionProvider {

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Versions are informative only; "unknown" is shown instead.
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        Properties p = load();
        return new String[] {"execscript " + p.getProperty("version", "unknown") + " (GraalPy "
                + p.getProperty("graalvm.version", "unknown") + ", Java " + Runtime.version() + ")"};
    }
}
