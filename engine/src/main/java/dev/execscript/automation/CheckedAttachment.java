package dev.execscript.automation;

import dev.execscript.attachment.ZipArchive;
import java.util.Map;
import java.util.Optional;

/**
 * An attachment as read once, checksum-verified and, for a zip, checked: what every step that uses it gets,
 * so that no runtime reads the file again after its checksum was verified.
 *
 * @param files   relative path to content: a .py attachment is one file, a .zip its checked archive's files
 * @param archive the checked archive of a .zip attachment; empty for any other
 */
record CheckedAttachment(Map<String, byte[]> files, Optional<ZipArchive> archive) {

    static CheckedAttachment of(ZipArchive archive) {
        return new CheckedAttachment(archive.files(), Optional.of(archive));
    }

    static CheckedAttachment singleFile(String name, byte[] content) {
        return new CheckedAttachment(Map.of(name, content), Optional.empty());
    }
}
