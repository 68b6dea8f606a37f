package dev.execscript.botocore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where scripts import boto3 from: the directories of a policy's {@code pythonPath} (whole, read-only), then
 * the system location where Debian's and Ubuntu's {@code python3-boto3} installs its modules, of which only
 * boto3, botocore and the packages they import are visible. Nothing else of the host's Python is: a script
 * that imports {@code yaml} from there gets ModuleNotFoundError, as on AWS.
 */
public final class Boto3Installation {

    /** The system location; a system property moves it (tests use it to run "without boto3"). */
    static final Path SYSTEM_PACKAGES = Path.of(System.getProperty("execscript.systemPythonPackages",
            "/usr/lib/python3/dist-packages"));
    /** boto3 and what it imports (Debian's botocore imports requests, which imports the rest). */
    static final Set<String> PACKAGES = Set.of("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3",
            "requests", "certifi", "charset_normalizer", "chardet", "idna", "six.py");
    public static final String INSTALL_HINT = "install boto3: on Debian or Ubuntu 'apt-get install python3-boto3', "
            + "or 'pip install --target DIR boto3' and give --python-path DIR (policy pythonPath)";

    private static final Map<List<Path>, Boto3Installation> FOUND = new ConcurrentHashMap<>();

    private final List<Path> importPath;
    private final List<Path> readableRoots;
    private final Map<Path, Set<String>> filteredDirectories;
    private final Optional<Path> botocore;

    private Boto3Installation(List<Path> pythonPath) {
        List<Path> path = new ArrayList<>(pythonPath);
        List<Path> roots = new ArrayList<>(pythonPath);
        Map<Path, Set<String>> filtered = new LinkedHashMap<>();
        Set<String> present = new java.util.HashSet<>();
        for (String name : PACKAGES) {
            if (Files.exists(SYSTEM_PACKAGES.resolve(name))) {
                present.add(name);
                roots.add(SYSTEM_PACKAGES.resolve(name));
            }
        }
        if (present.contains("boto3") || present.contains("botocore")) {
            path.add(SYSTEM_PACKAGES);
            filtered.put(SYSTEM_PACKAGES, Set.copyOf(present));
        } else {
            roots.removeIf(r -> r.startsWith(SYSTEM_PACKAGES));
        }
        this.importPath = List.copyOf(path);
        this.readableRoots = List.copyOf(roots);
        this.filteredDirectories = Map.copyOf(filtered);
        this.botocore = path.stream().map(dir -> dir.resolve("botocore"))
                .filter(dir -> Files.isRegularFile(dir.resolve("__init__.py"))).findFirst();
    }

    /** The installation seen with these {@code pythonPath} directories (looked up once per list). */
    public static Boto3Installation of(List<Path> pythonPath) {
        return FOUND.computeIfAbsent(List.copyOf(pythonPath), Boto3Installation::new);
    }

    /** The directories added to {@code sys.path}, in order, after the standard library. */
    public List<Path> importPath() {
        return importPath;
    }

    /** What a script may read: each pythonPath directory and each visible system package. */
    public List<Path> readableRoots() {
        return readableRoots;
    }

    /** Directories a script may list but only see the named entries of (the system location). */
    public Map<Path, Set<String>> filteredDirectories() {
        return filteredDirectories;
    }

    /** The botocore package scripts import, if any. */
    public Optional<Path> botocore() {
        return botocore;
    }
}
