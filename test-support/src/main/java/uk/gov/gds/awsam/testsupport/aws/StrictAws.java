package uk.gov.gds.awsam.testsupport.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The strict AWS layer's administration ({@code /_strict/...} on the emulator): its switches, the root MFA an
 * engineer sets in the console, and how often each behaviour refused or changed an answer. A reset of the
 * emulator puts the switches back to the profile it was started with.
 *
 * <pre>
 * moto.strict().set(StrictAws.CREATE_ACCOUNT_SECONDS, 5);   // CreateAccount IN_PROGRESS for 5 s
 * moto.strict().rootMfa(accountId, true);                   // the engineer enabled root MFA in the console
 * </pre>
 */
public final class StrictAws {

    /** AssumeRole only when the role exists and its trust policy allows the caller (with MFA where it says so). */
    public static final String ASSUME_ROLE_TRUST = "assume-role-trust";
    /** Seconds a new role answers AssumeRole with AccessDenied. */
    public static final String NEW_ROLE_SECONDS = "new-role-seconds";
    /** Seconds fresh AssumeRole credentials are refused (InvalidClientTokenId / UnrecognizedClientException). */
    public static final String FRESH_CREDENTIALS_SECONDS = "fresh-credentials-seconds";
    /** A trust policy naming a user or role that does not exist: MalformedPolicyDocument "Invalid principal". */
    public static final String INVALID_PRINCIPAL = "invalid-principal";
    /** Seconds a new user is still an invalid principal. */
    public static final String NEW_USER_PRINCIPAL_SECONDS = "new-user-principal-seconds";
    /** Seconds CreateAccount stays IN_PROGRESS. */
    public static final String CREATE_ACCOUNT_SECONDS = "create-account-seconds";
    /** CreateAccount with a root email already in use ends FAILED EMAIL_ALREADY_EXISTS. */
    public static final String DUPLICATE_EMAIL = "duplicate-email";
    /** DeleteUser refused with DeleteConflict while anything depends on the user. */
    public static final String DELETE_CONFLICT = "delete-conflict";
    /** Seconds after a deletion in which a recreated user's login profile is EntityTemporarilyUnmodifiable. */
    public static final String RECREATED_USER_SECONDS = "recreated-user-seconds";
    /** Seconds a new login profile cannot be updated or deleted (EntityTemporarilyUnmodifiable). */
    public static final String NEW_LOGIN_PROFILE_SECONDS = "new-login-profile-seconds";
    /** Seconds before GetAccountSummary shows root MFA set with {@link #rootMfa}. */
    public static final String ROOT_MFA_LAG_SECONDS = "root-mfa-lag-seconds";
    /**
     * iam:SimulatePrincipalPolicy as IAM answers it (moto has none): the principal's policies evaluated per action and
     * resource; the caller must itself be allowed iam:SimulatePrincipalPolicy on the principal.
     */
    public static final String SIMULATE_PRINCIPAL_POLICY = "simulate-principal-policy";
    /** Seconds a closed account shows PENDING_CLOSURE before SUSPENDED. */
    public static final String CLOSE_ACCOUNT_SECONDS = "close-account-seconds";
    /**
     * CloseAccount within 10% of the member accounts (at least 10, at most 1,000) in a rolling 30 days, and never the
     * management account: ConstraintViolationException CLOSE_ACCOUNT_QUOTA_EXCEEDED / CANNOT_CLOSE_MANAGEMENT_ACCOUNT.
     */
    public static final String CLOSE_ACCOUNT_QUOTA = "close-account-quota";
    /** How many accounts may be PENDING_CLOSURE at once (then CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED; 0: no limit). */
    public static final String CLOSE_ACCOUNTS_AT_ONCE = "close-accounts-at-once";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient http;

    StrictAws(URI endpoint, HttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    /** The administration of a strict layer running elsewhere (the local run's, say). */
    public static StrictAws at(URI endpoint) {
        return new StrictAws(endpoint, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** The switches in force, and {@code profile}. */
    public Map<String, Object> config() {
        return read(send("GET", "/_strict/config", null), new TypeReference<>() { });
    }

    /** Changes one switch (a boolean, or seconds) until the next reset. */
    public StrictAws set(String name, Object value) {
        return set(Map.of(name, value));
    }

    public StrictAws set(Map<String, ?> switches) {
        send("POST", "/_strict/config", switches);
        return this;
    }

    /** As an engineer in the console: root MFA of the account on (or off); GetAccountSummary shows it after the lag. */
    public void rootMfa(String accountId, boolean enabled) {
        send("POST", "/_strict/root-mfa", Map.of("accountId", accountId, "enabled", enabled));
    }

    /** How often each behaviour refused or changed an answer since the last reset, by switch name. */
    public Map<String, Integer> interventions() {
        return read(send("GET", "/_strict/interventions", null), new TypeReference<>() { });
    }

    private String send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("the strict AWS layer at " + endpoint + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static <T> T read(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
