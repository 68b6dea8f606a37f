package dev.execscript.xml;

import java.io.StringReader;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.Attributes2;
import org.xml.sax.ext.DefaultHandler2;
import org.xml.sax.ext.Locator2;

/** Writes what the SAX parser reports as expat-style events (see {@link EventWriter}). */
final class EventRecorder extends DefaultHandler2 {

    private final EventWriter events;
    private final DocumentText text;
    private final StringBuilder characters = new StringBuilder();
    /** Namespace scopes ending after the current end tag: expat ends them in reverse order of declaration, SAX in order. */
    private final java.util.ArrayList<String> endingPrefixes = new java.util.ArrayList<>();
    private Locator locator;
    private int depth;
    /** Where the root element's end tag ends (1-based line and column), once it has. */
    private int[] rootEnd;
    /** Where the last start or end tag ended. */
    private int[] lastTag;

    EventRecorder(EventWriter events, DocumentText text) {
        this.events = events;
        this.text = text;
    }

    /** The encoding the parser is reading the document in, if it said. */
    String encoding() {
        return locator instanceof Locator2 l ? l.getEncoding() : null;
    }

    /** Where the parser is (1-based line and column, just after what it last read), or null. */
    int[] where() {
        return locator == null ? null : new int[] {locator.getLineNumber(), locator.getColumnNumber()};
    }

    int[] rootEnd() {
        return rootEnd;
    }

    int[] lastTag() {
        return lastTag;
    }

    private void flush() {
        for (int i = endingPrefixes.size() - 1; i >= 0; i--) {
            events.code('p').optional(endingPrefixes.get(i));
        }
        endingPrefixes.clear();
        if (!characters.isEmpty()) {
            events.code('C').field(characters.toString());
            characters.setLength(0);
        }
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
    }

    @Override
    public void endDocument() {
        flush();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        flush();
        depth++;
        lastTag = where();
        events.code('S').field(locator.getLineNumber()).field(locator.getColumnNumber())
                .field(qName).field(uri).field(localName).field(attributes.getLength());
        Attributes2 declared = attributes instanceof Attributes2 a ? a : null;
        for (int i = 0; i < attributes.getLength(); i++) {
            events.field(attributes.getQName(i)).field(attributes.getURI(i)).field(attributes.getLocalName(i))
                    .field(declared == null || declared.isSpecified(i)).field(attributes.getValue(i));
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        flush();
        lastTag = where();
        if (--depth == 0) {
            rootEnd = lastTag;
        }
        events.code('e').field(locator.getLineNumber()).field(locator.getColumnNumber())
                .field(qName).field(uri).field(localName);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (!endingPrefixes.isEmpty()) {
            flush();
        }
        characters.append(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        if (!endingPrefixes.isEmpty()) {
            flush();
        }
        characters.append(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) {
        flush();
        events.code('?').field(target).field(data);
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) {
        flush();
        events.code('P').optional(prefix.isEmpty() ? null : prefix).optional(uri.isEmpty() ? null : uri);
    }

    @Override
    public void endPrefixMapping(String prefix) {
        endingPrefixes.add(prefix.isEmpty() ? null : prefix);
    }

    @Override
    public void skippedEntity(String name) {
        flush();
        // Expat's position is the '&' (0-based column); the locator is just after the ';' (1-based).
        int column = locator == null ? 0 : Math.max(0, locator.getColumnNumber() - 1 - name.length() - 2);
        events.code('&').field(name).field(locator == null ? 1 : locator.getLineNumber()).field(column);
    }

    @Override
    public void startDTD(String name, String publicId, String systemId) {
        flush();
        String subset = text.internalSubset(encoding());
        events.code('D').field(name).optional(systemId).optional(publicId).field(subset != null).optional(subset);
    }

    @Override
    public void endDTD() {
        events.code('d');
    }

    @Override
    public void startCDATA() {
        flush();
        events.code('[');
    }

    @Override
    public void endCDATA() {
        flush();
        events.code(']');
    }

    @Override
    public void comment(char[] ch, int start, int length) {
        flush();
        events.code('!').field(new String(ch, start, length));
    }

    @Override
    public void internalEntityDecl(String name, String value) {
        boolean parameter = name.startsWith("%");
        events.code('E').field(parameter ? name.substring(1) : name).field(parameter).optional(value).optional(null)
                .optional(null);
    }

    @Override
    public void externalEntityDecl(String name, String publicId, String systemId) {
        boolean parameter = name.startsWith("%");
        events.code('E').field(parameter ? name.substring(1) : name).field(parameter).optional(null).optional(systemId)
                .optional(publicId);
    }

    @Override
    public void unparsedEntityDecl(String name, String publicId, String systemId, String notationName) {
        events.code('U').field(name).field(systemId).optional(publicId).field(notationName);
    }

    @Override
    public void notationDecl(String name, String publicId, String systemId) {
        events.code('N').field(name).optional(systemId).optional(publicId);
    }

    @Override
    public void elementDecl(String name, String model) {
        events.code('L').field(name).field(model);
    }

    @Override
    public void attributeDecl(String eName, String aName, String type, String mode, String value) {
        boolean required = "#REQUIRED".equals(mode) || "#FIXED".equals(mode);
        // Expat writes "NOTATION(a|b)", SAX "NOTATION (a|b)".
        String expatType = type.startsWith("NOTATION (") ? "NOTATION" + type.substring("NOTATION ".length()) : type;
        events.code('A').field(eName).field(aName).field(expatType).optional(value).field(required);
    }

    /** Nothing outside the document is read: any external entity or DTD the parser asks for is empty. */
    @Override
    public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId) {
        return new InputSource(new StringReader(""));
    }

    @Override
    public InputSource getExternalSubset(String name, String baseURI) {
        return null;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
        flush();
        throw e;
    }

    @Override
    public void error(SAXParseException e) {
        // Validity errors: expat does not validate either.
    }

    @Override
    public void warning(SAXParseException e) {
    }
}
