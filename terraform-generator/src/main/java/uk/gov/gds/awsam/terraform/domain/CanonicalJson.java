package uk.gov.gds.awsam.terraform.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON form the generator writes, so that the same request always gives the same bytes: object
 * keys in ascending order, two-space indent, {@code "key": value}, empty containers as {@code {}} and
 * {@code []}, a trailing newline. Strings are written as UTF-8 text; only what JSON requires is escaped
 * (quote, backslash, control characters), with the short form where JSON has one and a six-character
 * unicode escape with upper-case hex otherwise, as are unpaired surrogates (which UTF-8 cannot hold).
 *
 * <p>Values are {@link Map} (keys must be strings), {@link List}, {@link String}, {@link Boolean} and
 * integral {@link Number}s; anything else is a programming error.
 */
public final class CanonicalJson {

    private static final String INDENT = "  ";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalJson() {
    }

    /** The canonical text of a JSON value, ending with a newline. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(1024);
        write(value, 0, out);
        return out.append('\n').toString();
    }

    private static void write(Object value, int depth, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            writeObject(map, depth, out);
        } else if (value instanceof List<?> list) {
            writeArray(list, depth, out);
        } else if (value instanceof String string) {
            writeString(string, out);
        } else if (value instanceof Boolean bool) {
            out.append(bool.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else {
            throw new IllegalArgumentException("not a canonical JSON value: " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static void writeObject(Map<?, ?> map, int depth, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((key, value) -> {
            if (!(key instanceof String name)) {
                throw new IllegalArgumentException("JSON object keys are strings, not " + key);
            }
            sorted.put(name, value);
        });
        out.append('{');
        String separator = "\n";
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            out.append(separator);
            indent(depth + 1, out);
            writeString(entry.getKey(), out);
            out.append(": ");
            write(entry.getValue(), depth + 1, out);
            separator = ",\n";
        }
        out.append('\n');
        indent(depth, out);
        out.append('}');
    }

    private static void writeArray(List<?> list, int depth, StringBuilder out) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        String separator = "\n";
        for (Object element : list) {
            out.append(separator);
            indent(depth + 1, out);
            write(element, depth + 1, out);
            separator = ",\n";
        }
        out.append('\n');
        indent(depth, out);
        out.append(']');
    }

    private static void writeString(String string, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || unpairedSurrogate(string, i)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean unpairedSurrogate(String string, int i) {
        char c = string.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= string.length() || !Character.isLowSurrogate(string.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(string.charAt(i - 1));
        }
        return false;
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }

    private static void indent(int depth, StringBuilder out) {
        for (int i = 0; i < depth; i++) {
            out.append(INDENT);
        }
    }
}
