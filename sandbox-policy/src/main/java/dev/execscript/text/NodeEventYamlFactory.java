package dev.execscript.text;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * A YAMLFactory whose parsers read through {@link WholeTextStreamReader} (linear in the text's
 * length, where SnakeYAML's own reader is quadratic in the length of a long token) and tell the anchor of every node, scalars included, and whether a scalar
 * was written plain. Jackson's own parser keeps the anchor of maps and lists only (its getObjectId
 * returns null for an anchored scalar) and hides the scalar style, which the merge key
 * {@code <<} needs (a quoted {@code "<<"} is an ordinary key).
 */
final class NodeEventYamlFactory extends YAMLFactory {

    NodeEventYamlFactory() {
        super(YAMLFactory.builder().loaderOptions(loaderOptions()));
    }

    /** The size limit is YamlLimits', checked before parsing; SnakeYAML's own (3 M code points) would only blur it. */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    /** Reads all of {@code r} (LocatedYaml passes a StringReader over text already bounded in size). */
    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = r.read(buf)) > 0) {
            text.append(buf, 0, n);
        }
        ParserImpl events = new ParserImpl(new WholeTextStreamReader(text.toString()), _loaderOptions);
        return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _objectCodec, r, events);
    }

    /** Reads the SnakeYAML event behind the current token, which YAMLParser keeps in a protected field. */
    static final class Parser extends YAMLParser {

        Parser(IOContext ctxt, int parserFeatures, int yamlFeatures, ObjectCodec codec, Reader r, ParserImpl events) {
            super(ctxt, parserFeatures, yamlFeatures, codec, r, events);
        }

        /** The anchor ({@code &name}) on the current value or key, or null. */
        String nodeAnchor() {
            return _lastEvent instanceof NodeEvent n && !isCurrentAlias() ? n.getAnchor() : null;
        }

        /** Whether the current scalar (a key, say) was written without quotes. */
        boolean plainScalar() {
            return _lastEvent instanceof ScalarEvent s && s.isPlain();
        }
    }
}
