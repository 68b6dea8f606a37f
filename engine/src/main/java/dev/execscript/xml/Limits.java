package dev.execscript.xml;

import javax.xml.parsers.SAXParser;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * The JDK parser's processing limits, set on each parser rather than left to system properties (which a
 * host application may have loosened): a document's internal entities may expand, but not without bound
 * (a "billion laughs" document stops at {@link #ENTITY_EXPANSIONS}).
 */
final class Limits {

    /** Entity references expanded in one document. */
    static final int ENTITY_EXPANSIONS = 10_000;
    /** Characters all entity expansions of one document may produce together. */
    static final int TOTAL_ENTITY_SIZE = 10_000_000;
    /** Characters one general entity may expand to. */
    static final int GENERAL_ENTITY_SIZE = 1_000_000;
    /** Characters one parameter entity may expand to. */
    static final int PARAMETER_ENTITY_SIZE = 1_000_000;
    /** Entity references, counted with nodes, that one document may replace (JDK's entityReplacementLimit). */
    static final int ENTITY_REPLACEMENTS = 3_000_000;
    /** Attributes one element may have. */
    static final int ELEMENT_ATTRIBUTES = 10_000;
    /**
     * No limit (0) on element depth and name length, as expat has none: JDK 24+ defaults them to 100 levels
     * and 1,000 characters, which refused documents CPython parses. Both cost only memory proportional to
     * the document, which the step's allocation budget meters (the parse runs on the step's thread).
     */
    static final int NO_LIMIT = 0;

    private Limits() {
    }

    static void apply(SAXParser parser) throws SAXNotRecognizedException, SAXNotSupportedException {
        parser.setProperty("jdk.xml.entityExpansionLimit", ENTITY_EXPANSIONS);
        parser.setProperty("jdk.xml.totalEntitySizeLimit", TOTAL_ENTITY_SIZE);
        parser.setProperty("jdk.xml.maxGeneralEntitySizeLimit", GENERAL_ENTITY_SIZE);
        parser.setProperty("jdk.xml.maxParameterEntitySizeLimit", PARAMETER_ENTITY_SIZE);
        parser.setProperty("jdk.xml.entityReplacementLimit", ENTITY_REPLACEMENTS);
        parser.setProperty("jdk.xml.elementAttributeLimit", ELEMENT_ATTRIBUTES);
        parser.setProperty("jdk.xml.maxElementDepth", NO_LIMIT);
        parser.setProperty("jdk.xml.maxXMLNameLimit", NO_LIMIT);
    }
}
