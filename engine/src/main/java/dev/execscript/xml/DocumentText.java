package dev.execscript.xml;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The document being parsed, as bytes or text, and as text for finding where an error is (expat reports
 * columns in characters, counted from 0).
 */
final class DocumentText {

    private static final int HEAD = 512;
    private final byte[] bytes;
    private final String override;
    private String text;

    private DocumentText(byte[] bytes, String override, String text) {
        this.bytes = bytes;
        this.override = override;
        this.text = text;
    }

    static DocumentText ofText(String text) {
        return new DocumentText(null, null, text);
    }

    static DocumentText ofBytes(byte[] bytes, String override) {
        return new DocumentText(bytes, override, null);
    }

    byte[] bytes() {
        return bytes;
    }

    /** The start of the document as text, enough to read its XML declaration. */
    String head() {
        if (text != null) {
            return text.substring(0, Math.min(HEAD, text.length()));
        }
        int n = Math.min(bytes.length, HEAD * 4);
        Charset charset = bomCharset();
        int skip = charset == StandardCharsets.UTF_8 && startsWith(0xEF, 0xBB, 0xBF) ? 3 : 0;
        if (charset == null) {
            // ASCII-compatible encodings all spell the declaration the same way.
            charset = StandardCharsets.ISO_8859_1;
        }
        return new String(bytes, skip, Math.max(0, n - skip), charset);
    }

    /** The whole document as text, decoded with the encoding the parser used if it said (else guessed). */
    String text(String parserEncoding) {
        if (text == null) {
            Charset charset = charsetNamed(override);
            if (charset == null) {
                charset = charsetNamed(parserEncoding);
            }
            if (charset == null) {
                charset = bomCharset();
            }
            if (charset == null) {
                charset = charsetNamed(XmlDeclaration.of(head()).map(XmlDeclaration::encoding).orElse(null));
            }
            String decoded = new String(bytes, charset == null ? StandardCharsets.UTF_8 : charset);
            text = decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
        }
        return text;
    }

    /**
     * The character offset of the first byte sequence that is not valid in the encoding the document is read
     * in, or -1 (text documents, or none found).
     */
    int firstMalformed(String parserEncoding) {
        if (bytes == null) {
            return -1;
        }
        Charset charset = charsetNamed(override);
        charset = charset != null ? charset : charsetNamed(parserEncoding);
        charset = charset != null ? charset : bomCharset();
        charset = charset != null ? charset : StandardCharsets.UTF_8;
        java.nio.charset.CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            return -1;
        }
        out.flip();
        String before = out.toString();
        return before.startsWith("\uFEFF") ? before.length() - 1 : before.length();
    }

    private Charset bomCharset() {
        if (startsWith(0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        if (startsWith(0xFE, 0xFF) || startsWith(0x00, 0x3C, 0x00, 0x3F)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(0xFF, 0xFE) || startsWith(0x3C, 0x00, 0x3F, 0x00)) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private boolean startsWith(int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Charset charsetNamed(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The offset in {@code text} of a 1-based line and column as the JDK parser counts them (a line break is
     * \n, \r\n or \r), clamped to the text.
     */
    static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset < text.length(); offset++) {
            char c = text.charAt(offset);
            if (c == '\n' || (c == '\r' && (offset + 1 >= text.length() || text.charAt(offset + 1) != '\n'))) {
                l++;
            }
        }
        return Math.max(0, Math.min(text.length(), offset + Math.max(0, column - 1)));
    }

    /** The 1-based line and 0-based column (in characters) of an offset, as expat reports a position. */
    static int[] positionOf(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        int end = Math.min(offset, text.length());
        return new int[] {line, text.codePointCount(lineStart, Math.max(lineStart, end))};
    }

    /**
     * The internal subset of the document's DOCTYPE (between its brackets), or null if it has none: SAX does
     * not report it, expat hands it to a default handler and minidom keeps it.
     */
    String internalSubset(String parserEncoding) {
        String t = text(parserEncoding);
        int start = t.indexOf("<!DOCTYPE");
        if (start < 0) {
            return null;
        }
        int i = start + "<!DOCTYPE".length();
        char quote = 0;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return null;
            } else if (c == '[') {
                break;
            }
        }
        int open = i + 1;
        for (i = open; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (t.startsWith("<!--", i)) {
                int close = t.indexOf("-->", i + 4);
                i = close < 0 ? t.length() : close + 2;
            } else if (t.startsWith("<?", i)) {
                int close = t.indexOf("?>", i + 2);
                i = close < 0 ? t.length() : close + 1;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ']') {
                return t.substring(open, i);
            }
        }
        return null;
    }
}
