package uk.gov.gds.awsam.request.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.RequestKind;

/**
 * Reads request bodies defensively: strict JSON only (no comments, no trailing content, no duplicate
 * names), shallow nesting and short numbers and names, so that a hostile body costs little and is refused
 * with the field it broke on. Also gives a body's canonical hash, which recognises a repeated submission.
 */
final class JsonBodies {

    static final int MAX_DEPTH = 8;

    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(32)
                            .maxNameLength(128)
                            .maxStringLength(64 * 1024)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private JsonBodies() {
    }

    /** A parsed body: maps, lists, strings, numbers, booleans and nulls; or the error that stopped it. */
    record Parsed(Object tree, FieldError error) {
    }

    static Parsed parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new Parsed(null, new FieldError("body", "is empty: send a JSON object"));
        }
        try (JsonParser parser = READER.createParser(body)) {
            try {
                return new Parsed(READER.readValue(parser, Object.class), null);
            } catch (JsonProcessingException malformed) {
                String field = field(parser);
                if (isTooDeep(malformed)) {
                    // name the outermost field, not a path as deep as the attack
                    field = field.split("[.\\[]", 2)[0];
                }
                return new Parsed(null, new FieldError(field.isEmpty() ? "body" : field, "is not valid JSON: " + describe(malformed)));
            }
        } catch (IOException unreadable) {
            return new Parsed(null, new FieldError("body", "could not be read as UTF-8 JSON"));
        }
    }

    /** Lower-case hex SHA-256 of the request kind and the canonical form (sorted names, no spaces) of the body. */
    static String canonicalSha256(RequestKind kind, Object tree) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(tree);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((kind.name() + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Where parsing stopped, as a field path ({@code team.lead.email}, {@code adminUserEmails[1]}), or body. */
    private static String field(JsonParser parser) {
        if (parser.getParsingContext() != null) {
            StringBuilder path = new StringBuilder();
            appendPath(parser.getParsingContext(), path);
            if (!path.isEmpty()) {
                return path.toString();
            }
        }
        return "body";
    }

    private static void appendPath(com.fasterxml.jackson.core.JsonStreamContext context, StringBuilder path) {
        if (context == null || context.inRoot()) {
            return;
        }
        appendPath(context.getParent(), path);
        if (context.inObject() && context.getCurrentName() != null) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(printable(context.getCurrentName()));
        } else if (context.inArray()) {
            path.append('[').append(Math.max(0, context.getCurrentIndex())).append(']');
        }
    }

    private static String describe(JsonProcessingException malformed) {
        String message = malformed.getOriginalMessage();
        if (isTooDeep(malformed)) {
            message = "nested more than " + MAX_DEPTH + " levels deep";
        }
        String where = malformed.getLocation() == null ? ""
                : " (line " + malformed.getLocation().getLineNr() + ", column " + malformed.getLocation().getColumnNr() + ")";
        return printable(message.lines().findFirst().orElse(message)) + where;
    }

    private static boolean isTooDeep(JsonProcessingException malformed) {
        return malformed.getOriginalMessage().toLowerCase(Locale.ROOT).contains("nesting depth");
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(cp -> {
            if (cp >= 0x20 && cp != 0x7f && !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04x", cp & 0xffff));
            }
        });
        return out.toString();
    }
}
