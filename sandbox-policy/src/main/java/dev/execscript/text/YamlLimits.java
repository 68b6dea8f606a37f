package dev.execscript.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How large and how deep a YAML or JSON file execscript reads may be, and how many values its
 * aliases may copy. One record for every reader (documents, params files, policy files), so that
 * one rule holds for all of them; {@link LocatedYaml} enforces it.
 *
 * @param kind what the file is, as error messages name it ("document", "params file", ...)
 * @param maxBytes the largest file accepted, in UTF-8 bytes; larger files are refused before parsing
 * @param maxDepth how deeply maps and lists may nest
 * @param maxAliasValues how many values YAML aliases may copy in all (a billion-laughs guard)
 * @param note said after the size limit in the error, e.g. what AWS allows; may be empty
 */
public record YamlLimits(String kind, long maxBytes, int maxDepth, int maxAliasValues, String note) {

    /**
     * Automation documents: AWS refuses a document over 64 KB (MaxDocumentSizeExceeded); four times
     * that leaves room for documents written for local use. It also bounds the cost of SnakeYAML's
     * reader, which copies its buffer per 1 KB read inside one unbroken run of characters (quadratic
     * in the run's length): 256 KB costs well under a second, 20 MB took minutes.
     */
    public static final YamlLimits DOCUMENT = new YamlLimits("document", 256 * 1024, 100, 100_000,
            "AWS's own limit is 64 KB");

    /** Params files: AWS counts parameter values in the same 64 KB quota as the document. */
    public static final YamlLimits PARAMS_FILE = new YamlLimits("params file", 256 * 1024, 100, 100_000,
            "AWS counts parameter values in the document's 64 KB quota");

    /** Policy files: a few dozen settings; 64 KB is far more than any policy needs. */
    public static final YamlLimits POLICY_FILE = new YamlLimits("policy file", 64 * 1024, 100, 100_000, "");

    /** The error for a file of {@code bytes} bytes, or null when it is within the limit. */
    public String sizeProblem(long bytes) {
        return bytes <= maxBytes ? null : tooLarge(bytes + " bytes");
    }

    String tooLarge(String measured) {
        return "is too large (" + measured + "); a " + kind + " may be at most " + maxBytes + " bytes ("
                + (maxBytes / 1024) + " KB" + (note.isEmpty() ? "" : "; " + note) + ")";
    }

    /**
     * Reads a file as UTF-8 text within the size limit: a regular file over it is refused from its
     * length alone, before anything is read; a pipe or device ({@code <(yes)}) is read no further
     * than one byte past the limit.
     *
     * @throws java.nio.charset.CharacterCodingException if the file is not UTF-8
     * @throws IOException if it cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public String readFile(Path file) throws YamlInputException, IOException {
        if (Files.isRegularFile(file)) {
            String problem = sizeProblem(Files.size(file));
            if (problem != null) {
                throw new YamlInputException(0, null, problem);
            }
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw new YamlInputException(0, null, tooLarge("more than " + maxBytes + " bytes"));
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }
}
