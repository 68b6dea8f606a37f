package dev.execscript.benchmarks.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Python files the payload benchmark loads into its contexts, from this package's resources. */
final class GuestSources {

    private GuestSources() {
    }

    static String read(String name) {
        try (InputStream in = GuestSources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the benchmarks jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
