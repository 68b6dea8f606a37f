package dev.execscript.runbooktest;

import dev.execscript.document.DocumentException;
import dev.execscript.embed.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A runbook test file: the runbook it tests and its cases, read and checked (see {@link #load}). A file is
 * found in a directory by its name, {@code NAME.test.yaml} (or {@code .test.yml}, {@code .test.json}).
 * Immutable.
 *
 * <pre>{@code
 * document: tag-untagged-instances.yaml          # relative to this file
 * aws: responses.yaml                            # optional: the answers of every case (a path, or inline)
 * cases:
 *   - name: tags the untagged instances
 *     parameters: {OwnerParameter: /team/owner}
 *     aws: {ec2:DescribeInstances: [{response: {Reservations: []}}]}   # optional: this case's answers instead
 *     expect:
 *       status: Success
 *       steps: {FindUntagged: Success, TagAndStop: {outputs: {Stopped: []}}}
 *       notCalled: [ec2:TerminateInstances]
 * }</pre>
 */
public final class RunbookTestFile {

    /** The endings of the names of runbook test files, as directories are searched for them. */
    public static final List<String> NAME_ENDINGS = List.of(".test.yaml", ".test.yml", ".test.json");

    private final Path path;
    private final Runbook runbook;
    private final List<RunbookTestCase> cases;

    RunbookTestFile(Path path, Runbook runbook, List<RunbookTestCase> cases) {
        this.path = path;
        this.runbook = runbook;
        this.cases = List.copyOf(cases);
    }

    /**
     * Reads and checks a test file: its keys, the runbook it names, every parameter value, AWS answer
     * (against the models of the botocore under {@code pythonPath}, as {@code --aws-responses} is), step and
     * output name and pattern.
     *
     * @param pythonPath the policy's {@code pythonPath} (where the scripts' botocore is)
     * @throws DocumentException naming the file, line, field and problem
     */
    public static RunbookTestFile load(Path path, List<Path> pythonPath) throws DocumentException {
        Objects.requireNonNull(path, "path");
        return new CaseFileReader(path, List.copyOf(pythonPath)).read();
    }

    /** Whether a file's name marks it as a runbook test file. */
    public static boolean isTestFileName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return NAME_ENDINGS.stream().anyMatch(name::endsWith);
    }

    /**
     * The test files {@code paths} name: a file as it is (whatever its name), a directory searched, through
     * its subdirectories, for files named {@code *.test.yaml}, {@code *.test.yml} or {@code *.test.json},
     * sorted by path. Hidden directories ({@code .git}) are not searched, nor symbolic links followed.
     *
     * @throws DocumentException if a path does not exist or a directory cannot be read
     */
    public static List<Path> find(List<Path> paths) throws DocumentException {
        List<Path> found = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f) && isTestFileName(f) && !hidden(p, f))
                            .sorted()
                            .forEach(found::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw DocumentException.usage(p + ": the directory cannot be searched: " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                found.add(p);
            } else {
                throw DocumentException.usage(p + ": no such file or directory");
            }
        }
        return found.stream().distinct().toList();
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    public Path path() {
        return path;
    }

    /** The runbook the cases run. */
    public Runbook runbook() {
        return runbook;
    }

    public List<RunbookTestCase> cases() {
        return cases;
    }

    @Override
    public String toString() {
        return path.toString();
    }

}
