package uk.gov.gds.awsam.request.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static uk.gov.gds.awsam.request.Api.ACCOUNT_REQUESTS;
import static uk.gov.gds.awsam.request.Api.IDEMPOTENCY_KEY;
import static uk.gov.gds.awsam.request.Api.as;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * Accept = durable: with the broker gone, a request is answered 503 with Retry-After and nothing is
 * published, then or later; once the broker is back the same request is accepted, exactly once, and what
 * was accepted before the outage is still there.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class BrokerOutageTest {

    @org.junit.jupiter.api.BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        uk.gov.gds.awsam.request.Api.awaitReady();
    }

    @InjectTestEvents
    TestEvents events;

    @Test
    void aStoppedBrokerGives503AndNothingIsLostWhenItComesBack() {
        Infrastructure.BrokerControl broker = TestInfrastructure.get().brokerControl()
                .orElseThrow(() -> new IllegalStateException("this test needs the in-JVM broker, which it can stop"));
        String requester = Bodies.uniqueEmail("outage");
        String before = as(requester).body(Bodies.json(Bodies.account(Bodies.uniqueAccountName("before-outage"))))
                .post(ACCOUNT_REQUESTS).then().statusCode(202).extract().path("requestId");
        String name = Bodies.uniqueAccountName("during-outage");
        String body = Bodies.json(Bodies.account(name));
        String key = UUID.randomUUID().toString();

        Response refused;
        long startedAt;
        try {
            broker.stop();
            startedAt = System.nanoTime();
            refused = as(requester).header(IDEMPOTENCY_KEY, key).body(body).post(ACCOUNT_REQUESTS);
        } finally {
            broker.start();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

        refused.then().statusCode(503).contentType(Problems.MEDIA_TYPE);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        assertThat(took).as("a 503 comes back promptly").isLessThan(Duration.ofSeconds(15));

        // Once the broker is back, the client's retry (same key, same body) is accepted, exactly once: the
        // name the refused attempt held is free again.
        String after = Awaitility.await().atMost(TestEvents.TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> as(requester).header(IDEMPOTENCY_KEY, key).body(body).post(ACCOUNT_REQUESTS),
                        response -> response.statusCode() == 202)
                .path("requestId");
        as(requester).header(IDEMPOTENCY_KEY, key).body(body).post(ACCOUNT_REQUESTS).then().statusCode(200);

        List<RequestSubmitted> published = Published.all(events, RequestSubmitted.class,
                record -> requester.equals(record.value().getRequesterEmail())).stream().map(ConsumerRecord::value).toList();
        assertThat(published).extracting(RequestSubmitted::getRequestId).containsExactlyInAnyOrder(before, after);
        assertThat(published).filteredOn(event -> event.getRequestId().equals(after))
                .singleElement().satisfies(event -> assertThat(event.getAccount().getName()).isEqualTo(name));
        // The name is now taken by the accepted request.
        as(Bodies.uniqueEmail("late")).body(body).post(ACCOUNT_REQUESTS).then().statusCode(400).body("errors.field", hasItem("name"));
    }
}
