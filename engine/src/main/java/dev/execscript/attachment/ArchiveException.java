package dev.execscript.attachment;

/** A zip attachment was refused; the message names the archive, the entry when there is one, and why. */
public final class ArchiveException extends Exception {

    public ArchiveException(String archive, String entry, String problem) {
        super("attachment '" + archive + "'" + (entry == null ? "" : ", entry '" + entry + "'") + ": " + problem);
    }
}
