package uk.gov.gds.awsam.pr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Malformed and truncated forms of a valid {@code pull_request} payload, every one of which pr-service must
 * refuse (4xx) without publishing: every field it reads removed, nulled or of the wrong type; the payload
 * cut short; not JSON at all; the wrong JSON type; nested too deep; not UTF-8.
 */
final class PayloadMutations {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fields read from the payload (dotted paths) and what kind of value each must be. */
    enum Kind {
        TEXT, INT, BOOL, SHA, TIME, OBJECT
    }

    record Field(String path, Kind kind) {
    }

    static final List<Field> FIELDS = List.of(
            new Field("action", Kind.TEXT),
            new Field("number", Kind.INT),
            new Field("repository", Kind.OBJECT),
            new Field("repository.full_name", Kind.TEXT),
            new Field("sender", Kind.OBJECT),
            new Field("sender.login", Kind.TEXT),
            new Field("pull_request", Kind.OBJECT),
            new Field("pull_request.number", Kind.INT),
            new Field("pull_request.state", Kind.TEXT),
            new Field("pull_request.merged", Kind.BOOL),
            new Field("pull_request.html_url", Kind.TEXT),
            new Field("pull_request.head", Kind.OBJECT),
            new Field("pull_request.head.ref", Kind.TEXT),
            new Field("pull_request.head.sha", Kind.SHA),
            new Field("pull_request.base", Kind.OBJECT),
            new Field("pull_request.base.ref", Kind.TEXT),
            new Field("pull_request.created_at", Kind.TIME),
            new Field("pull_request.closed_at", Kind.TIME),
            new Field("pull_request.merge_commit_sha", Kind.SHA),
            new Field("pull_request.merged_by", Kind.OBJECT),
            new Field("pull_request.merged_by.login", Kind.TEXT),
            new Field("pull_request.merged_at", Kind.TIME));

    private PayloadMutations() {
    }

    /** Values that are not of the field's kind (so the parser must refuse them), and "absent" (null in this list). */
    static List<JsonNode> wrongValues(Kind kind) {
        List<JsonNode> values = new ArrayList<>();
        values.add(null);
        values.add(JSON.nullNode());
        values.add(JSON.createArrayNode().add("x"));
        if (kind != Kind.OBJECT) {
            values.add(JSON.createObjectNode().put("x", 1));
        }
        switch (kind) {
            case TEXT -> {
                values.add(JSON.getNodeFactory().numberNode(7));
                values.add(JSON.getNodeFactory().booleanNode(true));
                values.add(JSON.getNodeFactory().textNode(""));
                values.add(JSON.getNodeFactory().textNode("   "));
            }
            case INT -> {
                values.add(JSON.getNodeFactory().textNode("7"));
                values.add(JSON.getNodeFactory().numberNode(-1));
                values.add(JSON.getNodeFactory().numberNode(0));
                values.add(JSON.getNodeFactory().numberNode(7.5));
                values.add(JSON.getNodeFactory().numberNode(99_999_999_999L));
            }
            case BOOL -> {
                values.add(JSON.getNodeFactory().textNode("true"));
                values.add(JSON.getNodeFactory().numberNode(1));
            }
            case SHA -> {
                values.add(JSON.getNodeFactory().textNode("not-a-sha"));
                values.add(JSON.getNodeFactory().textNode("ABCDEF0123456789ABCDEF0123456789ABCDEF01"));
                values.add(JSON.getNodeFactory().numberNode(40));
            }
            case TIME -> {
                values.add(JSON.getNodeFactory().textNode("yesterday"));
                values.add(JSON.getNodeFactory().numberNode(1_700_000_000));
            }
            case OBJECT -> {
                values.add(JSON.getNodeFactory().textNode("x"));
                values.add(JSON.getNodeFactory().numberNode(1));
            }
        }
        return values;
    }

    /** The payload with one field set to {@code value} (null: removed). */
    static byte[] withField(byte[] payload, String path, JsonNode value) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(payload);
            String[] parts = path.split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = (ObjectNode) parent.get(parts[i]);
            }
            String last = parts[parts.length - 1];
            if (value == null) {
                parent.remove(last);
            } else {
                parent.set(last, value);
            }
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every field mutation: each field of {@link #FIELDS} with each wrong value. */
    static List<byte[]> fieldMutations(byte[] payload) {
        List<byte[]> mutations = new ArrayList<>();
        for (Field field : FIELDS) {
            for (JsonNode value : wrongValues(field.kind())) {
                mutations.add(withField(payload, field.path(), value));
            }
        }
        return mutations;
    }

    /** The payload cut at {@code count} points spread over its length (the empty body included). */
    static List<byte[]> truncations(byte[] payload, int count) {
        List<byte[]> cuts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = (int) ((long) (payload.length - 1) * i / Math.max(1, count - 1));
            cuts.add(java.util.Arrays.copyOf(payload, length));
        }
        return cuts;
    }

    /** Bodies that are not a pull_request object at all. */
    static List<byte[]> notPayloads(long seed, int randomCount) {
        List<byte[]> bodies = new ArrayList<>();
        for (String text : List.of("", " ", "null", "true", "42", "\"closed\"", "[]", "[{}]", "{}", "{\"action\":\"closed\"}",
                "{\"action\":\"closed\"}{\"action\":\"closed\"}", "{\"action\":\"closed\",}", "<xml/>", "payload=%7B%7D", "{\"a\":NaN}")) {
            bodies.add(text.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add("[".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"a\":".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'});
        bodies.add(new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'});
        Random random = new Random(seed);
        for (int i = 0; i < randomCount; i++) {
            byte[] body = new byte[1 + random.nextInt(512)];
            random.nextBytes(body);
            bodies.add(body);
        }
        return bodies;
    }

    /** The payload with {@code count} random bytes overwritten. */
    static byte[] corrupted(byte[] payload, Random random, int count) {
        byte[] copy = payload.clone();
        for (int i = 0; i < count; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
