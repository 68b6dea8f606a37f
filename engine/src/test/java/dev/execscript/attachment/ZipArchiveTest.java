package dev.execscript.attachment;

import dev.execscript.policy.ArchiveLimits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one zip checker both runtimes use: one test per rule, then what passes, then writing it out. */
class ZipArchiveTest {

    private static final ArchiveLimits LIMITS = new ArchiveLimits(20, 1024 * 1024, 100);
    /** Room for the size limit, so that only the ratio limits decide. */
    private static final ArchiveLimits ROOMY = new ArchiveLimits(20, 100L * 1024 * 1024, 100);
    private static final int ZIP64_ENTRIES = 65_536;
    private static byte[] zip64;

    @TempDir
    Path dir;

    // ---- names -------------------------------------------------------------------------------------------

    @Test
    void read_absolutePath_isRefused() {
        assertRefused(Zips.zipOfText("ok.txt", "ok", "/etc/cron.d/x", "x"), "/etc/cron.d/x", "has an absolute path");
    }

    @Test
    void read_dotDotSegment_isRefused() {
        assertRefused(Zips.zipOfText("ok.txt", "ok", "../evil.txt", "x"), "../evil.txt",
                "has a '..' path segment that would leave the archive");
        // even where it would land inside again
        assertRefused(Zips.zipOfText("a/../b.txt", "x"), "a/../b.txt", "has a '..' path segment that would leave the archive");
    }

    @Test
    void read_dotOrEmptySegment_isRefused() {
        assertRefused(Zips.zipOfText("./x.txt", "x"), "./x.txt", "has an empty or '.' path segment");
        assertRefused(Zips.zipOfText("a/./b.txt", "x"), "a/./b.txt", "has an empty or '.' path segment");
        assertRefused(Zips.zipOfText("a//b.txt", "x"), "a//b.txt", "has an empty or '.' path segment");
        assertRefused(Zips.zipOfText("./", ""), "./", "has an empty or '.' path segment");
    }

    @Test
    void read_backslash_isRefused() {
        assertRefused(Zips.zipOfText("a\\..\\x.txt", "x"), "a\\..\\x.txt", "uses '\\' in its path; zip paths use '/'");
    }

    @Test
    void read_driveLetter_isRefused() {
        assertRefused(Zips.zipOfText("C:/evil.txt", "x"), "C:/evil.txt", "has an absolute path (drive letter)");
        assertRefused(Zips.zipOfText("C:evil.txt", "x"), "C:evil.txt", "has an absolute path (drive letter)");
    }

    @Test
    void read_nulInName_isRefused() {
        assertRefused(Zips.zipOfText("a.txt\0.ps1", "x"), "a.txt\0.ps1", "has a NUL character in its name");
    }

    @Test
    void read_emptyName_isRefused() {
        assertRefused(Zips.zipOfText("", "x"), "", "has an empty name");
    }

    @Test
    void read_nameNotUtf8_isRefused() {
        byte[] zip = Zips.zipOfText("ab.txt", "x");
        zip[Zips.centralRecord(zip, 0) + 46] = (byte) 0xff;
        assertRefused(zip, "\u00ffb.txt", "has a name that is not valid UTF-8");
    }

    // ---- kinds of entry ----------------------------------------------------------------------------------

    @Test
    void read_symlink_isRefused() {
        byte[] zip = Zips.zipOfText("ok.txt", "ok", "link", "/etc/passwd");
        Zips.setUnixMode(zip, 1, 0120777);
        assertRefused(zip, "link", "is a symbolic link; links are not allowed in attachments");
    }

    @Test
    void read_specialFile_isRefused() {
        Map<Integer, String> kinds = Map.of(0010644, "10000", 0020644, "20000", 0060644, "60000", 0140644, "140000");
        kinds.forEach((mode, type) -> {
            byte[] zip = Zips.zipOfText("device", "");
            Zips.setUnixMode(zip, 0, mode);
            assertRefused(zip, "device", "is a special file (Unix mode 0" + type + "); only regular files and directories are allowed");
        });
    }

    @Test
    void read_unixRegularFileAndDirectoryModes_areAccepted() throws Exception {
        byte[] zip = Zips.zipOfText("d/", "", "d/f.txt", "x");
        Zips.setUnixMode(zip, 0, 0040755);
        Zips.setUnixMode(zip, 1, 0100644);
        assertThat(ZipArchive.read("a.zip", zip, LIMITS).files()).containsOnlyKeys("d/f.txt");
    }

    @Test
    void read_encryptedEntry_isRefused() {
        byte[] zip = Zips.zipOfText("secret.txt", "x");
        Zips.setFlags(zip, 0, 1);
        assertRefused(zip, "secret.txt", "is encrypted; encrypted entries are not supported");
    }

    @Test
    void read_unknownCompressionMethod_isRefused() {
        byte[] zip = Zips.zipOfText("a.txt", "x");
        Zips.setMethod(zip, 0, 12); // bzip2
        assertRefused(zip, "a.txt", "uses compression method 12; only stored (0) and deflated (8) are supported");
    }

    @Test
    void read_directoryWithContent_isRefused() {
        byte[] zip = Zips.zipOfText("d/", "", "d/f.txt", "x");
        Zips.setDeclaredSize(zip, 0, 5);
        assertRefused(zip, "d/", "is a directory but declares 5 bytes of content");
    }

    // ---- the tree ------------------------------------------------------------------------------------------

    @Test
    void read_duplicateNames_areRefused() {
        byte[] zip = Zips.zipOfText("a.txt", "first", "b.txt", "second");
        Zips.renameInCentralDirectory(zip, 1, "a.txt"); // ZipOutputStream won't write duplicates itself
        assertRefused(zip, "a.txt", "appears twice in the archive");
        // a directory entry and a file entry for one path
        assertRefused(Zips.zipOfText("a/", "", "a", "x"), "a", "appears twice in the archive");
    }

    @Test
    void read_fileUsedAsDirectory_isRefusedInEitherOrder() {
        assertRefused(Zips.zipOfText("a", "file", "a/b.txt", "x"), "a", "is a file, but entry 'a/b.txt' uses it as a directory");
        assertRefused(Zips.zipOfText("a/b.txt", "x", "a", "file"), "a", "is a file, but entry 'a/b.txt' uses it as a directory");
    }

    // ---- limits ----------------------------------------------------------------------------------------------

    @Test
    void read_tooManyEntries_isRefusedNamingThePolicySetting() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            entries.put("f" + i + ".txt", new byte[] {'x'});
        }
        assertRefused(Zips.zip(entries), LIMITS, null, "has 21 entries; at most 20 are allowed (policy maxArchiveEntries)");
    }

    @Test
    void read_totalSizeOverTheLimit_isRefusedNamingThePolicySetting() {
        // incompressible, so only the size limit is crossed
        byte[] zip = Zips.zip(Map.of("a.bin", noise(600 * 1024, 1), "b.bin", noise(600 * 1024, 2)));
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip, LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageEndingWith(": unpacks the archive to more than 1048576 bytes (policy maxArchiveUncompressedBytes); a zip bomb?")
                .hasMessageMatching("attachment 'a.zip', entry '[ab].bin': .*");
    }

    @Test
    void read_totalCompressionRatioOverTheLimit_isRefused() {
        byte[] zip = Zips.zip(Map.of("bomb.bin", new byte[10 * 1024 * 1024]));
        // The entry claims 5 MB compressed, so its own ratio passes; against the archive's real size it does not.
        Zips.setDeclaredCompressedSize(zip, 0, 5 * 1024 * 1024);
        assertRefused(zip, ROOMY, "bomb.bin",
                "unpacks the archive to more than 100 times its size (policy maxArchiveCompressionRatio); a zip bomb?");
    }

    @Test
    void read_entryCompressionRatioOverTheLimit_isRefused() {
        // 1 MB of noise keeps the whole archive's ratio near 11; the zeros alone compress a thousandfold.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("noise.bin", noise(1024 * 1024, 3));
        entries.put("zeros.bin", new byte[10 * 1024 * 1024]);
        assertRefused(Zips.zip(entries), ROOMY, "zeros.bin",
                "unpacks to more than 100 times its compressed size (policy maxArchiveCompressionRatio); a zip bomb?");
    }

    @Test
    void read_smallFilesThatCompressWell_areAccepted() throws Exception {
        // Under the 1 MB floor the ratio is not held against an archive: source code compresses well.
        byte[] zip = Zips.zip(Map.of("zeros.bin", new byte[512 * 1024]));
        assertThat(ZipArchive.read("a.zip", zip, LIMITS).files().get("zeros.bin")).hasSize(512 * 1024);
    }

    // ---- what the headers declare against what is there ----------------------------------------------------------

    @Test
    void read_realSizeOtherThanDeclared_isRefused() {
        byte[] bomb = Zips.zip(Map.of("bomb.bin", new byte[10 * 1024 * 1024]));
        Zips.setDeclaredSize(bomb, 0, 1000); // now every check on declared sizes passes
        assertRefused(bomb, "bomb.bin", "unpacks to more than the 1000 bytes the central directory declares for it");

        byte[] shorter = Zips.zipOfText("a.txt", "hello");
        Zips.setDeclaredSize(shorter, 0, 6);
        assertRefused(shorter, "a.txt", "unpacks to 5 bytes, but the central directory declares 6");
    }

    @Test
    void read_crcMismatch_isRefused() {
        byte[] zip = Zips.zipOfText("a.txt", "hello");
        Zips.setDeclaredCrc(zip, 0, 12345);
        assertRefused(zip, "a.txt", "fails its CRC check: the archive is corrupt");
    }

    @Test
    void read_localHeaderNotInTheCentralDirectory_isRefused() {
        byte[] zip = Zips.withoutCentralRecord(Zips.zipOfText("a.txt", "a", "hidden.ps1", "h"), 1);
        assertRefused(zip, "hidden.ps1", "has a local header that is not in the central directory");

        byte[] renamed = Zips.zipOfText("a.txt", "a", "b.txt", "b");
        renamed[Zips.localHeader(renamed, 1) + 30] = 'c'; // the local header names c.txt, the central directory b.txt
        assertRefused(renamed, "c.txt", "has a local header that is not in the central directory");

        byte[] notUtf8 = Zips.zipOfText("a.txt", "a");
        notUtf8[Zips.localHeader(notUtf8, 0) + 30] = (byte) 0xff;
        assertRefused(notUtf8, null, "is not a valid zip archive (invalid LOC header (bad entry name))");
    }

    @Test
    void read_corruptData_isRefused() {
        byte[] zip = Zips.zipOfText("a.txt", "hello ".repeat(200));
        Arrays.fill(zip, Zips.localHeader(zip, 0) + 30 + 5, Zips.localHeader(zip, 0) + 30 + 5 + 8, (byte) 0xff);
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip, LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith("attachment 'a.zip', entry 'a.txt': is corrupt (");
    }

    @Test
    void read_centralEntryWithoutALocalHeaderOfItsOwn_isRefused() {
        byte[] zip = Zips.zipOfText("a.txt", "a", "b.txt", "b");
        Zips.putInt(zip, Zips.localHeader(zip, 1), 0); // no local header where b.txt's should be
        assertRefused(zip, "b.txt", "is in the central directory but has no local header of its own");
    }

    // ---- the container ---------------------------------------------------------------------------------------------

    @Test
    void read_zip64_theEntryCountOfTheZip64RecordIsTheOneLimited() throws Exception {
        // Over 65535 entries the plain end record says 65535; only the zip64 record has the real count.
        assertRefused(zip64(), new ArchiveLimits(1000, 1024 * 1024, 100), null,
                "has 65536 entries; at most 1000 are allowed (policy maxArchiveEntries)");
        ZipArchive archive = ZipArchive.read("a.zip", zip64(), new ArchiveLimits(70_000, 1024 * 1024, 100));
        assertThat(archive.files()).hasSize(ZIP64_ENTRIES).containsKey("f65535.txt");
    }

    @Test
    void read_damagedZip64EndRecord_isRefused() {
        byte[] zip = zip64().clone();
        int locator = Zips.endRecord(zip) - 20;
        Zips.putInt(zip, locator + 8, 12); // the zip64 end record is not there
        assertRefused(zip, new ArchiveLimits(70_000, 1024 * 1024, 100), null,
                "is not a valid zip archive (damaged zip64 end record)");
    }

    @Test
    void read_damagedCentralDirectory_isRefused() {
        byte[] zip = Zips.zipOfText("a.txt", "a", "b.txt", "b");
        byte[] prefixed = new byte[zip.length + 10];
        System.arraycopy(zip, 0, prefixed, 10, zip.length);
        assertRefused(prefixed, null, "is not a valid zip archive (damaged central directory)");

        int eocd = Zips.endRecord(zip);
        Zips.putShort(zip, eocd + 8, 1);
        Zips.putShort(zip, eocd + 10, 1);
        assertRefused(zip, null, "is not a valid zip archive (the central directory holds more than its 1 records)");
    }

    @Test
    void read_emptyArchive_isRefused() {
        assertRefused(Zips.zip(Map.of()), null, "holds no files");
        assertRefused(Zips.zipOfText("only-a-directory/", ""), null, "holds no files");
    }

    @Test
    void read_notAZip_isRefused() {
        String problem = "is not a zip archive (no end-of-central-directory record)";
        assertRefused("def handler(e, c): pass\n".repeat(100).getBytes(StandardCharsets.UTF_8), null, problem);
        assertRefused(new byte[0], null, problem);
        byte[] zip = Zips.zipOfText("a.txt", "x".repeat(1000));
        assertRefused(Arrays.copyOf(zip, zip.length - 10), null, problem);
    }

    // ---- what passes ---------------------------------------------------------------------------------------------------

    @Test
    void read_package_keepsFilesContentsAndDirectories() throws Exception {
        ZipArchive a = ZipArchive.read("a.zip", Zips.zipOfText("pkg/", "", "pkg/__init__.py", "", "pkg/mod.py", "X = 1\n",
                "empty/", "", "data.json", "{}"), LIMITS);
        assertThat(a.name()).isEqualTo("a.zip");
        assertThat(a.files()).containsOnlyKeys("pkg/__init__.py", "pkg/mod.py", "data.json");
        assertThat(new String(a.files().get("pkg/mod.py"), StandardCharsets.UTF_8)).isEqualTo("X = 1\n");
        assertThat(a.directories()).containsExactly("pkg", "empty");
    }

    /** Any set of safe relative paths survives the round trip unchanged. */
    @Property(tries = 60)
    void read_safePaths_roundTrip(@ForAll @Size(min = 1, max = 8) Set<@AlphaChars @StringLength(min = 1, max = 8) String> names,
            @ForAll @StringLength(max = 200) String content) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int i = 0;
        for (String n : names) {
            entries.put((i++ % 2 == 0 ? "dir/" : "") + n + ".py", content.getBytes(StandardCharsets.UTF_8));
        }
        ZipArchive a = ZipArchive.read("p.zip", Zips.zip(entries), LIMITS);
        assertThat(a.files().keySet()).containsExactlyInAnyOrderElementsOf(entries.keySet());
        entries.forEach((k, v) -> assertThat(a.files().get(k)).isEqualTo(v));
    }

    /** Whatever name is accepted, it names a path strictly inside the root. */
    @Property(tries = 1000)
    void checkedPath_acceptedNames_neverLeaveTheRoot(@ForAll("names") String name) {
        Path root = Path.of("/x/root");
        String path;
        try {
            path = ZipArchive.checkedPath("a.zip", name);
        } catch (ArchiveException e) {
            return; // refusing is always safe
        }
        assertThat(path).isNotEmpty().doesNotStartWith("/").doesNotContain("\\").doesNotContain("\0");
        assertThat(path.split("/", -1)).doesNotContain("..", ".", "");
        Path resolved = root.resolve(path).normalize();
        assertThat(resolved.startsWith(root) && !resolved.equals(root)).isTrue();
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars('a', '.', '/', '\\', ':', 'C', '\0').ofMinLength(0).ofMaxLength(12);
    }

    // ---- writing it out ------------------------------------------------------------------------------------------------

    @Test
    void extractTo_writesFilesAndEmptyDirectories_onlyUnderTheTarget_noneExecutable() throws Exception {
        byte[] zip = Zips.zipOfText("empty/", "", "data/hello.txt", "hello", "MyMod/MyMod.psm1", "function Get-Greeting { 'hi' }",
                "run.sh", "#!/bin/sh\n");
        Zips.setUnixMode(zip, 3, 0100755); // an archiver's executable bit is not carried over
        Path target = dir.resolve("out");

        ZipArchive.read("a.zip", zip, LIMITS).extractTo(target);

        assertThat(target.resolve("empty")).isDirectory();
        assertThat(target.resolve("data/hello.txt")).hasContent("hello");
        assertThat(target.resolve("MyMod/MyMod.psm1")).hasContent("function Get-Greeting { 'hi' }");
        assertThat(Files.readString(target.resolve("run.sh"))).isEqualTo("#!/bin/sh\n");
        List<Path> tree;
        try (Stream<Path> walk = Files.walk(target)) {
            tree = walk.toList();
        }
        assertThat(tree).hasSize(7).allMatch(p -> p.startsWith(target)).noneMatch(Files::isSymbolicLink);
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside).containsExactly(target);
        }
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            for (Path p : tree) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                assertThat(mode).as(p.toString()).isEqualTo(PosixFilePermissions.fromString(
                        Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------"));
            }
        }
    }

    @Test
    void extractTo_existingTarget_isRefusedWithoutFollowingIt() throws Exception {
        ZipArchive archive = ZipArchive.read("a.zip", Zips.zipOfText("a.txt", "a"), LIMITS);
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("out"), elsewhere);

        assertThatThrownBy(() -> archive.extractTo(link)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> archive.extractTo(elsewhere)).isInstanceOf(FileAlreadyExistsException.class);

        try (Stream<Path> inside = Files.list(elsewhere)) {
            assertThat(inside).isEmpty();
        }
        assertThat(link).isSymbolicLink();
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------------------

    private static void assertRefused(byte[] zip, String entry, String problem) {
        assertRefused(zip, LIMITS, entry, problem);
    }

    /** Refused with the one message format: the archive, the entry when there is one, the problem. */
    private static void assertRefused(byte[] zip, ArchiveLimits limits, String entry, String problem) {
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip, limits))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("attachment 'a.zip'" + (entry == null ? "" : ", entry '" + entry + "'") + ": " + problem)
                .satisfies(e -> assertThat(((ArchiveException) e).entry()).isEqualTo(entry));
    }

    private static byte[] noise(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** 65,536 empty files: ZipOutputStream writes zip64 end records past 65,535 entries. Built once. */
    private static synchronized byte[] zip64() {
        if (zip64 == null) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < ZIP64_ENTRIES; i++) {
                entries.put("f" + i + ".txt", new byte[0]);
            }
            zip64 = Zips.zip(entries);
        }
        return zip64;
    }
}
