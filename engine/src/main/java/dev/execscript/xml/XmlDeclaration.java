package dev.execscript.xml;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A document's XML declaration, read from its start (SAX reports no standalone flag, expat's XmlDeclHandler does). */
record XmlDeclaration(String version, String encoding, int standalone) {

    private static final Pattern DECLARATION = Pattern.compile(
            "<\\?xml\\s+version\\s*=\\s*(['\"])([^'\"]*)\\1"
                    + "(?:\\s+encoding\\s*=\\s*(['\"])([^'\"]*)\\3)?"
                    + "(?:\\s+standalone\\s*=\\s*(['\"])(yes|no)\\5)?\\s*\\?>");

    /** The declaration at the very start of {@code head}, if it has a well-formed one. */
    static Optional<XmlDeclaration> of(String head) {
        if (!head.startsWith("<?xml")) {
            return Optional.empty();
        }
        Matcher m = DECLARATION.matcher(head);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        int standalone = m.group(6) == null ? -1 : m.group(6).equals("yes") ? 1 : 0;
        return Optional.of(new XmlDeclaration(m.group(2), m.group(4), standalone));
    }
}
