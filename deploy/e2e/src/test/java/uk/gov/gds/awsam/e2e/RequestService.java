package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.testsupport.identity.KeycloakAdmin;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * request-service as a person meets it: a token from the run's identity provider (Keycloak, as deploy/local/token
 * gets one), the request API, the status API. People the realm does not have yet are added to it on first use.
 */
final class RequestService {

    static final String DOMAIN = Tokens.DOMAIN;

    private final String base;
    private final Tokens tokens;
    private final KeycloakAdmin admin;
    private final java.util.Map<String, Boolean> people = new java.util.concurrent.ConcurrentHashMap<>();

    RequestService(LocalSystem system) {
        this.base = system.url("REQUEST_SERVICE_PORT");
        this.tokens = new Tokens(system.issuer());
        this.admin = new KeycloakAdmin(system.url("KEYCLOAK_PORT"), "aws-accounts", system.keycloakAdminPassword());
        List.of(Tokens.REQUESTER, Tokens.OTHER_REQUESTER, Tokens.ENGINEER).forEach(person -> people.put(person, Boolean.TRUE));
    }

    String token(String email, boolean engineer) {
        people.computeIfAbsent(email, added -> {
            admin.addUser(email, email, true, engineer ? List.of("/engineer") : List.of());
            return Boolean.TRUE;
        });
        return tokens.accessToken(email);
    }

    /** Submits a request (with an Idempotency-Key); returns the response, whatever its status. */
    Http.Response submit(String path, String requester, Object body, String idempotencyKey) {
        Map<String, String> headers = new LinkedHashMap<>(bearer(requester, false));
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return Http.post(base + path, body, headers);
    }

    /** Submits and expects it accepted (202); returns the request id. */
    String accepted(String path, String requester, Object body) {
        Http.Response response = submit(path, requester, body, UUID.randomUUID().toString());
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("requestId").asText();
    }

    String newAccount(String requester, Map<String, Object> account) {
        return accepted("/api/v1/account-requests", requester, account);
    }

    String userAccess(String requester, String... emails) {
        return accepted("/api/v1/user-requests", requester, Map.of("userEmails", List.of(emails)));
    }

    String userRemoval(String requester, String... emails) {
        return accepted("/api/v1/user-removals", requester, Map.of("userEmails", List.of(emails)));
    }

    /** Asks for a member account (by id or name) to be closed. */
    String accountClosure(String requester, String account, String reason) {
        return accepted("/api/v1/account-closures", requester, Map.of("account", account, "reason", reason));
    }

    JsonNode status(String requestId, String reader) {
        return status(requestId, reader, false);
    }

    /** The status as an engineer (who may read every request) sees it. */
    JsonNode statusAsEngineer(String requestId, String engineer) {
        return status(requestId, engineer, true);
    }

    private JsonNode status(String requestId, String reader, boolean engineer) {
        Http.Response response = Http.get(base + "/api/v1/requests/" + requestId, bearer(reader, engineer));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The dead letters of a dead-letter topic, as an engineer lists them. */
    JsonNode deadLetters(String deadLetterTopic, String engineer) {
        Http.Response response = Http.get(base + "/api/v1/dead-letters?topic=" + deadLetterTopic, bearer(engineer, true));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("deadLetters");
    }

    /** Waits until the request reaches a stage; returns its status. */
    JsonNode awaitStage(String requestId, String reader, String stage, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> status(requestId, reader), status -> stage.equals(status.path("stage").asText()));
    }

    /** The timeline's event types, in order. */
    static List<String> timeline(JsonNode status) {
        List<String> types = new ArrayList<>();
        status.path("timeline").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    private Map<String, String> bearer(String email, boolean engineer) {
        return Map.of("Authorization", "Bearer " + token(email, engineer));
    }

    /** An address in the allowed domain, unique to this run: {@code <who>.<letters>@<domain>}. */
    static String uniqueEmail(String who) {
        return who + "." + letters(8) + "@" + DOMAIN;
    }

    /** Random lower-case letters: account names and email local parts allow nothing else here. */
    static String letters(int count) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}
