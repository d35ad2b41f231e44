package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;
import java.util.Map;

/**
 * The domain's port to a JSON library (client's {@code JacksonJson}): documents read into plain Java and plain Java
 * written as documents, so the domain holds no JSON types. Plain Java is an object as a {@link Map} (keys in the
 * document's order), an array as a {@link List}, {@link String}, {@link Boolean}, a number ({@link Integer},
 * {@link Long}, {@link java.math.BigInteger}, {@link Double}) or null.
 */
public interface Json {

    /** A document as plain Java, a repeated key's last value winning (as IAM reads a policy); null when empty. */
    Object read(String document);

    /** A document as plain Java, a repeated key refused (a reviewed file must say one thing); null when empty. */
    Object readRefusingDuplicateKeys(String document);

    /** Plain Java as a compact document (no whitespace). */
    String write(Object value);

    /** Not a JSON document; the message is the parser's, without the document. */
    final class Invalid extends IllegalArgumentException {

        public Invalid(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A value as text the way a JSON tree shows it: a string as itself, an object or an array as nothing. */
    static String asText(Object value) {
        if (value instanceof String text) {
            return text;
        }
        return value instanceof Map<?, ?> || value instanceof List<?> ? "" : String.valueOf(value);
    }
}
