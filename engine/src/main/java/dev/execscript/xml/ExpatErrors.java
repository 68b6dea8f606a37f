package dev.execscript.xml;

import java.util.List;
import java.util.Locale;
import java.util.function.ToIntBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK parser's errors as expat reports them: expat's error code and message, and the position expat
 * gives (1-based line, 0-based column, usually where the offending token starts; the JDK gives the
 * 1-based column just after where it noticed). The JDK's messages are read in English (the parser is given
 * {@link #locale()}); one not recognised is expat's "not well-formed".
 */
final class ExpatErrors {

    /** An error as the Python side raises it. */
    record Located(int code, int line, int column, String message) {
    }

    static final int SYNTAX_ERROR = 2;
    static final int NO_ELEMENTS = 3;
    static final int INVALID_TOKEN = 4;
    static final int UNCLOSED_TOKEN = 5;
    static final int TAG_MISMATCH = 7;
    static final int DUPLICATE_ATTRIBUTE = 8;
    static final int JUNK_AFTER_DOC_ELEMENT = 9;
    static final int UNDEFINED_ENTITY = 11;
    static final int RECURSIVE_ENTITY_REF = 12;
    static final int BAD_CHAR_REF = 14;
    static final int BINARY_ENTITY_REF = 15;
    static final int ATTRIBUTE_EXTERNAL_ENTITY_REF = 16;
    static final int MISPLACED_XML_PI = 17;
    static final int UNKNOWN_ENCODING = 18;
    static final int INCORRECT_ENCODING = 19;
    static final int UNCLOSED_CDATA_SECTION = 20;
    static final int UNBOUND_PREFIX = 27;
    static final int UNDECLARING_PREFIX = 28;
    static final int XML_DECL = 30;
    static final int RESERVED_PREFIX_XML = 38;
    static final int RESERVED_PREFIX_XMLNS = 39;
    static final int RESERVED_NAMESPACE_URI = 40;
    static final int AMPLIFICATION_LIMIT_BREACH = 43;

    /** Expat's messages for the codes above (pyexpat.errors holds them all). */
    static String expatMessage(int code) {
        return switch (code) {
            case SYNTAX_ERROR -> "syntax error";
            case NO_ELEMENTS -> "no element found";
            case UNCLOSED_TOKEN -> "unclosed token";
            case TAG_MISMATCH -> "mismatched tag";
            case DUPLICATE_ATTRIBUTE -> "duplicate attribute";
            case JUNK_AFTER_DOC_ELEMENT -> "junk after document element";
            case UNDEFINED_ENTITY -> "undefined entity";
            case RECURSIVE_ENTITY_REF -> "recursive entity reference";
            case BAD_CHAR_REF -> "reference to invalid character number";
            case BINARY_ENTITY_REF -> "reference to binary entity";
            case ATTRIBUTE_EXTERNAL_ENTITY_REF -> "reference to external entity in attribute";
            case MISPLACED_XML_PI -> "XML or text declaration not at start of entity";
            case UNKNOWN_ENCODING -> "unknown encoding";
            case INCORRECT_ENCODING -> "encoding specified in XML declaration is incorrect";
            case UNCLOSED_CDATA_SECTION -> "unclosed CDATA section";
            case UNBOUND_PREFIX -> "unbound prefix";
            case UNDECLARING_PREFIX -> "must not undeclare prefix";
            case XML_DECL -> "XML declaration not well-formed";
            case RESERVED_PREFIX_XML -> "reserved prefix (xml) must not be undeclared or bound to another namespace name";
            case RESERVED_PREFIX_XMLNS -> "reserved prefix (xmlns) must not be declared or undeclared";
            case RESERVED_NAMESPACE_URI -> "prefix must not be bound to one of the reserved namespace names";
            case AMPLIFICATION_LIMIT_BREACH -> "limit on input amplification factor (from DTD and entities) breached";
            default -> "not well-formed (invalid token)";
        };
    }

    /** Where expat puts an error of a kind: from the text and the offset just after where the JDK noticed it. */
    private record Kind(Pattern message, int code, ToIntBiFunction<String, Integer> position) {
        static Kind of(String regex, int code, ToIntBiFunction<String, Integer> position) {
            return new Kind(Pattern.compile(regex), code, position);
        }
    }

    private static final ToIntBiFunction<String, Integer> AT = (t, at) -> at;
    private static final List<Kind> KINDS = List.of(
            Kind.of("must be terminated by the matching end-tag", TAG_MISMATCH, (t, at) -> found(t.lastIndexOf("</", at - 1), 2, at)),
            Kind.of("^Premature end of file", NO_ELEMENTS, (t, at) -> t.length()),
            Kind.of("not allowed in prolog", SYNTAX_ERROR, ExpatErrors::tokenStart),
            Kind.of("was already specified for element", DUPLICATE_ATTRIBUTE, AT),
            Kind.of("was referenced, but not declared", UNDEFINED_ENTITY, (t, at) -> found(t.lastIndexOf('&', at - 1), 0, at)),
            Kind.of("^Character reference .* is an invalid XML character", BAD_CHAR_REF,
                    (t, at) -> found(t.lastIndexOf("&#", at - 1), 0, at)),
            Kind.of("^The unparsed entity reference", BINARY_ENTITY_REF, (t, at) -> found(t.lastIndexOf('&', at - 1), 0, at)),
            Kind.of("^The external entity reference .* is not permitted in an attribute value", ATTRIBUTE_EXTERNAL_ENTITY_REF,
                    (t, at) -> found(t.lastIndexOf('&', at - 1), 0, at)),
            Kind.of("^The prefix \".*\" for (element|attribute) .* is not bound", UNBOUND_PREFIX,
                    (t, at) -> found(t.lastIndexOf('<', at - 1), 0, at)),
            Kind.of("^The prefix \"xmlns\" cannot be bound|^The namespace \"http://www.w3.org/2000/xmlns/\" can be bound only",
                    RESERVED_PREFIX_XMLNS, (t, at) -> found(t.lastIndexOf('<', at - 1), 0, at)),
            Kind.of("^The prefix \"xml\" cannot be bound", RESERVED_PREFIX_XML, (t, at) -> found(t.lastIndexOf('<', at - 1), 0, at)),
            Kind.of("^The namespace \"http://www.w3.org/XML/1998/namespace\" can be bound only", RESERVED_NAMESPACE_URI,
                    (t, at) -> found(t.lastIndexOf('<', at - 1), 0, at)),
            Kind.of("^The value of the attribute \"prefix=\"xmlns\",localpart=\".*\",rawname=\".*\"\" is invalid|"
                    + "Prefixed namespace bindings may not be empty", UNDECLARING_PREFIX,
                    (t, at) -> found(t.lastIndexOf('<', at - 1), 0, at)),
            Kind.of("\\[xX\\]\\[mM\\]\\[lL\\]", MISPLACED_XML_PI, (t, at) -> found(t.lastIndexOf("<?", at - 1), 0, at)),
            Kind.of("^Invalid encoding name|^The encoding \".*\" is not supported|^Encoding \".*\" is not supported",
                    UNKNOWN_ENCODING, (t, at) -> 0),
            Kind.of("\"\\]\\]>\" must not appear in content", INVALID_TOKEN, (t, at) -> found(t.lastIndexOf("]]>", at - 1), 2, at)),
            Kind.of("^The XML declaration must|^The version is required in the XML declaration|"
                    + "^The encoding declaration is required|^The standalone document declaration value must be",
                    XML_DECL, (t, at) -> 0));

    private static final Pattern MALFORMED_BYTES = Pattern.compile(
            "^Invalid byte \\d of \\d-byte UTF-8 sequence|^Byte \"\\d+\" is not a member|is not valid in the encoding");
    private static final Pattern RECURSIVE = Pattern.compile("^Recursive entity reference \"([^\"]+)\"");
    private static final Pattern LIMIT = Pattern.compile("^JAXP\\d+: .*?\"([\\d,]+)\".*\"(jdk\\.xml\\.\\w+)\"");

    private ExpatErrors() {
    }

    static Located of(SAXParseException e, DocumentText document, EventRecorder recorder) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String text = document.text(recorder.encoding());
        Matcher limit = LIMIT.matcher(message);
        if (limit.find()) {
            // The JDK is deep inside entity text by then; expat points at the reference in the document,
            // the first one after the last tag.
            int[] last = recorder.lastTag();
            int from = last == null ? 0 : DocumentText.offsetOf(text, last[0], last[1]);
            int reference = text.indexOf('&', from);
            return located(AMPLIFICATION_LIMIT_BREACH, text, reference >= 0 ? reference : from,
                    " (" + limitWords(limit.group(2), limit.group(1)) + ")");
        }
        int at = DocumentText.offsetOf(text, Math.max(1, e.getLineNumber()), Math.max(1, e.getColumnNumber()));
        if (message.startsWith("XML document structures must start and end within the same entity")) {
            return unfinished(text);
        }
        if (MALFORMED_BYTES.matcher(message).find()) {
            int malformed = document.firstMalformed(recorder.encoding());
            return located(INVALID_TOKEN, text, malformed >= 0 ? malformed : at, "");
        }
        Matcher recursive = RECURSIVE.matcher(message);
        if (recursive.find()) {
            // The JDK is inside the entity's text; expat points at the reference in the document.
            int[] last = recorder.lastTag();
            int from = last == null ? 0 : DocumentText.offsetOf(text, last[0], last[1]);
            int reference = text.indexOf("&" + recursive.group(1) + ";", from);
            return located(RECURSIVE_ENTITY_REF, text, reference >= 0 ? reference : at, "");
        }
        if (message.contains("following the root element must be well-formed") || message.contains("not allowed in trailing section")) {
            int[] end = recorder.rootEnd();
            int offset = end == null ? at : afterMisc(text, DocumentText.offsetOf(text, end[0], end[1]));
            return located(JUNK_AFTER_DOC_ELEMENT, text, offset, "");
        }
        for (Kind kind : KINDS) {
            if (kind.message().matcher(message).find()) {
                int offset = kind.position().applyAsInt(text, at);
                if (kind.code() == DUPLICATE_ATTRIBUTE) {
                    offset = duplicateAttribute(text, at, message);
                }
                return located(kind.code(), text, offset, "");
            }
        }
        return located(INVALID_TOKEN, text, at, "");
    }

    /** An error without a position (the parser stopped outside the document's text). */
    static Located ofUnlocated(SAXException e, DocumentText document, EventRecorder recorder) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String text = document.text(recorder.encoding());
        Matcher limit = LIMIT.matcher(message);
        if (limit.find()) {
            return located(AMPLIFICATION_LIMIT_BREACH, text, 0, " (" + limitWords(limit.group(2), limit.group(1)) + ")");
        }
        if (RECURSIVE.matcher(message).find()) {
            return located(RECURSIVE_ENTITY_REF, text, 0, "");
        }
        for (Kind kind : KINDS) {
            if (kind.message().matcher(message).find()) {
                return located(kind.code(), text, 0, "");
            }
        }
        return located(INVALID_TOKEN, text, 0, "");
    }

    /** Anything else the parser threw (an encoding Java cannot decode, a malformed byte sequence). */
    static Located ofUnexpected(Throwable e, DocumentText document, EventRecorder recorder) {
        String text = document.text(recorder.encoding());
        int malformed = document.firstMalformed(recorder.encoding());
        if (e instanceof java.io.CharConversionException && malformed >= 0) {
            // Expat: "not well-formed" where the bad byte sequence starts.
            return located(INVALID_TOKEN, text, malformed, "");
        }
        boolean encoding = e instanceof java.io.UnsupportedEncodingException
                || e instanceof java.nio.charset.UnsupportedCharsetException;
        int[] where = recorder.where();
        int at = where == null ? 0 : DocumentText.offsetOf(text, where[0], where[1]);
        return located(encoding ? UNKNOWN_ENCODING : INVALID_TOKEN, text, at, "");
    }

    private static Located located(int code, String text, int offset, String detail) {
        int[] position = DocumentText.positionOf(text, Math.max(0, offset));
        return new Located(code, position[0], position[1],
                expatMessage(code) + detail + ": line " + position[0] + ", column " + position[1]);
    }

    private static String limitWords(String property, String value) {
        String what = switch (property) {
            case "jdk.xml.entityExpansionLimit" -> "entity expansions in one document";
            case "jdk.xml.totalEntitySizeLimit" -> "characters from all entity expansions of one document";
            case "jdk.xml.maxGeneralEntitySizeLimit" -> "characters in one general entity's expansion";
            case "jdk.xml.maxParameterEntitySizeLimit" -> "characters in one parameter entity's expansion";
            case "jdk.xml.entityReplacementLimit" -> "entity references replaced in one document";
            case "jdk.xml.elementAttributeLimit" -> "attributes on one element";
            default -> "of " + property;
        };
        return "the sandbox allows at most " + value.replace(",", "") + " " + what;
    }

    /** The document ended early: inside a token (expat: unclosed token there) or between tokens (no element found). */
    private static Located unfinished(String text) {
        int cdata = text.lastIndexOf("<![CDATA[");
        if (cdata >= 0 && text.indexOf("]]>", cdata) < 0) {
            return located(UNCLOSED_CDATA_SECTION, text, text.length(), "");
        }
        int open = text.lastIndexOf('<');
        if (open >= 0 && text.indexOf('>', open) < 0) {
            return located(UNCLOSED_TOKEN, text, open, "");
        }
        return located(NO_ELEMENTS, text, text.length(), "");
    }

    /** offset + shift if found (>= 0), else where the JDK noticed ({@code at}: the JDK's column as a 0-based offset). */
    private static int found(int offset, int shift, int at) {
        return offset >= 0 ? offset + shift : at;
    }

    /** Where what follows the root element stops being whitespace, comments and processing instructions. */
    private static int afterMisc(String text, int from) {
        int i = from;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
            } else if (text.startsWith("<!--", i) && text.indexOf("-->", i + 4) >= 0) {
                i = text.indexOf("-->", i + 4) + 3;
            } else if (text.startsWith("<?", i) && text.indexOf("?>", i + 2) >= 0) {
                i = text.indexOf("?>", i + 2) + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** The start of the token at {@code at}: back to the previous '>' or whitespace. */
    private static int tokenStart(String text, int at) {
        int i = Math.min(at, text.length() - 1);
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1)) && text.charAt(i - 1) != '>') {
            i--;
        }
        return Math.max(0, i);
    }

    private static final Pattern QUOTED_NAME = Pattern.compile("^Attribute \"([^\"]+)\"");

    /** Expat points at the repeated attribute's name: the second occurrence in the start tag. */
    private static int duplicateAttribute(String text, int at, String message) {
        Matcher m = QUOTED_NAME.matcher(message);
        int tag = text.lastIndexOf('<', Math.max(0, at - 1));
        if (!m.find() || tag < 0) {
            return at;
        }
        String name = m.group(1);
        int seen = 0;
        int i = tag + 1;
        char quote = 0;
        for (; i < text.length() && (quote != 0 || text.charAt(i) != '>'); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c) && text.startsWith(name, i + 1)) {
                int after = i + 1 + name.length();
                while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                    after++;
                }
                if (after < text.length() && text.charAt(after) == '=' && ++seen == 2) {
                    return i + 1;
                }
            }
        }
        return at;
    }

    /**
     * The locale to ask the parser's messages in: ROOT is the JDK's English bundle; asking for ENGLISH would
     * fall back to the JVM's default locale's translation first.
     */
    static Locale locale() {
        return Locale.ROOT;
    }
}
