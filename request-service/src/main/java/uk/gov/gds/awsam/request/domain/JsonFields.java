package uk.gov.gds.awsam.request.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON object of a parsed body (maps, lists, strings, numbers, booleans and nulls) field by
 * field, recording an error for every field that is missing, of the wrong type or not expected, so that
 * a caller learns of every bad field at once. An object that is itself missing or malformed reads as
 * absent: its fields yield null without further errors.
 */
final class JsonFields {

    private final String path;
    private final Map<?, ?> fields;
    private final List<FieldError> errors;

    private JsonFields(String path, Map<?, ?> fields, List<FieldError> errors) {
        this.path = path;
        this.fields = fields;
        this.errors = errors;
    }

    /** The body's top-level object; a body that is not a JSON object is one error on {@code body}. */
    static JsonFields root(Object body, List<FieldError> errors) {
        if (body instanceof Map<?, ?> map) {
            return new JsonFields("", map, errors);
        }
        errors.add(new FieldError("body", "must be a JSON object"));
        return new JsonFields("", null, errors);
    }

    boolean present() {
        return fields != null;
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void error(String name, String message) {
        errors.add(new FieldError(field(name), message));
    }

    /** Records an error for every field other than {@code expected}. */
    void rejectUnknown(Set<String> expected) {
        if (fields == null) {
            return;
        }
        for (Object key : fields.keySet()) {
            if (!expected.contains(key)) {
                // The field's own name is part of the path; keep it printable.
                errors.add(new FieldError(field(printable(String.valueOf(key))), "is not a field of this request"));
            }
        }
    }

    /** A required nested object. */
    JsonFields object(String name) {
        Object value = value(name);
        if (value == null) {
            if (present()) {
                error(name, "is required");
            }
            return new JsonFields(field(name), null, errors);
        }
        if (value instanceof Map<?, ?> map) {
            return new JsonFields(field(name), map, errors);
        }
        error(name, "must be a JSON object");
        return new JsonFields(field(name), null, errors);
    }

    /** A required string, trimmed and in NFC; null (with an error) when missing, blank or not a string. */
    String requiredText(String name) {
        Object value = value(name);
        if (value != null && !(value instanceof String)) {
            error(name, "must be a string");
            return null;
        }
        String text = normalised((String) value);
        if (text == null && present()) {
            error(name, "is required");
        }
        return text;
    }

    /** An optional string, trimmed and in NFC; null when absent, JSON null or blank. */
    String optionalText(String name) {
        Object value = value(name);
        if (value != null && !(value instanceof String)) {
            error(name, "must be a string");
            return null;
        }
        return normalised((String) value);
    }

    private static String normalised(String text) {
        if (text == null) {
            return null;
        }
        String normalised = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
        return normalised.isEmpty() ? null : normalised;
    }

    /** A required JSON boolean ({@code true} or {@code false}, not a string or number). */
    Boolean requiredBoolean(String name) {
        Object value = value(name);
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (present()) {
            error(name, value == null ? "is required (true or false)" : "must be true or false");
        }
        return null;
    }

    /**
     * A required array of strings, each trimmed; elements that are not strings are errors named by index.
     * Null (with an error) when missing or not an array.
     */
    List<Element> requiredStrings(String name) {
        Object value = value(name);
        if (value == null) {
            if (present()) {
                error(name, "is required");
            }
            return null;
        }
        if (!(value instanceof List<?> list)) {
            error(name, "must be an array of strings");
            return null;
        }
        List<Element> elements = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String elementField = field(name) + "[" + i + "]";
            if (list.get(i) instanceof String text) {
                elements.add(new Element(elementField, text.strip()));
            } else {
                errors.add(new FieldError(elementField, "must be a string"));
            }
        }
        return elements;
    }

    /** One string of an array, with its own field path. */
    record Element(String field, String value) {
    }

    private Object value(String name) {
        return fields == null ? null : fields.get(name);
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(64).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04x", cp & 0xffff));
            }
        });
        return name.codePointCount(0, name.length()) > 64 ? out + "..." : out.toString();
    }
}
