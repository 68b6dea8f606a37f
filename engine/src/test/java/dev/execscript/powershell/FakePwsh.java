package dev.execscript.powershell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Installs the test double {@code powershell/fake-pwsh} (a bash script standing in for pwsh) as an executable. */
final class FakePwsh {

    private FakePwsh() {
    }

    /** Copies the double into {@code dir} (so the build output is left alone) and makes it executable. */
    static Path install(Path dir) throws IOException {
        Path target = dir.resolve("fake-pwsh");
        try (InputStream in = FakePwsh.class.getResourceAsStream("/powershell/fake-pwsh")) {
            if (in == null) {
                throw new IllegalStateException("test resource powershell/fake-pwsh is missing");
            }
            Files.copy(in, target);
        }
        if (!target.toFile().setExecutable(true, true)) {
            throw new IllegalStateException("could not make " + target + " executable");
        }
        return target;
    }
}
