package uk.gov.gds.awsam.request;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import uk.gov.gds.awsam.testsupport.identity.Keycloak;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/** Calls to the service as a person, with a bearer token from the test JVM's Keycloak (the local run's realm). */
public final class Api {

    public static final String ACCOUNT_REQUESTS = "/api/v1/account-requests";
    public static final String USER_REQUESTS = "/api/v1/user-requests";
    public static final String USER_REMOVALS = "/api/v1/user-removals";
    public static final String ACCOUNT_CLOSURES = "/api/v1/account-closures";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private Api() {
    }

    /**
     * Waits until the service is ready: it answers 503 while it reads the requests made so far, and a test
     * class that happens to run first would otherwise meet that.
     */
    public static void awaitReady() {
        org.awaitility.Awaitility.await().atMost(uk.gov.gds.awsam.testsupport.TestEvents.TIMEOUT)
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    public static Keycloak keycloak() {
        return KeycloakTestResource.keycloak();
    }

    /** A bearer token from Keycloak for a person of this email (made a person of the realm on first use). */
    public static String token(String email, boolean engineer) {
        return keycloak().accessToken(email, engineer);
    }

    /** As a requester (not an engineer), sending JSON. */
    public static RequestSpecification as(String email) {
        return given().auth().oauth2(token(email, false)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asEngineer(String email) {
        return given().auth().oauth2(token(email, true)).contentType(ContentType.JSON);
    }
}
