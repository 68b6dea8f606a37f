package dev.execscript.attachment;

/**
 * A zip attachment was refused: it is not a zip, is corrupt, or is hostile (escaping paths, symlinks,
 * duplicates, too many entries, too large, too compressed). An input error, not a step failure; when it is
 * thrown nothing of the archive is left on disk. The message names the archive, the entry when there is
 * one, and the problem.
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
