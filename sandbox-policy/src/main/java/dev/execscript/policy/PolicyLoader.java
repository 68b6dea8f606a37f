package dev.execscript.policy;

import dev.execscript.text.YamlLimits;
import dev.execscript.text.YamlInputException;
import dev.execscript.text.LocatedYaml;
import dev.execscript.text.Excerpt;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a {@link ScriptPolicy} from a YAML or JSON file: a mapping of setting names to values.
 *
 * <pre>
 * preset: strict            # optional: strict (default) or local-dev; the other keys change it
 * wallClockTimeout: 30s     # durations: 250ms, 30s, 2m, 1h, a bare number of seconds, or ISO-8601 PT30S
 * maxAllocatedBytes: 512MB  # sizes: bytes, or KB/MB/GB/TB - all 1024-based; KiB/MiB/GiB/TiB too
 * readableDirectories: [/data/in, ../shared]   # relative entries resolve against the file's directory
 * isolation: fresh          # fresh | reuse | process | process-reuse (case-insensitive)
 * confinement: auto         # auto | required | off (worker and pwsh processes)
 * pwshPath: /usr/bin/pwsh   # kept as written
 * strictRuntimes: true      # a Runtime AWS no longer runs is an error, not a note
 * </pre>
 *
 * Counts ({@code maxStatements}, {@code poolSize}, ...) are whole numbers; {@code _} may group digits.
 * Files whose name ends in {@code .json} are read as JSON, all others as YAML. An empty file is the
 * strict preset. Unknown or repeated keys, values of the wrong form and values out of range are
 * {@link PolicyException}s naming the key, the file and the line; the caller never sees a Jackson
 * exception. Only failures to read the file at all surface as {@link IOException}. The file is read
 * by {@link LocatedYaml} under {@link YamlLimits#POLICY_FILE} (64 KB, aliases resolved and bounded),
 * the rules documents and params files are read by too.
 */
final class PolicyLoader {

    private static final String PRESET = "preset";
    private static final String COUNT = "a whole number";
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+(_\\d+)*");

    /** Key → how to read its value and apply it. Insertion order is the order error messages list. */
    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        duration(ScriptPolicy.WALL_CLOCK_TIMEOUT, (b, v) -> b.wallClockTimeout(v));
        count(GuestLimits.MAX_STATEMENTS, (b, v) -> b.maxStatements(v));
        duration(GuestLimits.CPU_TIME, (b, v) -> b.cpuTime(v));
        size(GuestLimits.MAX_ALLOCATED_BYTES, (b, v) -> b.maxAllocatedBytes(v));
        count(GuestLimits.MAX_RECURSION_DEPTH, (b, v) -> b.maxRecursionDepth(Math.toIntExact(v)));
        size(GuestLimits.MAX_OUTPUT_BYTES, (b, v) -> b.maxOutputBytes(Math.toIntExact(v)));
        size(PayloadLimits.MAX_BYTES, (b, v) -> b.maxPayloadBytes(Math.toIntExact(v)));
        count(PayloadLimits.MAX_LIST_ITEMS, (b, v) -> b.maxPayloadListItems(Math.toIntExact(v)));
        add("readableDirectories", (r, b, v) -> b.readableDirectories(
                r.list(v, "readableDirectories", "a directory path", (item, text) -> r.directory(item, "readableDirectories", text))));
        add("environmentVariables", (r, b, v) -> b.environmentVariables(
                r.list(v, "environmentVariables", ScriptPolicy.VARIABLE_NAME_FORM,
                        (item, text) -> ScriptPolicy.Builder.checkVariableName(text))));
        add("allowThreads", (r, b, v) -> b.allowThreads(r.bool(v, "allowThreads")));
        add("allowNetwork", (r, b, v) -> {
            // Kept so that files saying the default still load: the network is always off; AWS calls go to awsEndpoint.
            if (r.bool(v, "allowNetwork")) {
                throw new PolicyException("allowNetwork", "scripts have no network; to answer their AWS calls from a local "
                        + "endpoint, set awsEndpoint");
            }
        });
        add("isolation", (r, b, v) -> b.isolation(r.isolation(v)));
        count(IsolationSettings.POOL_SIZE, (b, v) -> b.poolSize(Math.toIntExact(v)));
        add("warmupImports", (r, b, v) -> b.warmupImports(
                r.list(v, "warmupImports", ScriptPolicy.MODULE_NAME_FORM,
                        (item, text) -> ScriptPolicy.Builder.checkModuleName(text))));
        count(ArchiveLimits.MAX_ENTRIES, (b, v) -> b.maxArchiveEntries(Math.toIntExact(v)));
        size(ArchiveLimits.MAX_UNCOMPRESSED_BYTES, (b, v) -> b.maxArchiveUncompressedBytes(v));
        count(ArchiveLimits.MAX_COMPRESSION_RATIO,
                (b, v) -> b.maxArchiveCompressionRatio(Math.toIntExact(v)));
        add("pwshPath", (r, b, v) -> b.pwshPath(r.path(v, "pwshPath", r.scalar(v, "pwshPath", "a file path"))));
        add("strictRuntimes", (r, b, v) -> b.strictRuntimes(r.bool(v, "strictRuntimes")));
        add("pythonPath", (r, b, v) -> b.pythonPath(
                r.list(v, "pythonPath", "a directory path", (item, text) -> r.directory(item, "pythonPath", text))));
        add("awsEndpoint", (r, b, v) -> b.awsEndpoint(java.util.Optional.of(
                ScriptPolicy.Builder.checkEndpoint(r.scalar(v, "awsEndpoint", ScriptPolicy.Builder.ENDPOINT_FORM)))));
        size(IsolationSettings.MAX_MEMORY, (b, v) -> b.maxMemory(v));
        add("confinement", (r, b, v) -> b.confinement(r.confinement(v)));
    }

    private final String source;
    private final Path baseDirectory;

    private PolicyLoader(String source, Path baseDirectory) {
        this.source = source;
        this.baseDirectory = baseDirectory;
    }

    /**
     * Reads the policy in {@code file}. Relative {@code readableDirectories} resolve against the
     * file's directory. Error messages name the file as given.
     *
     * @throws PolicyException if the content is not a valid policy
     * @throws IOException if the file cannot be read
     */
    public static ScriptPolicy load(Path file) throws IOException {
        Path base = file.toAbsolutePath().normalize().getParent();
        if (Files.isRegularFile(file)) {
            // Refused from its size alone: a huge file is neither read nor parsed (a pipe is read up to the limit).
            String tooLarge = YamlLimits.POLICY_FILE.sizeProblem(Files.size(file));
            if (tooLarge != null) {
                throw new PolicyException(null, tooLarge, file.toString(), 0);
            }
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return load(reader, file.toString(), base);
        }
    }

    /**
     * Reads a policy from {@code reader}; {@code sourceName} names it in error messages and, if it
     * ends in {@code .json}, selects JSON. Relative {@code readableDirectories} resolve against the
     * current working directory.
     */
    public static ScriptPolicy load(Reader reader, String sourceName) throws IOException {
        return load(reader, sourceName, Path.of("").toAbsolutePath());
    }

    /** As {@link #load(Reader, String)}, resolving relative {@code readableDirectories} against {@code baseDirectory}. */
    public static ScriptPolicy load(Reader reader, String sourceName, Path baseDirectory) throws IOException {
        return new PolicyLoader(sourceName, baseDirectory.toAbsolutePath()).read(reader);
    }

    /** The keys a policy file may use, in documentation order ({@code preset} first). */
    public static Set<String> knownKeys() {
        var keys = new LinkedHashSet<String>();
        keys.add(PRESET);
        keys.addAll(SETTINGS.keySet());
        return Collections.unmodifiableSet(keys);
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** One value as written: a scalar, or a list of scalars (items), or something else (kind says what). */
    private record Value(JsonToken kind, String text, int line, List<Value> items) {
    }

    private record Entry(String key, int line, Value value) {
    }

    private ScriptPolicy read(Reader reader) throws IOException {
        List<Entry> entries = parse(reader);
        Map<String, Entry> byKey = new HashMap<>();
        for (Entry e : entries) {
            if (!e.key().equals(PRESET) && !SETTINGS.containsKey(e.key())) {
                throw new PolicyException(e.key(), unknownKeyMessage(e.key()), source, e.line());
            }
            // A key given twice is refused by LocatedYaml, for every file alike.
            byKey.put(e.key(), e);
        }
        // The preset is the base the other keys change, wherever in the file it is written.
        ScriptPolicy.Builder builder = ScriptPolicy.defaults().toBuilder();
        Entry preset = byKey.get(PRESET);
        if (preset != null) {
            String expected = "one of " + String.join(", ", ScriptPolicy.presetNames());
            String name = scalar(preset.value(), PRESET, expected);
            builder = located(preset.value().line(), () -> ScriptPolicy.preset(name)).toBuilder();
        }
        for (Entry e : entries) {
            if (e.key().equals(PRESET)) {
                continue;
            }
            ScriptPolicy.Builder b = builder;
            located(e.line(), () -> {
                SETTINGS.get(e.key()).apply().apply(this, b, e.value());
                return null;
            });
        }
        return builder.build();
    }

    private List<Entry> parse(Reader reader) throws IOException {
        boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
        LocatedYaml tree;
        try {
            tree = LocatedYaml.parse(LocatedYaml.readBounded(reader, YamlLimits.POLICY_FILE), json, YamlLimits.POLICY_FILE);
        } catch (YamlInputException e) {
            String setting = e.pointer() == null || e.pointer().isEmpty() ? null : topLevelKey(e.pointer());
            throw new PolicyException(setting, e.problem(), source, e.line());
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode root = tree.root();
        if (root == null) {
            return entries;
        }
        if (!root.isObject()) {
            throw new PolicyException(null, "expected a mapping of setting names to values, found "
                    + describe(root), source, tree.place().line());
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            LocatedYaml.Place at = tree.place().field(field.getKey());
            entries.add(new Entry(field.getKey(), at.line(), value(field.getValue(), at)));
        }
        return entries;
    }

    private static String topLevelKey(String pointer) {
        int end = pointer.indexOf('/', 1);
        return pointer.substring(1, end < 0 ? pointer.length() : end).replace("~1", "/").replace("~0", "~");
    }

    /** One value as the settings read it: a scalar's text as written, a list's items, or just the kind. */
    private static Value value(JsonNode node, LocatedYaml.Place at) {
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(value(node.get(i), at.item(i)));
            }
            return new Value(JsonToken.START_ARRAY, null, at.line(), items);
        }
        JsonToken kind = switch (node.getNodeType()) {
            case OBJECT -> JsonToken.START_OBJECT;
            case NULL -> JsonToken.VALUE_NULL;
            case BOOLEAN -> node.booleanValue() ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE;
            case NUMBER -> node.isIntegralNumber() ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
            default -> JsonToken.VALUE_STRING;
        };
        return new Value(kind, at.text(), at.line(), null);
    }

    // ---- value conversion -------------------------------------------------------------------------

    @FunctionalInterface
    private interface Apply {
        void apply(PolicyLoader reader, ScriptPolicy.Builder builder, Value value);
    }

    private record Setting(Apply apply) {
    }

    private static void add(String key, Apply apply) {
        SETTINGS.put(key, new Setting(apply));
    }

    private static void duration(DurationRange range, BiConsumer<ScriptPolicy.Builder, Duration> set) {
        String expected = DurationFormat.EXPECTED + ", " + range.describe();
        add(range.setting(), (r, b, v) -> {
            String text = r.scalar(v, range.setting(), expected);
            Duration d;
            try {
                d = DurationFormat.parse(text);
            } catch (ArithmeticException e) {
                throw new PolicyException(range.setting(), text, range.describe());
            } catch (IllegalArgumentException e) {
                throw r.wrongForm(range.setting(), v, expected);
            }
            set.accept(b, d);
        });
    }

    private static void size(LongRange range, BiConsumer<ScriptPolicy.Builder, Long> set) {
        String expected = SizeFormat.EXPECTED + ", " + range.describe();
        add(range.setting(), (r, b, v) -> {
            String text = r.scalar(v, range.setting(), expected);
            long bytes;
            try {
                bytes = SizeFormat.parse(text);
            } catch (ArithmeticException e) {
                throw new PolicyException(range.setting(), text, range.describe());
            } catch (IllegalArgumentException e) {
                throw r.wrongForm(range.setting(), v, expected);
            }
            // Check here, before any narrowing to int, so the message shows the value as written.
            set.accept(b, range.check(bytes));
        });
    }

    private static void count(LongRange range, BiConsumer<ScriptPolicy.Builder, Long> set) {
        String expected = COUNT + ", " + range.describe();
        add(range.setting(), (r, b, v) -> {
            String text = r.scalar(v, range.setting(), expected).strip();
            if (!WHOLE_NUMBER.matcher(text).matches()) {
                throw r.wrongForm(range.setting(), v, expected);
            }
            set.accept(b, range.check(new BigInteger(text.replace("_", ""))));
        });
    }

    /** The text of a scalar value; lists, mappings, booleans and nulls are the wrong form here. */
    private String scalar(Value v, String key, String expected) {
        if (v.kind().isScalarValue() && v.kind() != JsonToken.VALUE_NULL && !v.kind().isBoolean()) {
            return v.text();
        }
        throw wrongForm(key, v, expected);
    }

    private boolean bool(Value v, String key) {
        if (v.kind().isBoolean()) {
            return v.kind() == JsonToken.VALUE_TRUE;
        }
        throw wrongForm(key, v, "true or false");
    }

    private Isolation isolation(Value v) {
        String text = scalar(v, "isolation", "fresh, reuse, process or process-reuse");
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "fresh" -> Isolation.FRESH;
            case "reuse" -> Isolation.REUSE;
            case "process" -> Isolation.PROCESS;
            case "process-reuse" -> Isolation.PROCESS_REUSE;
            default -> throw wrongForm("isolation", v, "fresh, reuse, process or process-reuse");
        };
    }

    private Confinement confinement(Value v) {
        // YAML 1.1 reads a bare off as false.
        if (v.kind() == JsonToken.VALUE_FALSE) {
            return Confinement.OFF;
        }
        String text = scalar(v, "confinement", "auto, required or off");
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> Confinement.AUTO;
            case "required" -> Confinement.REQUIRED;
            case "off" -> Confinement.OFF;
            default -> throw wrongForm("confinement", v, "auto, required or off");
        };
    }

    private Path path(Value v, String key, String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw wrongForm(key, v, "a file path (" + e.getReason() + ")");
        }
    }

    private Path directory(Value v, String key, String text) {
        Path p = path(v, key, text);
        return ScriptPolicy.Builder.checkDirectory(baseDirectory.resolve(p));
    }

    /** Each item converted and checked on its own, so an error points at the item's line. */
    private <T> List<T> list(Value v, String key, String itemForm, ItemConversion<T> convert) {
        if (v.kind() != JsonToken.START_ARRAY) {
            throw wrongForm(key, v, "a list of " + itemForm + " items, e.g. [a, b]");
        }
        List<T> out = new ArrayList<>();
        for (Value item : v.items()) {
            out.add(located(item.line(), () -> convert.convert(item, scalar(item, key, itemForm))));
        }
        return out;
    }

    @FunctionalInterface
    private interface ItemConversion<T> {
        T convert(Value item, String text);
    }

    private PolicyException wrongForm(String key, Value v, String expected) {
        String written = switch (v.kind()) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_NULL -> "nothing";
            // YAML reads "key:" with no value as an empty string, not null; report both alike.
            default -> v.text().isBlank() ? "nothing" : Excerpt.of(v.text());
        };
        return new PolicyException(key, "policy setting '" + key + "' = " + written
                + " has the wrong form; expected " + expected, source, v.line());
    }

    /** Runs {@code action}, placing any PolicyException not yet placed at {@code line} of this file. */
    private <T> T located(int line, Supplier<T> action) {
        try {
            return action.get();
        } catch (PolicyException e) {
            throw e.source().isPresent() ? e : e.at(source, line);
        }
    }

    private static String describe(JsonNode n) {
        return n.isArray() ? "a list" : n.isNull() ? "nothing" : "a single value";
    }

    private static String unknownKeyMessage(String key) {
        StringBuilder m = new StringBuilder("unknown setting '").append(Excerpt.of(key)).append("'");
        knownKeys().stream()
                .min(Comparator.comparingInt(k -> editDistance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))))
                .filter(k -> editDistance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 3)
                .ifPresent(k -> m.append(" (did you mean '").append(k).append("'?)"));
        return m.append("; known settings: ").append(String.join(", ", knownKeys())).toString();
    }

    /** Levenshtein distance; keys are short, so the quadratic table is fine. */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
