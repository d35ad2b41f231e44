package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.request.SignIn;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * Signing in with the identity provider (a real Keycloak with the local run's realm): bearer tokens from it work on
 * the API, and every token it would be wrong to trust is refused; a browser's sign-in cannot be forged (login CSRF)
 * and its session cookie is HttpOnly, and Secure behind a proxy that says https.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class SignInTest {

    @TestHTTPResource("/")
    URI base;

    @InjectTestEvents
    TestEvents events;

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    private String service() {
        return SignIn.site(base);
    }

    @Test
    void aBearerTokenFromTheProviderWorksOnTheApi() {
        String token = Api.keycloak().tokens().accessToken(Tokens.REQUESTER);
        assertThat(Tokens.claims(token).path("iss").asText()).isEqualTo(Api.keycloak().issuer());
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("new"))))
                .post(Api.USER_REQUESTS).then().statusCode(202).extract().path("requestId");
        given().auth().oauth2(token).get("/api/v1/requests/" + id).then().statusCode(200).body(containsString(Tokens.REQUESTER));
        // the engineer's group, as the provider says it
        given().auth().oauth2(Api.keycloak().tokens().accessToken(Tokens.ENGINEER)).get("/api/v1/requests/" + id).then().statusCode(200);
        given().auth().oauth2(Api.keycloak().tokens().accessToken(Tokens.OTHER_REQUESTER)).get("/api/v1/requests/" + id).then().statusCode(404);
    }

    @Test
    void tokensItWouldBeWrongToTrustAreRefusedAndPublishNothing() {
        String issuer = Api.keycloak().issuer();
        String unverified = Bodies.uniqueEmail("unverified");
        Api.keycloak().admin().addUser(unverified, unverified, false, List.of());
        Api.keycloak().admin().addPublicClient("another-app");
        String valid = Api.keycloak().tokens().accessToken(Tokens.REQUESTER);

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("the provider has not verified the email", Tokens.passwordGrant(issuer, Tokens.CLI_CLIENT, unverified, Tokens.PASSWORD, null)
                .path("access_token").asText());
        refused.put("issued for another audience", Tokens.passwordGrant(issuer, "another-app", Tokens.REQUESTER, Tokens.PASSWORD, null)
                .path("access_token").asText());
        // the same realm and signing key reached by another name: another issuer
        String host = "localhost:" + URI.create(issuer).getPort();
        String otherIssuer = Tokens.passwordGrant(issuer, Tokens.CLI_CLIENT, Tokens.REQUESTER, Tokens.PASSWORD, host).path("access_token").asText();
        assertThat(Tokens.claims(otherIssuer).path("iss").asText()).isEqualTo("http://" + host + "/realms/aws-accounts");
        refused.put("from another issuer", otherIssuer);
        refused.put("claims changed after signing", tampered(valid));
        refused.put("unsigned (alg none)", unsigned(valid));
        refused.put("not a JWT", "not-a-jwt");

        for (Map.Entry<String, String> token : refused.entrySet()) {
            given().auth().oauth2(token.getValue()).contentType(ContentType.JSON).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("victim"))))
                    .post(Api.USER_REQUESTS).then().statusCode(401).contentType(Problems.MEDIA_TYPE)
                    .header("WWW-Authenticate", startsWith("Bearer")).log().ifValidationFails();
        }
        given().auth().oauth2(refused.get("the provider has not verified the email")).get("/api/v1/requests").then().statusCode(401)
                .body("detail", containsString("email_verified"));
        assertThat(Published.all(events, RequestSubmitted.class, record -> record.value().getRequesterEmail().equals(unverified))).isEmpty();
    }

    @Test
    void aBrowserSignsInWithTheProviderAndTheSessionCookieIsHttpOnly() {
        SignIn browser = new SignIn(service());
        String authorization = browser.start("/");
        assertThat(authorization).startsWith(Api.keycloak().issuer() + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256").contains("client_id=aws-account-management");
        HttpResponse<String> dashboard = browser.follow(browser.callback(authorization, Tokens.OTHER_REQUESTER));
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains(Tokens.OTHER_REQUESTER).contains("govuk-template");
        assertThat(browser.setCookies).filteredOn(cookie -> cookie.startsWith("q_session")).isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                        .doesNotContainIgnoringCase("Secure"));
        // a cookie never authenticates the API: only a bearer token does
        assertThat(browser.get(service() + "/api/v1/requests").statusCode()).isEqualTo(401);
    }

    @Test
    void loginCsrfIsImpossible() {
        // the attacker signs in as themselves up to Keycloak's answer, and keeps that answer (code and state)
        SignIn attacker = new SignIn(service());
        String forged = attacker.callback(attacker.start("/"), Tokens.OTHER_REQUESTER);
        assertThat(forged).contains("code=").contains("state=");

        // a victim's browser made to open it: with no sign-in of its own, or with one of its own under way
        SignIn victim = new SignIn(service());
        HttpResponse<String> lured = victim.get(forged);
        // refused, or sent to start a sign-in of its own: never signed in as the attacker
        assertThat(lured.statusCode()).isIn(302, 401);
        if (lured.statusCode() == 302) {
            assertThat(lured.headers().firstValue("Location").orElseThrow()).startsWith(Api.keycloak().issuer() + "/protocol/openid-connect/auth");
        }
        assertThat(victim.hasCookie("q_session")).isFalse();
        SignIn busy = new SignIn(service());
        busy.start("/request");
        HttpResponse<String> mixed = busy.get(forged);
        assertThat(mixed.statusCode()).isIn(302, 401);
        assertThat(busy.hasCookie("q_session")).as("no session from another person's sign-in").isFalse();

        // the attacker's own browser, which started it, is signed in by it: the test could tell
        assertThat(attacker.follow(forged).statusCode()).isEqualTo(200);
        assertThat(attacker.hasCookie("q_session")).isTrue();
    }

    @Test
    void theSessionCookieIsSecureBehindAProxyThatSaysHttps() {
        URI service = URI.create(service());
        Api.keycloak().admin().allowRedirect("aws-account-management", "https://127.0.0.1:" + service.getPort() + "/*");
        // a TLS proxy in front: what the browser sees is https, on the proxy's address (here, the same host and port)
        SignIn browser = new SignIn(service()).withHeader("X-Forwarded-Proto", "https")
                .withHeader("X-Forwarded-Host", "127.0.0.1:" + service.getPort());
        String authorization = browser.start("/");
        assertThat(authorization).contains("redirect_uri=https%3A%2F%2F127.0.0.1%3A" + service.getPort());
        HttpResponse<String> page = browser.follow(browser.callback(authorization, Tokens.REQUESTER));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(browser.setCookies).filteredOn(cookie -> cookie.startsWith("q_session")).isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly"));
    }

    @Test
    void aFormPostWithoutTheSessionsTokenChangesNothing() {
        SignIn browser = new SignIn(service());
        browser.signIn(Tokens.REQUESTER, "/request/user-access");
        String person = Bodies.uniqueEmail("forged");
        HttpResponse<String> forged = browser.post(service() + "/request/user-access/submit",
                Map.of("draft", Base64.getUrlEncoder().withoutPadding().encodeToString(Bodies.json(Bodies.users(person))
                        .getBytes(StandardCharsets.UTF_8)), "key", "forged-key"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Nothing was changed");
        assertThat(Published.all(events, RequestSubmitted.class, record -> record.value().getUserEmails().contains(person))).isEmpty();
    }

    /** The token with its email changed: its signature no longer matches. */
    private static String tampered(String jwt) {
        String[] parts = jwt.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(Tokens.REQUESTER, Tokens.ENGINEER).replace("\"groups\":[]", "\"groups\":[\"engineer\"]");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** The token's claims with "alg": "none" and no signature. */
    private static String unsigned(String jwt) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + jwt.split("\\.")[1] + ".";
    }
}
