package dev.execscript.confinement;

import dev.execscript.policy.Confinement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Confines child processes (worker JVMs, {@code pwsh}) with what the machine offers, found once at start:
 * Debian's {@code bwrap} (bubblewrap) or, failing that, util-linux's {@code unshare}. Each is tried for real
 * (a trivial confined command must run), because a tool that is installed may still be refused by the
 * kernel (user namespaces off, no privilege).
 *
 * <ul>
 * <li>{@code bwrap}: new network namespace (no interface but a down loopback), new PID, IPC and UTS
 * namespaces, the whole file system read-only except a private {@code /tmp} and the directories the caller
 * names, no capabilities, no new privileges, killed with its parent.
 * <li>{@code unshare}: new network, PID, IPC and UTS namespaces and no new privileges ({@code setpriv}); the
 * file system stays as it is (read-only mounts need more than unshare offers in one call).
 * </ul>
 * Both add resource limits through {@code prlimit}: no core dumps, a file-size cap and a process cap.
 * Thread-safe and immutable.
 */
public final class OsConfinement {

    /** Which tool confines processes here. */
    public enum Mechanism { BWRAP, UNSHARE, NONE }

    /** Largest file a confined process may write (RLIMIT_FSIZE). */
    static final long MAX_FILE_BYTES = 1L << 30;
    /** Processes and threads of the user (RLIMIT_NPROC; the kernel counts them per user, not per tree). */
    static final int MAX_PROCESSES = 4096;

    private static volatile OsConfinement detected;

    private final Mechanism mechanism;
    private final boolean prlimit;
    private final String why;

    OsConfinement(Mechanism mechanism, boolean prlimit, String why) {
        this.mechanism = mechanism;
        this.prlimit = prlimit;
        this.why = why;
    }

    /** Nothing confines processes (for machines and tests where that is the point). */
    public static OsConfinement none(String why) {
        return new OsConfinement(Mechanism.NONE, false, why);
    }

    /** What this machine offers, tried once per JVM. */
    public static OsConfinement detect() {
        OsConfinement found = detected;
        if (found == null) {
            synchronized (OsConfinement.class) {
                if (detected == null) {
                    detected = probe();
                }
                found = detected;
            }
        }
        return found;
    }

    private static OsConfinement probe() {
        Path bwrap = onPath("bwrap");
        Path unshare = onPath("unshare");
        Path setpriv = onPath("setpriv");
        boolean prlimit = onPath("prlimit") != null && runs(List.of("prlimit", "--core=0", "--", "true"));
        List<String> refused = new ArrayList<>();
        if (bwrap != null) {
            OsConfinement c = new OsConfinement(Mechanism.BWRAP, prlimit, "bwrap works here");
            if (runs(c.wrap(List.of("true"), List.of()))) {
                return c;
            }
            refused.add("bwrap is installed but cannot create namespaces here");
        }
        if (unshare != null && setpriv != null) {
            OsConfinement c = new OsConfinement(Mechanism.UNSHARE, prlimit, "unshare works here (bwrap "
                    + (bwrap == null ? "not installed" : "refused") + ")");
            if (runs(c.wrap(List.of("true"), List.of()))) {
                return c;
            }
            refused.add("unshare is installed but cannot create namespaces here (it needs root or user namespaces)");
        }
        if (bwrap == null && unshare == null) {
            refused.add("neither bwrap (Debian: apt-get install bubblewrap) nor unshare (util-linux) is installed");
        } else if (unshare != null && setpriv == null) {
            refused.add("setpriv (util-linux) is missing");
        }
        return new OsConfinement(Mechanism.NONE, prlimit, String.join("; ", refused));
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Mechanism mechanism() {
        return mechanism;
    }

    public boolean available() {
        return mechanism != Mechanism.NONE;
    }

    /** Whether {@code policy} lets a process run here, and how: null when it may, else why it may not. */
    public String refusal(Confinement policy) {
        if (policy == Confinement.REQUIRED && !available()) {
            return "the policy requires OS confinement (confinement: required), but none is usable here: " + why;
        }
        return null;
    }

    /** {@code command} as it runs under {@code policy}: confined when asked for and possible, else as is. */
    public List<String> apply(Confinement policy, List<String> command, List<Path> writable) {
        return apply(policy, command, writable, List.of());
    }

    /** As {@link #apply(Confinement, List, List)}; {@code readable} files or directories under /tmp stay visible, read-only. */
    public List<String> apply(Confinement policy, List<String> command, List<Path> writable, List<Path> readable) {
        return policy == Confinement.OFF ? command : wrap(command, writable, readable);
    }

    List<String> wrap(List<String> command, List<Path> writable) {
        return wrap(command, writable, List.of());
    }

    /**
     * {@code command} wrapped to run confined; {@code writable} directories stay writable (they must
     * exist), {@code readable} paths are shown read-only even where a private directory hides them (the
     * private /tmp). Unchanged when nothing is usable.
     */
    List<String> wrap(List<String> command, List<Path> writable, List<Path> readable) {
        List<String> out = new ArrayList<>();
        switch (mechanism) {
            case BWRAP -> {
                out.addAll(List.of("bwrap", "--die-with-parent", "--unshare-net", "--unshare-pid", "--unshare-ipc",
                        "--unshare-uts", "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                        "--tmpfs", "/tmp"));
                for (Path path : readable) {
                    String p = path.toAbsolutePath().normalize().toString();
                    out.addAll(List.of("--ro-bind", p, p));
                }
                for (Path dir : writable) {
                    String d = dir.toAbsolutePath().normalize().toString();
                    out.addAll(List.of("--bind", d, d));
                }
                out.add("--");
            }
            case UNSHARE -> out.addAll(List.of("unshare", "--net", "--pid", "--fork", "--kill-child", "--ipc", "--uts",
                    "--", "setpriv", "--no-new-privs", "--"));
            case NONE -> {
                return command;
            }
        }
        if (prlimit) {
            out.addAll(List.of("prlimit", "--core=0", "--fsize=" + MAX_FILE_BYTES, "--nproc=" + MAX_PROCESSES, "--"));
        }
        out.addAll(command);
        return out;
    }

    /** The confinements in force for processes started here, one per line (for {@code --show-isolation}). */
    public List<String> activeConfinements() {
        List<String> lines = new ArrayList<>();
        switch (mechanism) {
            case BWRAP -> {
                lines.add("network: a new network namespace: no interface but a loopback that is down (bwrap)");
                lines.add("file system: read-only, except a private /tmp and the run's own directory (bwrap)");
                lines.add("processes: a new PID namespace; IPC and UTS namespaces too (bwrap)");
                lines.add("privileges: no capabilities, no new privileges (bwrap)");
            }
            case UNSHARE -> {
                lines.add("network: a new network namespace: no interface but a loopback that is down (unshare)");
                lines.add("file system: NOT confined (unshare cannot remount it read-only in one call)");
                lines.add("processes: a new PID namespace; IPC and UTS namespaces too (unshare)");
                lines.add("privileges: no new privileges (setpriv)");
            }
            case NONE -> lines.add("none: " + why);
        }
        if (mechanism != Mechanism.NONE) {
            lines.add(prlimit
                    ? "limits: no core dumps, files up to " + (MAX_FILE_BYTES >> 20) + " MiB, at most " + MAX_PROCESSES
                            + " processes of the user (prlimit)"
                    : "limits: none (prlimit is missing)");
        }
        return lines;
    }
}
