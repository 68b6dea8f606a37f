package dev.execscript.text;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's character source over text held whole in memory, so that reading is linear in the
 * text's length. SnakeYAML's own StreamReader reads 1 KB at a time and copies its whole window on
 * each read while a token is open, which is quadratic in the length of one unbroken run of
 * characters: a 2 MB quoted scalar took 2.9 s to read, 20 MB minutes.
 *
 * <p>Same contract as StreamReader: positions in code points, NUL past the end, a line ends at
 * {@code \n}, NEL, LS, PS, or a {@code \r} not followed by {@code \n}, and a BOM takes no column.
 * The caller ({@link LocatedYaml}) has already refused non-printable characters.
 */
final class WholeTextStreamReader extends StreamReader {

    private static final String NAME = "'reader'";

    private final int[] codePoints;
    private int pointer;
    private int documentIndex;
    private int line;
    private int column;

    WholeTextStreamReader(String text) {
        super(""); // the superclass's own buffer stays empty and unused
        this.codePoints = text.codePoints().toArray();
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, pointer, line, column, codePoints, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < codePoints.length; i++) {
            int c = codePoints[pointer++];
            documentIndex++;
            boolean lone = c == '\r' && pointer < codePoints.length && codePoints[pointer] != '\n';
            if (Constant.LINEBR.has(c) || lone) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int index) {
        int at = pointer + index;
        return at < codePoints.length ? codePoints[at] : '\0';
    }

    @Override
    public String prefix(int length) {
        int available = Math.max(0, Math.min(length, codePoints.length - pointer));
        return available == 0 ? "" : new String(codePoints, pointer, available);
    }

    /** The scanner calls this only for runs without line breaks, so the column moves by the length. */
    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return pointer;
    }

    @Override
    public int getLine() {
        return line;
    }
}
