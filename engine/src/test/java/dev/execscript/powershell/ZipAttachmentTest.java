package dev.execscript.powershell;

import dev.execscript.attachment.ArchiveLimits;
import dev.execscript.attachment.ArchiveException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipAttachmentTest {

    private static final ArchiveLimits LIMITS = new ArchiveLimits(20, 1024 * 1024, 100);

    @TempDir
    Path dir;

    private Path write(byte[] zip) throws IOException {
        return Files.write(dir.resolve("attachment.zip"), zip);
    }

    private Path target() {
        return dir.resolve("out");
    }

    @Test
    void extract_validZip_writesFilesAndDirectoriesIntoAPrivateDirectory() throws Exception {
        Path zip = write(Zips.zipOfText(
                "empty/", "",
                "data/hello.txt", "hello",
                "MyMod/MyMod.psm1", "function Get-Greeting { 'hi' }",
                "./dot/x.txt", "dot"));

        ZipAttachment.open(zip, LIMITS).extractTo(target());

        assertThat(target().resolve("empty")).isDirectory();
        assertThat(target().resolve("data/hello.txt")).hasContent("hello");
        assertThat(target().resolve("MyMod/MyMod.psm1")).hasContent("function Get-Greeting { 'hi' }");
        assertThat(target().resolve("dot/x.txt")).hasContent("dot");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(target()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
        }
    }

    @Test
    void extract_emptyZip_givesEmptyDirectory() throws Exception {
        Path zip = write(Zips.zip(Map.of()));
        ZipAttachment.open(zip, LIMITS).extractTo(target());
        try (Stream<Path> files = Files.list(target())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void open_dotDotEntry_isRefusedNamingTheEntry() throws Exception {
        assertRefused(Zips.zipOfText("ok.txt", "ok", "../evil.txt", "evil"), "../evil.txt", "'..' path segment");
    }

    @Test
    void open_dotDotInsideTheName_isRefusedEvenIfItStaysInside() throws Exception {
        assertRefused(Zips.zipOfText("a/../b.txt", "x"), "a/../b.txt", "'..'");
    }

    @Test
    void open_absoluteEntry_isRefused() throws Exception {
        assertRefused(Zips.zipOfText("/etc/evil", "x"), "/etc/evil", "absolute path");
    }

    @Test
    void open_driveLetterEntry_isRefused() throws Exception {
        assertRefused(Zips.zipOfText("C:/evil", "x"), "C:/evil", "drive letter");
    }

    @Test
    void open_backslashEntry_isRefused() throws Exception {
        assertRefused(Zips.zipOfText("..\\evil", "x"), "..\\evil", "backslash");
    }

    @Test
    void open_duplicateNames_areRefused() throws Exception {
        byte[] zip = Zips.zipOfText("a.txt", "first", "b.txt", "second");
        Zips.renameInCentralDirectory(zip, 1, "a.txt"); // ZipOutputStream won't write duplicates itself
        assertRefused(zip, "a.txt", "duplicate entry name");
    }

    @Test
    void open_namesEqualOnceNormalised_areRefusedAsDuplicates() throws Exception {
        assertRefused(Zips.zipOfText("a/b.txt", "1", "a/./b.txt", "2"), "a/./b.txt", "duplicate entry name");
        assertRefused(Zips.zipOfText("a/b.txt", "1", "a//b.txt", "2"), "a//b.txt", "duplicate entry name");
    }

    @Test
    void open_fileUsedAsDirectory_isRefused() throws Exception {
        assertRefused(Zips.zipOfText("a", "file", "a/b.txt", "x"), "a", "other entries use it as a directory");
    }

    @Test
    void open_symlinkEntry_isRefused() throws Exception {
        byte[] zip = Zips.zipOfText("ok.txt", "ok", "link", "/etc/passwd");
        Zips.setUnixMode(zip, 1, 0120777);
        assertRefused(zip, "link", "symbolic links are not allowed");
    }

    @Test
    void open_unixRegularFileAndDirectoryModes_areAccepted() throws Exception {
        byte[] zip = Zips.zipOfText("d/", "", "d/f.txt", "x");
        Zips.setUnixMode(zip, 0, 0040755);
        Zips.setUnixMode(zip, 1, 0100644);
        ZipAttachment.open(write(zip), LIMITS).extractTo(target());
        assertThat(target().resolve("d/f.txt")).hasContent("x");
    }

    @Test
    void open_fifoEntry_isRefused() throws Exception {
        byte[] zip = Zips.zipOfText("fifo", "");
        Zips.setUnixMode(zip, 0, 0010644);
        assertRefused(zip, "fifo", "special files are not allowed");
    }

    @Test
    void open_tooManyEntries_isRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            entries.put("f" + i + ".txt", new byte[] {'x'});
        }
        Path zip = write(Zips.zip(entries));
        assertThatThrownBy(() -> ZipAttachment.open(zip, LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("attachment.zip")
                .hasMessageContaining("21 entries, more than the limit of 20");
    }

    @Test
    void open_zipBombOverTheSizeLimit_isRefusedFromItsHeaders() throws Exception {
        byte[] zip = Zips.zip(Map.of("bomb.bin", new byte[10 * 1024 * 1024]));
        assertRefused(zip, "bomb.bin", "declares more than 1048576 uncompressed bytes");
    }

    @Test
    void open_zipBombOverTheRatio_isRefusedFromItsHeaders() throws Exception {
        byte[] zip = Zips.zip(Map.of("bomb.bin", new byte[10 * 1024 * 1024]));
        ArchiveLimits roomy = new ArchiveLimits(20, 100L * 1024 * 1024, 100);
        assertRefused(zip, roomy, "bomb.bin", "compression ratio exceeds 100");
    }

    @Test
    void extract_zipBombLyingAboutItsSize_isStoppedWhileCountingAndLeavesNothing() throws Exception {
        byte[] zip = Zips.zip(Map.of("bomb.bin", new byte[10 * 1024 * 1024]));
        Zips.setDeclaredSize(zip, 0, 1000); // headers now pass every check
        ZipAttachment attachment = ZipAttachment.open(write(zip), LIMITS);

        assertThatThrownBy(() -> attachment.extractTo(target()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("bomb.bin")
                .hasMessageContaining("more than the 1000 bytes its header declares");
        assertThat(target()).doesNotExist();
    }

    @Test
    void extract_zipBombWithDeclaredSizeButOverTheRatio_isStoppedWhileCounting() throws Exception {
        // Declares 10 MB honestly but with a huge compressed size, so the header ratio passes; counting catches it.
        byte[] zip = Zips.zip(Map.of("bomb.bin", new byte[10 * 1024 * 1024]));
        Zips.putInt(zip, Zips.centralRecord(zip, 0) + 20, 5 * 1024 * 1024);
        ArchiveLimits roomy = new ArchiveLimits(20, 100L * 1024 * 1024, 100);
        // The whole-archive ratio (10 MB from a ~10 KB file) still refuses it before writing.
        assertRefused(zip, roomy, null, "compression ratio of the archive exceeds 100");
    }

    @Test
    void extract_corruptCrc_isRefusedAndLeavesNothing() throws Exception {
        byte[] zip = Zips.zipOfText("a.txt", "hello");
        Zips.setDeclaredCrc(zip, 0, 12345);
        ZipAttachment attachment = ZipAttachment.open(write(zip), LIMITS);
        assertThatThrownBy(() -> attachment.extractTo(target()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("a.txt")
                .hasMessageContaining("CRC mismatch");
        assertThat(target()).doesNotExist();
    }

    @Test
    void open_notAZip_isRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("attachment.zip"), "just some text, not a zip\n".repeat(100));
        assertThatThrownBy(() -> ZipAttachment.open(file, LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("attachment 'attachment.zip': not a zip archive (no end-of-central-directory record)");
    }

    @Test
    void open_emptyFile_isRefused() throws Exception {
        Path file = Files.write(dir.resolve("attachment.zip"), new byte[0]);
        assertThatThrownBy(() -> ZipAttachment.open(file, LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("not a zip archive");
    }

    @Test
    void open_truncatedZip_isRefused() throws Exception {
        byte[] zip = Zips.zipOfText("a.txt", "hello");
        byte[] cut = java.util.Arrays.copyOf(zip, zip.length - 10);
        assertThatThrownBy(() -> ZipAttachment.open(write(cut), LIMITS)).isInstanceOf(ArchiveException.class);
    }

    @Test
    void open_missingFile_isRefused() {
        assertThatThrownBy(() -> ZipAttachment.open(dir.resolve("nope.zip"), LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("nope.zip")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void open_nonUtf8Name_isRefused() throws Exception {
        byte[] zip = Zips.zipOfText("ab.txt", "x");
        zip[Zips.centralRecord(zip, 0) + 46] = (byte) 0xff;
        assertThatThrownBy(() -> ZipAttachment.open(write(zip), LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Property(tries = 500)
    void normalise_acceptedNamesNeverLeaveTheDirectory(@ForAll("names") String name) {
        Path root = Path.of("/x/root");
        String path;
        try {
            path = ZipAttachment.normalise(name, "a.zip");
        } catch (ArchiveException e) {
            return; // refusing is always safe
        }
        assertThat(path).doesNotStartWith("/").doesNotContain("\\");
        assertThat(path.split("/")).doesNotContain("..", ".");
        assertThat(root.resolve(path).normalize().startsWith(root)).isTrue();
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars('a', '.', '/', '\\', ':', 'C').ofMinLength(0).ofMaxLength(12);
    }

    private void assertRefused(byte[] zip, String entry, String problem) throws IOException {
        assertRefused(zip, LIMITS, entry, problem);
    }

    private void assertRefused(byte[] zip, ArchiveLimits limits, String entry, String problem) throws IOException {
        Path file = write(zip);
        assertThatThrownBy(() -> ZipAttachment.open(file, limits).extractTo(target()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("attachment 'attachment.zip'")
                .hasMessageContaining(entry == null ? "" : "entry '" + entry + "'")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ArchiveException) e).entry()).isEqualTo(entry));
        assertThat(target()).doesNotExist();
        Files.delete(file);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("nothing written next to the archive either").isEmpty();
        }
        assertThat(dir.getParent().resolve("evil.txt")).doesNotExist();
    }

    @SuppressWarnings("unused")
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
