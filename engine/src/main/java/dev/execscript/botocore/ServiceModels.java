package dev.execscript.botocore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * botocore's service models (its {@code data/SERVICE/VERSION/service-2.json}), read from the botocore that
 * scripts import, so that declared responses are checked against the same model the script's client uses.
 */
public final class ServiceModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<Path, ServiceModels> READ = new ConcurrentHashMap<>();

    private final Path data;
    private final Map<String, Optional<ServiceModel>> services = new ConcurrentHashMap<>();

    ServiceModels(Path botocore) {
        this.data = botocore.resolve("data");
    }

    /** The models of the installation's botocore, or empty when it has none. */
    public static Optional<ServiceModels> of(Boto3Installation installation) {
        // One per botocore, so that a model read for one responses file is not read again for the next
        // (a runbook test file declares answers per case).
        return installation.botocore().map(dir -> READ.computeIfAbsent(dir, ServiceModels::new));
    }

    /** The model of a service as {@code boto3.client()} names it, newest API version; empty if unknown. */
    public Optional<ServiceModel> service(String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            return Optional.empty();
        }
        Optional<ServiceModel> known = services.get(name);
        if (known != null) {
            return known;
        }
        Optional<ServiceModel> read = read(name);
        services.put(name, read);
        return read;
    }

    /** Service names close to {@code name}, for the message about an unknown one. */
    public List<String> similarServices(String name) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(data)) {
            for (Path dir : dirs) {
                String candidate = dir.getFileName().toString();
                if (Names.close(name, candidate)) {
                    out.add(candidate);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out.stream().sorted().limit(5).toList();
    }

    private Optional<ServiceModel> read(String name) throws IOException {
        Path dir = data.resolve(name);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        TreeSet<String> versions = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path version : entries) {
                if (Files.isRegularFile(version.resolve("service-2.json")) || Files.isRegularFile(version.resolve("service-2.json.gz"))) {
                    versions.add(version.getFileName().toString());
                }
            }
        }
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        Path newest = dir.resolve(versions.last());
        Path plain = newest.resolve("service-2.json");
        JsonNode root;
        if (Files.isRegularFile(plain)) {
            root = JSON.readTree(plain.toFile());
        } else {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(newest.resolve("service-2.json.gz")))) {
                root = JSON.readTree(in);
            }
        }
        return Optional.of(new ServiceModel(name, root));
    }
}
