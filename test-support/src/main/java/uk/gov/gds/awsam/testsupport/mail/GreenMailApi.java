package uk.gov.gds.awsam.testsupport.mail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what a GreenMail <em>standalone</em> process received, through its REST API (the local run and the
 * end-to-end suite run GreenMail that way: SMTP 3025, API 8086). The endpoints used, all under
 * {@code http://<api-host>:<api-port>}:
 *
 * <ul>
 * <li>{@code GET /api/service/readiness}: 200 once SMTP is up;</li>
 * <li>{@code GET /api/user}: the mailboxes, one per recipient seen (GreenMail creates a mailbox for every
 * address it delivers to when started with {@code -Dgreenmail.auth.disabled}): {@code [{"login","email"}]};</li>
 * <li>{@code GET /api/user/<email>/messages/INBOX}: that mailbox's messages,
 * {@code [{"uid","Message-ID","subject","contentType","mimeMessage"}]}, {@code mimeMessage} being the whole
 * raw message, decoded here into a {@link ReceivedMail};</li>
 * <li>{@code POST /api/mail/purge}: deletes every message.</li>
 * </ul>
 *
 * Start the process with {@link GreenMailStandalone}, or by hand:
 * {@code java -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port=3025 -Dgreenmail.api.hostname=127.0.0.1
 * -Dgreenmail.api.port=8086 -Dgreenmail.auth.disabled -jar greenmail-standalone-2.1.13.jar}.
 */
public final class GreenMailApi implements Mailbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    /** @param base the API's base URL, e.g. {@code http://127.0.0.1:8086} */
    public GreenMailApi(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** Whether the API answers that the mail service is running. */
    public boolean isReady() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/api/service/readiness")).GET()).statusCode() == 200;
        } catch (IllegalStateException notAnswering) {
            return false;
        }
    }

    @Override
    public List<ReceivedMail> received() {
        List<ReceivedMail> received = new ArrayList<>();
        for (JsonNode user : getJson("/api/user")) {
            String email = user.path("email").asText();
            String path = "/api/user/" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "/messages/INBOX";
            for (JsonNode message : getJson(path)) {
                received.add(ReceivedMail.parse(email, message.path("mimeMessage").asText()));
            }
        }
        return received;
    }

    /** Deletes every message the server holds. */
    public void purge() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/mail/purge"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("purge answered " + response.statusCode() + ": " + response.body());
        }
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " did not answer JSON", e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail API at " + base + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
