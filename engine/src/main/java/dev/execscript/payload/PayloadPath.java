package dev.execscript.payload;

/** Renders JSON path segments for error messages: {@code $.name}, {@code $["odd key"]}, {@code $[3]}. */
final class PayloadPath {

    static final String ROOT = "$";

    private PayloadPath() {
    }

    static void appendKey(StringBuilder path, String key) {
        if (isIdentifier(key)) {
            path.append('.').append(key);
            return;
        }
        path.append("[\"");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '"' -> path.append("\\\"");
                case '\\' -> path.append("\\\\");
                default -> {
                    // controls and lone surrogates escaped, so the path is printable and survives UTF-8
                    if (c < 0x20 || (Character.isSurrogate(c) && !isPaired(key, i))) {
                        path.append("\\u%04x".formatted((int) c));
                    } else {
                        path.append(c);
                    }
                }
            }
        }
        path.append("\"]");
    }

    static void appendIndex(StringBuilder path, long index) {
        path.append('[').append(index).append(']');
    }

    private static boolean isPaired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static boolean isIdentifier(String key) {
        if (key.isEmpty() || (key.charAt(0) >= '0' && key.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ascii = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ascii) {
                return false;
            }
        }
        return true;
    }
}
