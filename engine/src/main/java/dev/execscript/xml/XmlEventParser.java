package dev.execscript.xml;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.graalvm.polyglot.HostAccess;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * The one object a sandboxed script's {@code pyexpat} may call: parses a whole XML document with the JDK's
 * SAX parser, configured so that it reads nothing but the document (no external entities or DTDs, no
 * network or files) and expands internal entities only within {@link Limits}, and returns the parse as
 * expat-style events in one string (see {@link EventWriter} for the format), so that a parse costs one
 * call from Python, not one per event. Stateless and thread-safe; errors are events too, nothing throws.
 */
public final class XmlEventParser {

    /** The name under which contexts find it in their bindings (pyexpat looks for it there). */
    public static final String BINDING = "_execscript_xml";
    private static final XmlEventParser INSTANCE = new XmlEventParser();

    private XmlEventParser() {
    }

    /** The shared instance (it holds no state). */
    public static XmlEventParser instance() {
        return INSTANCE;
    }

    /**
     * Parses one document.
     *
     * @param document the document: text, or bytes as a string of chars 0-255 (one per byte) when {@code bytes}
     * @param bytes whether {@code document} holds bytes to decode (from a BOM, the XML declaration or {@code encoding})
     * @param encoding an encoding overriding the document's own (expat's {@code ParserCreate(encoding)}), or null
     * @param namespaces whether to process namespaces ({@code ParserCreate(namespace_separator=...)})
     * @return the events, ending with an error event if the document is not well-formed or breaks a limit
     */
    @HostAccess.Export
    public String parse(String document, boolean bytes, String encoding, boolean namespaces) {
        String doc = document == null ? "" : document;
        EventWriter events = new EventWriter();
        DocumentText text = bytes ? DocumentText.ofBytes(doc.getBytes(StandardCharsets.ISO_8859_1), encoding)
                : DocumentText.ofText(doc);
        XmlDeclaration.of(text.head()).ifPresent(events::xmlDeclaration);
        EventRecorder recorder = new EventRecorder(events, text);
        try {
            XMLReader reader = newReader(namespaces);
            reader.setContentHandler(recorder);
            reader.setErrorHandler(recorder);
            reader.setDTDHandler(recorder);
            reader.setEntityResolver(recorder);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", recorder);
            reader.setProperty("http://xml.org/sax/properties/declaration-handler", recorder);
            InputSource source;
            if (bytes) {
                source = new InputSource(new ByteArrayInputStream(text.bytes()));
                if (encoding != null) {
                    source.setEncoding(encoding);
                }
            } else {
                source = new InputSource(new StringReader(doc));
            }
            reader.parse(source);
        } catch (SAXParseException e) {
            events.error(ExpatErrors.of(e, text, recorder));
        } catch (SAXException e) {
            events.error(ExpatErrors.ofUnlocated(e, text, recorder));
        } catch (Exception | StackOverflowError e) {
            // Not a well-formedness error (an unsupported encoding, an I/O error on an in-memory stream): still
            // the script's document, reported as expat would, without the JVM's own text.
            events.error(ExpatErrors.ofUnexpected(e, text, recorder));
        }
        return events.toString();
    }

    private static XMLReader newReader(boolean namespaces) throws ParserConfigurationException, SAXException {
        // The JDK's own implementation, whatever else is on the class path.
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(namespaces);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        SAXParser parser = factory.newSAXParser();
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Limits.apply(parser);
        XMLReader reader = parser.getXMLReader();
        reader.setFeature("http://xml.org/sax/features/namespace-prefixes", false);
        // Entity and notation system ids as written: resolving them against the JVM's working directory
        // would tell the script where that is.
        reader.setFeature("http://xml.org/sax/features/resolve-dtd-uris", false);
        try {
            // Messages in English whatever the JVM's locale: ExpatErrors reads them.
            reader.setProperty("http://apache.org/xml/properties/locale", ExpatErrors.locale());
        } catch (SAXException e) {
            // An older parser: its messages are in the default locale, errors then map to "not well-formed".
        }
        return reader;
    }
}
