package dev.execscript.policy;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A YAMLFactory whose parsers tell the anchor of every node, scalars included, and whether a scalar
 * was written plain. Jackson's own parser keeps the anchor of maps and lists only (its getObjectId
 * returns null for an anchored scalar) and hides the scalar style, which the merge key
 * {@code <<} needs (a quoted {@code "<<"} is an ordinary key).
 */
final class NodeEventYamlFactory extends YAMLFactory {

    NodeEventYamlFactory() {
        super(YAMLFactory.builder());
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
        return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    /** Reads the SnakeYAML event behind the current token, which YAMLParser keeps in a protected field. */
    static final class Parser extends YAMLParser {

        Parser(IOContext ctxt, int parserFeatures, int yamlFeatures, LoaderOptions options, ObjectCodec codec, Reader r) {
            super(ctxt, parserFeatures, yamlFeatures, options, codec, r);
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
