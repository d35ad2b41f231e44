package uk.gov.gds.awsam.provisioner.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.provisioner.testing.NotifierKeyResource;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.aws.MotoTestResource;

/** Readiness on the broker, AWS and the read-back of published events; Prometheus metrics. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class ServiceEndpointsTest {

    @Test
    void readyOnceTheBrokerAwsAndTheReadBackAnswer() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("aws", "published-events-read-back"))
                // served without authentication: no caller ARN, no account id
                .body(not(containsString("arn:")))
                .body(not(matchesPattern("(?s).*\\b\\d{12}\\b.*")));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'published-events-reader' }.status", is("UP"));
    }

    @Test
    void metricsShowTheCreationsInFlightAndTheirCap() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("provisioner_account_creations_in_flight"))
                .body(containsString("provisioner_account_creations_capacity 2.0"));
    }
}
