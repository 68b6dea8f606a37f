package dev.execscript.policy;

import dev.execscript.text.Excerpt;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What a script may do and how much it may use. Immutable and thread-safe; build one with
 * {@link #builder()}, start from {@link #defaults()} (the {@value #STRICT} preset), a
 * {@linkplain #preset(String) preset}, or {@linkplain #load(Path) a YAML/JSON file}.
 *
 * <p>Every builder setter checks its value at once and throws {@link PolicyException} naming the
 * setting, the value and the allowed range, so a bad value is reported where it was written, not
 * when a script first runs. Holds no GraalVM types: the engine translates it into its own settings.
 */
public final class ScriptPolicy {

    /** Name of the preset equal to {@link #defaults()}. */
    public static final String STRICT = "strict";
    /** Name of the preset for trusted local development, see {@link #localDevelopment(Path, Collection)}. */
    public static final String LOCAL_DEV = "local-dev";

    /**
     * AWS's own limit for an aws:executeScript step (its {@code timeoutSeconds} at most): the one definition
     * of it. Allowing more locally would hide scripts that fail in the cloud.
     */
    public static final Duration MAX_STEP_TIME = Duration.ofSeconds(600);
    static final DurationRange WALL_CLOCK_TIMEOUT = new DurationRange("wallClockTimeout", MAX_STEP_TIME);

    static final String VARIABLE_NAME_FORM = "a name matching [A-Za-z_][A-Za-z0-9_]*";
    static final String MODULE_NAME_FORM = "a dotted Python module name such as json or xml.etree";
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // ASCII identifiers only: every module worth pre-importing has one, and it keeps the check simple.
    private static final Pattern MODULE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private static final ScriptPolicy DEFAULTS = new Builder().build();
    private static final ScriptPolicy LOCAL_DEV_PRESET = new Builder().allowThreads(true).build();

    private final Duration wallClockTimeout;
    private final GuestLimits guestLimits;
    private final PayloadLimits payloadLimits;
    private final ArchiveLimits archiveLimits;
    private final List<Path> readableDirectories;
    private final List<String> environmentVariables;
    private final boolean allowThreads;
    private final IsolationSettings isolationSettings;
    private final Optional<Path> pwshPath;
    private final boolean strictRuntimes;
    private final List<Path> pythonPath;
    private final Optional<URI> awsEndpoint;
    /** Policies are map keys on the engine's hot path (reused contexts, the pool); immutable, so hashed once. */
    private final int hash;

    private ScriptPolicy(Builder b) {
        this.wallClockTimeout = b.wallClockTimeout;
        this.guestLimits = b.guest.build();
        this.payloadLimits = b.payload.build();
        this.archiveLimits = b.archive.build();
        this.readableDirectories = b.readableDirectories;
        this.environmentVariables = b.environmentVariables;
        this.allowThreads = b.allowThreads;
        this.isolationSettings = b.isolation.build();
        this.pwshPath = b.pwshPath;
        this.strictRuntimes = b.strictRuntimes;
        this.pythonPath = b.pythonPath;
        this.awsEndpoint = b.awsEndpoint;
        this.hash = Objects.hash(wallClockTimeout, guestLimits, payloadLimits, archiveLimits, readableDirectories,
                environmentVariables, allowThreads, isolationSettings, pwshPath, strictRuntimes, pythonPath, awsEndpoint);
    }

    /** Every setting at its default: the strictest useful policy. */
    public static ScriptPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy for trusted local development: the script may read {@code readableDir} (made absolute
     * against the current directory) and sees the environment variables named in {@code envNames};
     * threads are allowed. Every other setting keeps its default.
     */
    public static ScriptPolicy localDevelopment(Path readableDir, Collection<String> envNames) {
        return LOCAL_DEV_PRESET.toBuilder()
                .readableDirectories(List.of(readableDir))
                .environmentVariables(envNames)
                .build();
    }

    /**
     * A named preset: {@value #STRICT} (= {@link #defaults()}) or {@value #LOCAL_DEV} (threads allowed,
     * no directories or environment variables yet; add them with {@link #toBuilder()}).
     *
     * @throws PolicyException for any other name; the message lists the known ones
     */
    public static ScriptPolicy preset(String name) {
        Objects.requireNonNull(name, "preset");
        return switch (name) {
            case STRICT -> DEFAULTS;
            case LOCAL_DEV -> LOCAL_DEV_PRESET;
            default -> throw new PolicyException("preset",
                    "unknown preset '" + Excerpt.of(name) + "'; known presets: " + String.join(", ", presetNames()));
        };
    }

    /** The names {@link #preset(String)} accepts. */
    public static List<String> presetNames() {
        return List.of(STRICT, LOCAL_DEV);
    }

    /** Reads a policy file; see {@link PolicyLoader#load(Path)}. */
    public static ScriptPolicy load(Path file) throws IOException {
        return PolicyLoader.load(file);
    }

    /** Reads a policy from YAML or JSON text; see {@link PolicyLoader#load(Reader, String)}. */
    public static ScriptPolicy load(Reader reader, String sourceName) throws IOException {
        return PolicyLoader.load(reader, sourceName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Longest a step may run, by the wall clock; a step's own {@code timeoutSeconds} can only lower it. */
    public Duration wallClockTimeout() {
        return wallClockTimeout;
    }

    /** What one run may use: statements, CPU time, allocations, call depth, printed output. */
    public GuestLimits guestLimits() {
        return guestLimits;
    }

    /** Limits on the output payload (AWS's by default). */
    public PayloadLimits payloadLimits() {
        return payloadLimits;
    }

    /** Caps on zip attachments. */
    public ArchiveLimits archiveLimits() {
        return archiveLimits;
    }

    /** Directories the script may read, absolute and normalised; unmodifiable. Empty: none. */
    public List<Path> readableDirectories() {
        return readableDirectories;
    }

    /** Names of the host environment variables the script sees; unmodifiable. Empty: none. */
    public List<String> environmentVariables() {
        return environmentVariables;
    }

    /** Whether the script may start threads. */
    public boolean allowThreads() {
        return allowThreads;
    }

    /** How runs are kept apart: isolation mode, pool, warm-up imports, a worker's memory and confinement. */
    public IsolationSettings isolationSettings() {
        return isolationSettings;
    }

    /** The {@code pwsh} executable for PowerShell steps; empty: look it up on the PATH. */
    public Optional<Path> pwshPath() {
        return pwshPath;
    }

    /**
     * Whether a step whose {@code Runtime} AWS no longer runs or does not list (python3.6-3.9, python3.12,
     * PowerShell Core 6.0, 7.0, 7.2) is an input error rather than a note.
     */
    public boolean strictRuntimes() {
        return strictRuntimes;
    }

    /**
     * Directories added to the scripts' import path, read-only, after the installed boto3 the engine finds
     * itself (e.g. one filled by {@code pip install --target DIR boto3}). Default none.
     */
    public List<Path> pythonPath() {
        return pythonPath;
    }

    /**
     * Where the scripts' AWS calls go (e.g. LocalStack's {@code http://127.0.0.1:4566}): the host sends them
     * there on the script's behalf, to that origin only. Empty (the default): no call leaves the machine.
     */
    public Optional<URI> awsEndpoint() {
        return awsEndpoint;
    }

    /** A builder holding every setting of this policy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.wallClockTimeout = wallClockTimeout;
        b.guest = guestLimits.toBuilder();
        b.payload = payloadLimits.toBuilder();
        b.archive = archiveLimits.toBuilder();
        b.readableDirectories = readableDirectories;
        b.environmentVariables = environmentVariables;
        b.allowThreads = allowThreads;
        b.isolation = isolationSettings.toBuilder();
        b.pwshPath = pwshPath;
        b.strictRuntimes = strictRuntimes;
        b.pythonPath = pythonPath;
        b.awsEndpoint = awsEndpoint;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScriptPolicy p
                && wallClockTimeout.equals(p.wallClockTimeout)
                && guestLimits.equals(p.guestLimits)
                && payloadLimits.equals(p.payloadLimits)
                && archiveLimits.equals(p.archiveLimits)
                && readableDirectories.equals(p.readableDirectories)
                && environmentVariables.equals(p.environmentVariables)
                && allowThreads == p.allowThreads
                && isolationSettings.equals(p.isolationSettings)
                && pwshPath.equals(p.pwshPath)
                && strictRuntimes == p.strictRuntimes
                && pythonPath.equals(p.pythonPath)
                && awsEndpoint.equals(p.awsEndpoint);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Every setting, durations and sizes in the policy-file notation (e.g. {@code 10m}, {@code 8GiB}). */
    @Override
    public String toString() {
        return "ScriptPolicy{wallClockTimeout=" + DurationFormat.format(wallClockTimeout)
                + ", maxStatements=" + guestLimits.maxStatements()
                + ", cpuTime=" + DurationFormat.format(guestLimits.cpuTime())
                + ", maxAllocatedBytes=" + SizeFormat.format(guestLimits.maxAllocatedBytes())
                + ", maxRecursionDepth=" + guestLimits.maxRecursionDepth()
                + ", maxOutputBytes=" + SizeFormat.format(guestLimits.maxOutputBytes())
                + ", maxPayloadBytes=" + SizeFormat.format(payloadLimits.maxBytes())
                + ", maxPayloadListItems=" + payloadLimits.maxListItems()
                + ", readableDirectories=" + readableDirectories
                + ", environmentVariables=" + environmentVariables
                + ", allowThreads=" + allowThreads
                + ", isolation=" + isolationSettings.isolation()
                + ", poolSize=" + isolationSettings.poolSize()
                + ", warmupImports=" + isolationSettings.warmupImports()
                + ", maxArchiveEntries=" + archiveLimits.maxEntries()
                + ", maxArchiveUncompressedBytes=" + SizeFormat.format(archiveLimits.maxUncompressedBytes())
                + ", maxArchiveCompressionRatio=" + archiveLimits.maxCompressionRatio()
                + ", pwshPath=" + pwshPath.map(Path::toString).orElse("")
                + ", strictRuntimes=" + strictRuntimes
                + ", pythonPath=" + pythonPath
                + ", awsEndpoint=" + awsEndpoint.map(URI::toString).orElse("")
                + ", maxMemory=" + SizeFormat.format(isolationSettings.maxMemory())
                + ", confinement=" + isolationSettings.confinement()
                + "}";
    }

    /**
     * Collects settings for a {@link ScriptPolicy}. Each setter validates at once and throws
     * {@link PolicyException} (naming setting, value and allowed range) for a bad value, and
     * {@link NullPointerException} for null. Not thread-safe; reusable after {@link #build()}.
     */
    public static final class Builder {
        private Duration wallClockTimeout = MAX_STEP_TIME;
        private GuestLimits.Builder guest = GuestLimits.builder();
        private PayloadLimits.Builder payload = PayloadLimits.builder();
        private ArchiveLimits.Builder archive = ArchiveLimits.builder();
        private List<Path> readableDirectories = List.of();
        private List<String> environmentVariables = List.of();
        private boolean allowThreads = false;
        private IsolationSettings.Builder isolation = IsolationSettings.builder();
        private Optional<Path> pwshPath = Optional.empty();
        private boolean strictRuntimes = false;
        private List<Path> pythonPath = List.of();
        private Optional<URI> awsEndpoint = Optional.empty();

        private Builder() {
        }

        /** Default 600 s; more than 0 and at most 600 s. */
        public Builder wallClockTimeout(Duration value) {
            this.wallClockTimeout = WALL_CLOCK_TIMEOUT.check(value);
            return this;
        }

        /** Replaces every guest limit (see {@link GuestLimits}); the setters below change one. */
        public Builder guestLimits(GuestLimits value) {
            this.guest = Objects.requireNonNull(value, "guestLimits").toBuilder();
            return this;
        }

        /** Replaces the payload limits (see {@link PayloadLimits}); the setters below change one. */
        public Builder payloadLimits(PayloadLimits value) {
            this.payload = Objects.requireNonNull(value, "payloadLimits").toBuilder();
            return this;
        }

        /** Replaces the archive limits (see {@link ArchiveLimits}); the setters below change one. */
        public Builder archiveLimits(ArchiveLimits value) {
            this.archive = Objects.requireNonNull(value, "archiveLimits").toBuilder();
            return this;
        }

        /** {@link GuestLimits.Builder#maxStatements(long)}, as a policy file's {@code maxStatements}. */
        public Builder maxStatements(long value) {
            guest.maxStatements(value);
            return this;
        }

        /** {@link GuestLimits.Builder#cpuTime(Duration)}. */
        public Builder cpuTime(Duration value) {
            guest.cpuTime(value);
            return this;
        }

        /** {@link GuestLimits.Builder#maxAllocatedBytes(long)}. */
        public Builder maxAllocatedBytes(long value) {
            guest.maxAllocatedBytes(value);
            return this;
        }

        /** {@link GuestLimits.Builder#maxRecursionDepth(int)}. */
        public Builder maxRecursionDepth(int value) {
            guest.maxRecursionDepth(value);
            return this;
        }

        /** {@link GuestLimits.Builder#maxOutputBytes(int)}. */
        public Builder maxOutputBytes(int value) {
            guest.maxOutputBytes(value);
            return this;
        }

        /** {@link PayloadLimits.Builder#maxBytes(int)}, as a policy file's {@code maxPayloadBytes}. */
        public Builder maxPayloadBytes(int value) {
            payload.maxBytes(value);
            return this;
        }

        /** {@link PayloadLimits.Builder#maxListItems(int)}, as a policy file's {@code maxPayloadListItems}. */
        public Builder maxPayloadListItems(int value) {
            payload.maxListItems(value);
            return this;
        }

        /**
         * Default none. Each path is made absolute against the current working directory <em>at the
         * time of this call</em> and normalised; duplicates are dropped, order is kept. The list is
         * copied.
         */
        public Builder readableDirectories(Collection<Path> value) {
            this.readableDirectories = copyChecked(value, "readableDirectories", Builder::checkDirectory);
            return this;
        }

        /** As {@link #readableDirectories(Collection)}. */
        public Builder readableDirectories(Path... value) {
            return readableDirectories(Arrays.asList(Objects.requireNonNull(value, "readableDirectories")));
        }

        /** Default none. Each must match {@code [A-Za-z_][A-Za-z0-9_]*}; duplicates are dropped. Copied. */
        public Builder environmentVariables(Collection<String> value) {
            this.environmentVariables = copyChecked(value, "environmentVariables", Builder::checkVariableName);
            return this;
        }

        /** As {@link #environmentVariables(Collection)}. */
        public Builder environmentVariables(String... value) {
            return environmentVariables(Arrays.asList(Objects.requireNonNull(value, "environmentVariables")));
        }

        /** Default false. */
        public Builder allowThreads(boolean value) {
            this.allowThreads = value;
            return this;
        }

        /** Replaces every isolation setting. */
        public Builder isolationSettings(IsolationSettings value) {
            this.isolation = Objects.requireNonNull(value, "isolationSettings").toBuilder();
            return this;
        }

        /** As {@link IsolationSettings.Builder#isolation}. */
        public Builder isolation(Isolation value) {
            isolation.isolation(value);
            return this;
        }

        /** As {@link IsolationSettings.Builder#poolSize}. */
        public Builder poolSize(int value) {
            isolation.poolSize(value);
            return this;
        }

        /** As {@link IsolationSettings.Builder#warmupImports(Collection)}. */
        public Builder warmupImports(Collection<String> value) {
            isolation.warmupImports(value);
            return this;
        }

        /** As {@link #warmupImports(Collection)}. */
        public Builder warmupImports(String... value) {
            return warmupImports(Arrays.asList(Objects.requireNonNull(value, "warmupImports")));
        }

        /** {@link ArchiveLimits.Builder#maxEntries(int)}, as a policy file's {@code maxArchiveEntries}. */
        public Builder maxArchiveEntries(int value) {
            archive.maxEntries(value);
            return this;
        }

        /** {@link ArchiveLimits.Builder#maxUncompressedBytes(long)}, as a policy file's {@code maxArchiveUncompressedBytes}. */
        public Builder maxArchiveUncompressedBytes(long value) {
            archive.maxUncompressedBytes(value);
            return this;
        }

        /** {@link ArchiveLimits.Builder#maxCompressionRatio(int)}, as a policy file's {@code maxArchiveCompressionRatio}. */
        public Builder maxArchiveCompressionRatio(int value) {
            archive.maxCompressionRatio(value);
            return this;
        }

        /**
         * Default: none (look {@code pwsh} up on the PATH). The path is kept as given, relative or not,
         * because a bare command name must stay one.
         */
        public Builder pwshPath(Path value) {
            this.pwshPath = Optional.of(Objects.requireNonNull(value, "pwshPath"));
            return this;
        }

        /** As {@link #pwshPath(Path)}; empty clears it. */
        public Builder pwshPath(Optional<Path> value) {
            this.pwshPath = Objects.requireNonNull(value, "pwshPath");
            return this;
        }

        /** Default false: a runtime AWS no longer runs gets a note; true makes it an input error. */
        public Builder strictRuntimes(boolean value) {
            this.strictRuntimes = value;
            return this;
        }

        /** Default none. Each directory is made absolute and normalised as in {@link #readableDirectories(Collection)}. */
        public Builder pythonPath(Collection<Path> value) {
            this.pythonPath = copyChecked(value, "pythonPath", Builder::checkDirectory);
            return this;
        }

        /** As {@link #pythonPath(Collection)}. */
        public Builder pythonPath(Path... value) {
            return pythonPath(Arrays.asList(Objects.requireNonNull(value, "pythonPath")));
        }

        /**
         * Default none. An http or https URL with a host and nothing after the port but an optional {@code /}
         * (the scripts' calls are sent to that origin only).
         */
        public Builder awsEndpoint(URI value) {
            this.awsEndpoint = Optional.of(checkEndpoint(Objects.requireNonNull(value, "awsEndpoint").toString()));
            return this;
        }

        /** As {@link #awsEndpoint(URI)}, from its text; empty clears it. */
        public Builder awsEndpoint(Optional<URI> value) {
            this.awsEndpoint = Objects.requireNonNull(value, "awsEndpoint").map(u -> checkEndpoint(u.toString()));
            return this;
        }

        /** As {@link IsolationSettings.Builder#maxMemory}. */
        public Builder maxMemory(long value) {
            isolation.maxMemory(value);
            return this;
        }

        /** As {@link IsolationSettings.Builder#confinement}. */
        public Builder confinement(Confinement value) {
            isolation.confinement(value);
            return this;
        }

        public ScriptPolicy build() {
            return new ScriptPolicy(this);
        }

        // Per-item checks, package-private so the file loader can point at the line of the bad item.

        static Path checkDirectory(Path value) {
            return value.toAbsolutePath().normalize();
        }

        static final String ENDPOINT_FORM = "an http or https URL such as http://127.0.0.1:4566";

        static URI checkEndpoint(String text) {
            URI uri;
            try {
                uri = new URI(text.strip());
            } catch (URISyntaxException e) {
                throw new PolicyException("awsEndpoint", "'" + Excerpt.of(text) + "' is not " + ENDPOINT_FORM + " (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new PolicyException("awsEndpoint", "'" + Excerpt.of(text) + "' is not " + ENDPOINT_FORM
                        + " (the scheme must be http or https)");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new PolicyException("awsEndpoint", "'" + Excerpt.of(text) + "' is not " + ENDPOINT_FORM + " (no host)");
            }
            if (uri.getUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                throw new PolicyException("awsEndpoint", "'" + Excerpt.of(text) + "' is not " + ENDPOINT_FORM
                        + " (only scheme, host and port: no user, path, query or fragment)");
            }
            try {
                return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
            } catch (URISyntaxException e) {
                throw new PolicyException("awsEndpoint", "'" + Excerpt.of(text) + "' is not " + ENDPOINT_FORM);
            }
        }

        static String checkVariableName(String value) {
            if (!VARIABLE_NAME.matcher(value).matches()) {
                throw new PolicyException("environmentVariables", "'" + Excerpt.of(value) + "' is not " + VARIABLE_NAME_FORM);
            }
            return value;
        }

        static String checkModuleName(String value) {
            if (!MODULE_NAME.matcher(value).matches()) {
                throw new PolicyException("warmupImports", "'" + Excerpt.of(value) + "' is not " + MODULE_NAME_FORM);
            }
            return value;
        }

        static <T> List<T> copyChecked(Collection<T> value, String setting, UnaryOperator<T> check) {
            Objects.requireNonNull(value, setting);
            LinkedHashSet<T> out = new LinkedHashSet<>();
            for (T item : new ArrayList<>(value)) {
                out.add(check.apply(Objects.requireNonNull(item, () -> setting + " contains null")));
            }
            return List.copyOf(out);
        }
    }
}
