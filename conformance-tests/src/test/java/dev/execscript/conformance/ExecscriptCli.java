package dev.execscript.conformance;

import dev.execscript.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Something that follows the execscript CLI contract: given arguments, gives exit code, stdout and stderr. */
interface ExecscriptCli {

    record Result(int exitCode, String stdout, String stderr) {
    }

    Result run(List<String> args);

    String describe();

    /** {@code -Dconformance.cli=PATH} selects an external command; otherwise the engine runs in this JVM. */
    static ExecscriptCli fromSystemProperties() {
        String path = System.getProperty("conformance.cli", "").trim();
        return path.isEmpty() ? new InProcess() : new External(path);
    }

    /** {@link Main#run} in this JVM: no JVM start per case. */
    final class InProcess implements ExecscriptCli {
        @Override
        public Result run(List<String> args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return "in-process dev.execscript.cli.Main";
        }
    }

    /** Any command with the same contract, run as a process: {@code PATH run DOC ...}. */
    final class External implements ExecscriptCli {
        /** Longer than the 600 s step cap, so a hung command is reported rather than waited on forever. */
        private static final long LIMIT_SECONDS = 900;
        private final String command;

        External(String command) {
            this.command = command;
        }

        @Override
        public Result run(List<String> args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(command);
            cmd.addAll(args);
            try {
                Path out = Files.createTempFile("conformance-out", ".txt");
                Path err = Files.createTempFile("conformance-err", ".txt");
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within " + LIMIT_SECONDS + " s");
                }
                Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
        }

        @Override
        public String describe() {
            return "external command " + command;
        }
    }
}
