package uk.gov.gds.awsam.testsupport.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhook deliveries as GitHub does: a POST of the payload in the webhook's content type (GitHub offers
 * two: {@code application/json}, the body being the JSON; and {@code application/x-www-form-urlencoded}, the
 * default when a repository webhook is made in the UI, the body being {@code payload=<the JSON, URL-encoded>}),
 * with {@code X-GitHub-Event}, {@code X-GitHub-Delivery}, {@code X-Hub-Signature-256} ({@code sha256=} HMAC-SHA256
 * of the exact body sent, whichever the content type, with the webhook secret) and GitHub's other headers,
 * within GitHub's 10-second timeout.
 */
public final class WebhookSender {

    /** GitHub gives up on a delivery after 10 seconds. */
    public static final Duration GITHUB_TIMEOUT = Duration.ofSeconds(10);
    static final long HOOK_ID = 470_000_001L;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code sha256=<hex HMAC-SHA256 of payload>}: the value of {@code X-Hub-Signature-256}. */
    public static String signature(byte[] payload, String secret) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", payload, secret));
    }

    static String signatureSha1(byte[] payload, String secret) {
        return "sha1=" + HexFormat.of().formatHex(hmac("HmacSHA1", payload, secret));
    }

    private static byte[] hmac(String algorithm, byte[] payload, String secret) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The webhook's content type, as GitHub's settings name it. */
    public enum ContentType {
        JSON("application/json"), FORM("application/x-www-form-urlencoded");

        private final String header;

        ContentType(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }

        /** The body GitHub sends for this JSON payload. */
        public byte[] body(byte[] json) {
            return this == JSON ? json
                    : ("payload=" + java.net.URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** GitHub's headers for a delivery of {@code payload} as JSON, signed with {@code secret}. */
    public static Map<String, String> headers(String deliveryId, String event, byte[] payload, String secret, long targetId) {
        return headers(deliveryId, event, payload, secret, targetId, ContentType.JSON);
    }

    /** GitHub's headers for a delivery whose body (already in {@code type}) is {@code body}, signed with {@code secret}. */
    public static Map<String, String> headers(String deliveryId, String event, byte[] body, String secret, long targetId,
            ContentType type) {
        byte[] payload = body;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type.header());
        headers.put("User-Agent", "GitHub-Hookshot/7a6e2b1");
        headers.put("X-GitHub-Delivery", deliveryId);
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Hook-ID", String.valueOf(HOOK_ID));
        headers.put("X-GitHub-Hook-Installation-Target-ID", String.valueOf(targetId));
        headers.put("X-GitHub-Hook-Installation-Target-Type", "repository");
        if (secret != null) {
            headers.put("X-Hub-Signature", signatureSha1(payload, secret));
            headers.put("X-Hub-Signature-256", signature(payload, secret));
        }
        return headers;
    }

    static String newDeliveryId() {
        return UUID.randomUUID().toString();
    }

    /** Posts a delivery to {@code url}; never throws: an unreachable receiver is recorded with status -1. */
    WebhookDelivery send(String url, String deliveryId, String event, Map<String, String> headers, byte[] payload) {
        if (url == null) {
            return new WebhookDelivery(deliveryId, event, headers, payload, -1, "no webhook URL configured");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(GITHUB_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("User-Agent")) {
                request.header(name, value);
            }
        });
        request.header("User-Agent", headers.getOrDefault("User-Agent", "GitHub-Hookshot/7a6e2b1"));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new WebhookDelivery(deliveryId, event, headers, payload, response.statusCode(), response.body());
        } catch (IOException e) {
            return new WebhookDelivery(deliveryId, event, headers, payload, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery(deliveryId, event, headers, payload, -1, "interrupted");
        }
    }
}
