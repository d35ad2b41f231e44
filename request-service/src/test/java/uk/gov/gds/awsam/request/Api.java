package uk.gov.gds.awsam.request;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import uk.gov.gds.awsam.testsupport.auth.LocalTokens;

/** Calls to the service as a person, with a token the test configuration trusts. */
public final class Api {

    public static final String ACCOUNT_REQUESTS = "/api/v1/account-requests";
    public static final String USER_REQUESTS = "/api/v1/user-requests";
    public static final String USER_REMOVALS = "/api/v1/user-removals";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final LocalTokens TOKENS = LocalTokens.forTests();

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

    public static LocalTokens tokens() {
        return TOKENS;
    }

    /** As a requester (not an engineer), sending JSON. */
    public static RequestSpecification as(String email) {
        return given().auth().oauth2(TOKENS.token(email, false)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asEngineer(String email) {
        return given().auth().oauth2(TOKENS.token(email, true)).contentType(ContentType.JSON);
    }
}
