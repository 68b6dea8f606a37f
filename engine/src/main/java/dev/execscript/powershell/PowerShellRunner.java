package dev.execscript.powershell;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.confinement.OsConfinement;
import dev.execscript.output.OutputCapture;
import dev.execscript.output.TextCut;
import dev.execscript.policy.Confinement;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@code aws:executeScript} PowerShell step in a real {@code pwsh} process.
 *
 * <h2>Process</h2>
 * {@code pwsh -NoLogo -NoProfile -NonInteractive -File wrapper.ps1 -ScriptPath … -PayloadPath … -ErrorPath …},
 * working directory = a fresh owner-only temp directory holding the extracted attachment (empty without one),
 * stdin closed. Everything the run creates lives under one owner-only temp directory ({@code control/} for the
 * wrapper, script and result files, {@code home/}, {@code tmp/}, {@code work/}), deleted after the run in every
 * case: success, failure, timeout.
 *
 * <h2>Environment</h2>
 * The inherited environment is cleared. The process gets only: {@code PATH} (inherited, because pwsh and
 * .NET locate native dependencies and the commands a script runs through it; a request entry replaces it),
 * {@code POWERSHELL_TELEMETRY_OPTOUT=1} and {@code POWERSHELL_UPDATECHECK=Off} (pwsh would otherwise phone
 * home at start-up; no effect on scripts), the request's {@code environment}, then {@code HOME} and
 * {@code TMPDIR} pointing into the private temp directory and {@code InputPayload} with the payload JSON —
 * these three always win. So {@code $payload = $env:InputPayload | ConvertFrom-Json} works, and nothing of
 * the caller's environment (credentials, tokens) leaks in unless the policy passes it. Built for Linux and
 * macOS; on Windows a cleared environment lacks {@code SystemRoot} and friends.
 *
 * <h2>Result semantics</h2>
 * The wrapper ({@code wrapper.ps1}, a resource) parses the script, runs it as a script block and collects
 * <em>everything on the success stream</em> — {@code return}, {@code Write-Output} and bare expressions alike,
 * which is PowerShell's own meaning of a script's output: none → {@code null}, one object → that object,
 * several → a list. {@code Write-Host}, {@code Write-Information}, warnings, verbose and error records are
 * not output; they reach stdout/stderr and the captured log. The JSON ({@code ConvertTo-Json -Depth 100
 * -Compress}) goes to a private file, never stdout, so logging cannot corrupt it.
 * <ul>
 *   <li>Terminating errors ({@code throw}, {@code -ErrorAction Stop}, and statement-terminating errors such
 *       as an unknown command, which PowerShell propagates to the wrapper's {@code try}) fail the step with
 *       the error record's message, position and script stack trace.</li>
 *   <li>A parse error fails the step with every error's line and column, before anything runs.</li>
 *   <li>Non-terminating errors ({@code Write-Error}, a failing cmdlet without {@code -ErrorAction Stop}) are
 *       written to stderr and do <em>not</em> fail the step, as in a plain pwsh script. AWS does not document
 *       its behaviour here; this is our choice. A script that wants them fatal sets
 *       {@code $ErrorActionPreference = 'Stop'}.</li>
 *   <li>{@code exit N} in the script ends pwsh: N ≠ 0 fails with the exit code; {@code exit 0} leaves no
 *       payload and fails saying so.</li>
 * </ul>
 *
 * <h2>Output</h2>
 * stdout and stderr are read concurrently on two virtual threads into one {@link OutputCapture}, the same
 * capture Python steps use: lines passed to {@code liveOutput} and kept up to {@code maxOutputBytes}; past
 * that one marker line is kept and the rest is read and dropped, so a flood neither blocks pwsh nor fails
 * the step.
 *
 * <h2>Timeout</h2>
 * On expiry the whole process tree is killed (descendants, then pwsh, then anything the descendants started
 * meanwhile), the status is TIMED_OUT and the output printed before the kill is kept. A process that
 * detached itself from the tree before the kill (double fork) is out of reach of {@link ProcessHandle}.
 */
public final class PowerShellRunner {

    /** The failure detail that carries pwsh's exit code, as AWS's FailureDetails.Details. */
    public static final String EXIT_CODE = "ExitCode";

    /** Largest payload file read back; the policy's own payload limit is far lower. */
    static final long MAX_PAYLOAD_FILE_BYTES = 64L * 1024 * 1024;
    /** How long the pipes may stay open after pwsh has gone (a background child may hold them). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    /** Linux refuses a single environment string longer than this (MAX_ARG_STRLEN). */
    private static final int LINUX_MAX_ENV_STRING = 128 * 1024;
    private static final byte[] WRAPPER = loadWrapper();
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path pwshExecutable;
    private final Path tempBase;
    private final OsConfinement confinement;
    private final Confinement setting;

    /** pwsh confined by the OS where the machine allows it ({@link Confinement#AUTO}). */
    public PowerShellRunner(Path pwshExecutable) {
        this(pwshExecutable, Confinement.AUTO);
    }

    /** pwsh confined as the policy's {@code confinement} says, with what the machine offers. */
    public PowerShellRunner(Path pwshExecutable, Confinement setting) {
        this(pwshExecutable, Paths.get(System.getProperty("java.io.tmpdir")), OsConfinement.detect(), setting);
    }

    /** With the directory the private temp directories are created in; tests use it to see that nothing is left. */
    PowerShellRunner(Path pwshExecutable, Path tempBase) {
        this(pwshExecutable, tempBase, OsConfinement.detect(), Confinement.AUTO);
    }

    PowerShellRunner(Path pwshExecutable, Path tempBase, OsConfinement confinement, Confinement setting) {
        this.pwshExecutable = Objects.requireNonNull(pwshExecutable, "pwshExecutable");
        this.tempBase = Objects.requireNonNull(tempBase, "tempBase");
        this.confinement = Objects.requireNonNull(confinement, "confinement");
        this.setting = Objects.requireNonNull(setting, "setting");
    }

    /** Whether {@code command} names an executable file, directly or (a bare name) on the PATH. */
    private static boolean executable(Path command) {
        if (command.getNameCount() > 1 || command.isAbsolute()) {
            return Files.isRegularFile(command) && Files.isExecutable(command);
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isRegularFile(Paths.get(dir).resolve(command)) && Files.isExecutable(Paths.get(dir).resolve(command))) {
                return true;
            }
        }
        return false;
    }

    /** The first executable {@code pwsh} ({@code pwsh.exe} on Windows) on this JVM's PATH. */
    public static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        String name = File.separatorChar == '\\' ? "pwsh.exe" : "pwsh";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Paths.get(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (RuntimeException e) {
                // an unusable PATH element (invalid path syntax) is skipped, as a shell would
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the step; never throws for anything the script does. The attachment was checked before it
     * became part of the request ({@link dev.execscript.attachment.ZipArchive#read}).
     *
     * @throws UncheckedIOException the local disk failed (temp directory could not be created or written)
     */
    public ScriptOutcome run(PowerShellRequest request) {
        long started = System.nanoTime();
        OutputCapture capture = new OutputCapture(request.maxOutputBytes(), request.liveOutput());
        Path root;
        try {
            root = TempTree.createPrivateRoot(tempBase, "execscript-pwsh-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory in " + tempBase, e);
        }
        Ending ending;
        try {
            ending = runIn(root, request, capture);
        } finally {
            cleanUp(root, capture);
        }
        return ending.outcome(capture.text(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** How pwsh ended, before the output and time are known. */
    private record Ending(StepStatus status, String payloadJson, String message, Integer exitCode) {
        ScriptOutcome outcome(String output, Duration elapsed) {
            return switch (status) {
                case Success -> ScriptOutcome.success(payloadJson, null, output, elapsed);
                case TimedOut -> ScriptOutcome.timedOut(message, output, elapsed);
                default -> ScriptOutcome.failed(FailureType.Action, message,
                        exitCode == null ? Map.of() : Map.of(EXIT_CODE, List.of(Integer.toString(exitCode))), output, elapsed);
            };
        }

        static Ending failed(String message, Integer exitCode) {
            return new Ending(StepStatus.Failed, null, message, exitCode);
        }
    }

    private Ending runIn(Path root, PowerShellRequest request, OutputCapture capture) {
        Path control = root.resolve("control");
        Path home = root.resolve("home");
        Path tmp = root.resolve("tmp");
        Path work = root.resolve("work");
        Path wrapper = control.resolve("wrapper.ps1");
        Path script = control.resolve("script.ps1");
        Path payloadFile = control.resolve("payload.json");
        Path errorFile = control.resolve("error.txt");
        try {
            TempTree.createPrivateDirectory(control);
            TempTree.createPrivateDirectory(home);
            TempTree.createPrivateDirectory(tmp);
            Files.write(wrapper, WRAPPER);
            Files.writeString(script, request.script(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + root, e);
        }
        try {
            if (request.attachment().isPresent()) {
                request.attachment().get().extractTo(work);
            } else {
                TempTree.createPrivateDirectory(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + work + ": " + e.getMessage(), e);
        }

        String refused = confinement.refusal(setting);
        if (refused != null) {
            return Ending.failed(refused, null);
        }
        if (setting != Confinement.OFF && confinement.available() && !executable(pwshExecutable)) {
            // (A bare name is found on the PATH inside; a path is shown read-only even under the private /tmp.)
            // Confined, the tool starting pwsh would fail inside instead: say it as an unconfined start would.
            return Ending.failed("could not start pwsh (" + pwshExecutable + "): no executable file there", null);
        }
        // Confined (where the machine allows): no network, the file system read-only but for this run's own tree.
        ProcessBuilder builder = new ProcessBuilder(confinement.apply(setting, List.of(
                pwshExecutable.toString(), "-NoLogo", "-NoProfile", "-NonInteractive",
                "-File", wrapper.toString(),
                "-ScriptPath", script.toString(),
                "-PayloadPath", payloadFile.toString(),
                "-ErrorPath", errorFile.toString()), List.of(root),
                pwshExecutable.getNameCount() > 1 || pwshExecutable.isAbsolute() ? List.of(pwshExecutable.toAbsolutePath()) : List.of()))
                .directory(work.toFile());
        Map<String, String> env = builder.environment();
        String inheritedPath = System.getenv("PATH");
        env.clear();
        env.put("PATH", inheritedPath != null ? inheritedPath : "/usr/local/bin:/usr/bin:/bin");
        env.put("POWERSHELL_TELEMETRY_OPTOUT", "1");
        env.put("POWERSHELL_UPDATECHECK", "Off");
        env.putAll(request.environment());
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("InputPayload", request.inputPayloadJson());

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String hint = OutputCapture.utf8Length(request.inputPayloadJson()) + 13 > LINUX_MAX_ENV_STRING
                    ? " (InputPayload is over 128 KiB, more than Linux allows in one environment variable)"
                    : "";
            return Ending.failed("could not start pwsh (" + pwshExecutable + "): " + e.getMessage() + hint, null);
        }
        try {
            process.getOutputStream().close(); // nothing to read: a script waiting on stdin ends at once
        } catch (IOException e) {
            // already gone; the exit status will tell
        }
        Thread stdout = Thread.ofVirtual().name("pwsh-stdout").start(() -> drain(process.getInputStream(), capture));
        Thread stderr = Thread.ofVirtual().name("pwsh-stderr").start(() -> drain(process.getErrorStream(), capture));

        boolean timedOut = false;
        try {
            if (!process.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                int killed = killTree(process);
                capture.note("timed out after " + describe(request.timeout()) + "; killed pwsh"
                        + (killed > 0 ? " and " + killed + " descendant process" + (killed == 1 ? "" : "es") : ""));
            }
            long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
            for (Thread reader : List.of(stdout, stderr)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.join(Duration.ofNanos(left))) {
                    capture.note("stopped reading output: a background process still holds pwsh's output open");
                    break;
                }
            }
            capture.close(); // a reader left behind must not reach liveOutput after run() returned
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            capture.note("interrupted; killed pwsh");
            return Ending.failed("the run was interrupted; pwsh was killed", null);
        }

        if (timedOut) {
            return new Ending(StepStatus.TimedOut, null,
                    "PowerShell step timed out after " + describe(request.timeout()),
                    process.isAlive() ? null : process.exitValue());
        }
        int exitCode = process.exitValue();
        String error = readError(errorFile);
        if (error != null && !error.isBlank()) {
            return Ending.failed(error.strip(), exitCode);
        }
        if (exitCode != 0) {
            return Ending.failed(describeExit(exitCode), exitCode);
        }
        return readPayload(payloadFile, exitCode);
    }

    private static void drain(InputStream in, OutputCapture capture) {
        try {
            capture.pump(in);
        } catch (IOException e) {
            // the pipe was closed under us (process killed): what was read is kept
        }
    }

    /** Kills pwsh and everything below it; returns how many descendants were found. */
    static int killTree(Process process) {
        Set<ProcessHandle> descendants = new LinkedHashSet<>();
        // Descendants first, while pwsh is alive and they are still findable through it; twice, for any
        // forked in between.
        for (int round = 0; round < 2; round++) {
            for (ProcessHandle h : process.descendants().toList()) {
                if (descendants.add(h)) {
                    h.destroyForcibly();
                }
            }
        }
        process.destroyForcibly();
        // Anything a descendant forked just before it died.
        for (ProcessHandle h : List.copyOf(descendants)) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle h : descendants) {
                h.onExit().get(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a handle that doesn't report its exit in time: we killed it, nothing more to do
        }
        return descendants.size();
    }

    static String describeExit(int exitCode) {
        // The JDK reports a Unix process killed by signal S as exit code 128 + S.
        if (exitCode > 128 && exitCode < 128 + 65 && File.separatorChar == '/') {
            int signal = exitCode - 128;
            return "pwsh was killed by signal " + signal + signalName(signal) + " (exit code " + exitCode + ")";
        }
        return "pwsh exited with code " + exitCode;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 3 -> " (SIGQUIT)";
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 13 -> " (SIGPIPE)";
            case 14 -> " (SIGALRM)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String readError(Path errorFile) {
        try (var reader = Files.newBufferedReader(errorFile, StandardCharsets.UTF_8)) {
            // One character more than the limit tells that the message was longer.
            char[] buffer = new char[TextCut.MAX_TEXT_CHARS + 1];
            int length = 0;
            int n;
            while (length < buffer.length && (n = reader.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
            }
            String text = stripBom(new String(buffer, 0, length));
            return length == buffer.length ? TextCut.head(text, TextCut.MAX_TEXT_CHARS, -1) : text;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "the error file could not be read: " + e.getMessage();
        }
    }

    private static Ending readPayload(Path payloadFile, int exitCode) {
        String text;
        try {
            long size = Files.size(payloadFile);
            if (size > MAX_PAYLOAD_FILE_BYTES) {
                return Ending.failed("the script's output is " + size + " bytes of JSON, more than "
                        + MAX_PAYLOAD_FILE_BYTES + " bytes", exitCode);
            }
            text = stripBom(Files.readString(payloadFile, StandardCharsets.UTF_8)).strip();
        } catch (NoSuchFileException e) {
            return Ending.failed("pwsh exited with code 0 but wrote no payload; did the script call 'exit'?"
                    + " (the wrapper writes one whenever the script ends normally)", exitCode);
        } catch (IOException e) {
            return Ending.failed("the payload file could not be read: " + e.getMessage(), exitCode);
        }
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Ending.failed("the payload file is not valid JSON: " + e.getOriginalMessage(), exitCode);
        }
        return new Ending(StepStatus.Success, text, null, exitCode);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static void cleanUp(Path root, OutputCapture capture) {
        if (TempTree.delete(root)) {
            return;
        }
        // A process that outlived pwsh may still be writing there; one more try after it had a moment.
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!TempTree.delete(root)) {
            capture.note("could not delete the temporary directory " + root);
        }
    }

    private static byte[] loadWrapper() {
        try (InputStream in = PowerShellRunner.class.getResourceAsStream("wrapper.ps1")) {
            if (in == null) {
                throw new IllegalStateException("resource dev/execscript/powershell/wrapper.ps1 is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
