package dev.execscript.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ZipArchiveTest {

    private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] zip(String... namesAndContents) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            m.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return zip(m);
    }

    @Test
    void read_package_keepsPathsAndContents() throws Exception {
        ZipArchive a = ZipArchive.read("a.zip", zip("pkg/", "", "pkg/__init__.py", "", "pkg/mod.py", "X = 1\n", "data.json", "{}"), LIMITS);
        assertThat(a.files()).containsOnlyKeys("pkg/__init__.py", "pkg/mod.py", "data.json");
        assertThat(new String(a.files().get("pkg/mod.py"), StandardCharsets.UTF_8)).isEqualTo("X = 1\n");
    }

    @Test
    void read_dotDotEntry_isRefused() throws Exception {
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip("ok.py", "", "../evil.py", "x"), LIMITS))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("attachment 'a.zip', entry '../evil.py': has a '..' path segment that would leave the archive");
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip("pkg/../../evil.py", "x"), LIMITS))
                .hasMessageContaining("'..' path segment");
    }

    @Test
    void read_absoluteEntry_isRefused() throws Exception {
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip("/etc/cron.d/x", "x"), LIMITS))
                .hasMessage("attachment 'a.zip', entry '/etc/cron.d/x': has an absolute path");
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip("C:/x.py", "x"), LIMITS)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> ZipArchive.read("a.zip", zip("a\\..\\x.py", "x"), LIMITS)).hasMessageContaining("uses '\\'");
    }

    @Test
    void read_duplicateNames_areRefused() throws Exception {
        // ZipOutputStream refuses duplicates, so the second entry is renamed in the bytes afterwards.
        byte[] bytes = zip("a.py", "1", "b.py", "2");
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("b.py", "a.py");
        assertThatThrownBy(() -> ZipArchive.read("d.zip", text.getBytes(StandardCharsets.ISO_8859_1), LIMITS))
                .hasMessage("attachment 'd.zip', entry 'a.py': appears twice in the archive");
    }

    @Test
    void read_symlinkEntry_isRefused() throws Exception {
        byte[] bytes = zip("link", "/etc/passwd");
        // Mark the central directory entry as made on Unix with mode lrwxrwxrwx.
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes.length - 4; i++) {
            if (b.getInt(i) == 0x02014b50) {
                b.putShort(i + 4, (short) ((3 << 8) | 20));
                b.putInt(i + 38, 0120777 << 16);
            }
        }
        assertThatThrownBy(() -> ZipArchive.read("s.zip", bytes, LIMITS))
                .hasMessage("attachment 's.zip', entry 'link': is a symbolic link; links are not allowed in attachments");
    }

    @Test
    void read_zipBomb_isRefusedBeforeItExpands() throws Exception {
        byte[] bomb = zip(Map.of("zeros.bin", new byte[20 * 1024 * 1024]));
        assertThat(bomb.length).isLessThan(100_000);
        assertThatThrownBy(() -> ZipArchive.read("b.zip", bomb, LIMITS))
                .hasMessageContaining("entry 'zeros.bin': unpacks to more than 100 times the archive's size (policy maxArchiveCompressionRatio)");
        assertThatThrownBy(() -> ZipArchive.read("b.zip", bomb, new ArchiveLimits(10, 1024 * 1024, 100_000)))
                .hasMessageContaining("unpacks to more than 1048576 bytes (policy maxArchiveUncompressedBytes)");
    }

    @Test
    void read_tooManyEntries_isRefused() throws Exception {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("f" + i + ".py", new byte[0]);
        }
        assertThatThrownBy(() -> ZipArchive.read("m.zip", zip(many), new ArchiveLimits(10, 1 << 20, 100)))
                .hasMessage("attachment 'm.zip': has 11 entries; at most 10 are allowed (policy maxArchiveEntries)");
    }

    @Test
    void read_notAZip_isRefused() {
        assertThatThrownBy(() -> ZipArchive.read("n.zip", "def handler(e, c): pass\n".getBytes(StandardCharsets.UTF_8), LIMITS))
                .hasMessage("attachment 'n.zip': is not a zip archive (no end-of-central-directory record)");
        assertThatThrownBy(() -> ZipArchive.read("e.zip", new byte[0], LIMITS)).isInstanceOf(ArchiveException.class);
    }

    @Test
    void read_truncatedZip_isRefused() throws Exception {
        byte[] bytes = zip("a.py", "x".repeat(1000));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> ZipArchive.read("t.zip", cut, LIMITS)).isInstanceOf(ArchiveException.class);
    }

    /** Any set of safe relative paths survives the round trip unchanged. */
    @Property(tries = 60)
    void read_safePaths_roundTrip(@ForAll @Size(min = 1, max = 8) java.util.Set<@AlphaChars @StringLength(min = 1, max = 8) String> names,
            @ForAll @StringLength(max = 200) String content) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int i = 0;
        for (String n : names) {
            entries.put((i++ % 2 == 0 ? "dir/" : "") + n + ".py", content.getBytes(StandardCharsets.UTF_8));
        }
        ZipArchive a = ZipArchive.read("p.zip", zip(entries), LIMITS);
        assertThat(a.files().keySet()).containsExactlyInAnyOrderElementsOf(entries.keySet());
        entries.forEach((k, v) -> assertThat(a.files().get(k)).isEqualTo(v));
    }
}
