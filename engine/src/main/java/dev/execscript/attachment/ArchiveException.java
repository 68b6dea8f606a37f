package dev.execscript.attachment;

/**
 * A zip attachment was refused by {@link ZipArchive#read}: it is not a zip, is corrupt, or is hostile (see
 * there for the rules). An input error, not a step failure; checking writes nothing to disk. The message
 * names the archive, the entry when there is one, and the problem (for a limit, its policy setting).
 */
public final class ArchiveException extends Exception {

    private final String entry;

    public ArchiveException(String archive, String entry, String problem) {
        super("attachment '" + archive + "'" + (entry == null ? "" : ", entry '" + entry + "'") + ": " + problem);
        this.entry = entry;
    }

    /** The offending entry's name as stored in the archive, or null when the problem is the whole archive. */
    public String entry() {
        return entry;
    }
}
