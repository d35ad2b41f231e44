package uk.gov.gds.awsam.provisioner.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.provisioner.domain.Json;

/** The domain's {@link Json} port, with Jackson. */
public final class JacksonJson implements Json {

    private final ObjectMapper lenient = new ObjectMapper();
    private final ObjectMapper strict = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public Object read(String document) {
        return read(lenient, document);
    }

    @Override
    public Object readRefusingDuplicateKeys(String document) {
        return read(strict, document);
    }

    @Override
    public String write(Object value) {
        try {
            return lenient.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object read(ObjectMapper mapper, String document) {
        try {
            JsonNode root = mapper.readTree(document);
            return root == null || root.isMissingNode() ? null : mapper.treeToValue(root, Object.class);
        } catch (JsonProcessingException e) {
            throw new Json.Invalid(e.getOriginalMessage(), e);
        }
    }
}
