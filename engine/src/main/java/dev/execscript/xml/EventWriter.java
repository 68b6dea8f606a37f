package dev.execscript.xml;

/**
 * Expat-style events as one string: fields separated by NUL (a character no XML document can contain,
 * not even as a character reference), each event a one-character code and its fields; a field that may be
 * absent is written "-" when absent and "+value" when present. The codes and their fields:
 * <pre>
 * X version ?encoding standalone(-1|0|1)     xml declaration
 * D name ?systemId ?publicId hasInternalSubset(0|1) ?internalSubset    start of DOCTYPE
 * d                                          end of DOCTYPE
 * E name isParameter(0|1) ?value ?systemId ?publicId                entity declaration
 * U name systemId ?publicId notation         unparsed entity declaration
 * N name ?systemId ?publicId                 notation declaration
 * L name model                               element declaration (model as in the DTD)
 * A element attribute type ?default required(0|1)                   attribute declaration
 * S line column qname uri local n [qname uri local specified(0|1) value]*n   start tag
 * e line column qname uri local              end tag
 * C text                                     character data (adjacent pieces joined)
 * [ / ]                                      start / end of a CDATA section
 * ! text                                     comment
 * ? target data                              processing instruction
 * P ?prefix ?uri / p ?prefix                 start / end of a namespace declaration
 * &amp; name line column                         an entity reference not expanded (external, or undeclared in a non-standalone DTD)
 * F code line column message                 the error that ended the parse (always last)
 * </pre>
 */
final class EventWriter {

    static final char SEPARATOR = '\0';
    private final StringBuilder out = new StringBuilder();

    EventWriter code(char code) {
        if (!out.isEmpty()) {
            out.append(SEPARATOR);
        }
        out.append(code);
        return this;
    }

    EventWriter field(String value) {
        out.append(SEPARATOR).append(value == null ? "" : value);
        return this;
    }

    EventWriter field(int value) {
        out.append(SEPARATOR).append(value);
        return this;
    }

    EventWriter field(boolean value) {
        out.append(SEPARATOR).append(value ? '1' : '0');
        return this;
    }

    EventWriter optional(String value) {
        if (value == null) {
            out.append(SEPARATOR).append('-');
        } else {
            out.append(SEPARATOR).append('+').append(value);
        }
        return this;
    }

    void xmlDeclaration(XmlDeclaration declaration) {
        code('X').field(declaration.version()).optional(declaration.encoding()).field(declaration.standalone());
    }

    void error(ExpatErrors.Located error) {
        code('F').field(error.code()).field(error.line()).field(error.column()).field(error.message());
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
