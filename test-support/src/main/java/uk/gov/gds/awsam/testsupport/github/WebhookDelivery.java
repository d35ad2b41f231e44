package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One webhook delivery the sandbox sent (or tried to): GitHub's headers, the exact payload bytes it signed,
 * and what the receiver answered ({@code status} -1 when it could not be reached).
 */
public record WebhookDelivery(String id, String event, Map<String, String> headers, byte[] payload, int status, String response) {

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
