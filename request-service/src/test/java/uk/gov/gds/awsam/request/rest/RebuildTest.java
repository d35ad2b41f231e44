package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.EventBatch;
import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.messaging.LifecycleEvents;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * A restarted service rebuilds its view from the topics: this test's service starts (a Quarkus restart,
 * its own profile) after a history of requests was published, duplicated and reordered, and while the
 * broker is down. Until it has read that history it is not ready and serves no reads or submissions;
 * the moment it is ready, every request is there, exactly as a view fed in order would show it.
 */
@QuarkusTest
@TestProfile(RebuildTest.StartedAfterHistoryWithBrokerDown.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class RebuildTest {

    static final String RUN = "awsam.rebuild-test.run";
    static final int ACCOUNTS = 150;
    static final int USER_REQUESTS = 150;
    private static final String ENGINEER = "engineer@" + Bodies.DOMAIN;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Publishes the history and stops the broker before the service starts. */
    public static class StartedAfterHistoryWithBrokerDown implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(HistoryThenBrokerDown.class));
        }
    }

    public static class HistoryThenBrokerDown implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Infrastructure infrastructure = TestInfrastructure.get();
            // the run names its requests and says when their history began
            String run = UUID.randomUUID().toString().substring(0, 8) + "@" + Instant.now().minus(Duration.ofDays(5)).toEpochMilli();
            System.setProperty(RUN, run);
            try (EventBatch batch = new EventBatch(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
                batch.sendAll(published(run));
            }
            infrastructure.brokerControl().orElseThrow(() -> new IllegalStateException("needs the in-JVM broker")).stop();
            return Map.of();
        }

        @Override
        public void stop() {
            TestInfrastructure.get().brokerControl().ifPresent(Infrastructure.BrokerControl::start);
        }
    }

    @Test
    void notReadyUntilTheHistoryIsReadThenEveryRequestIsAsAViewFedInOrder() throws Exception {
        String run = System.getProperty(RUN);
        Infrastructure.BrokerControl broker = TestInfrastructure.get().brokerControl().orElseThrow();
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'request-view' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'request-claims' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'request-claims' }.data.caughtUp", equalTo(false));
            Api.asEngineer(ENGINEER).get("/api/v1/requests").then().statusCode(503).header("Retry-After", notNullValue());
            Api.asEngineer(ENGINEER).get("/api/v1/requests/" + requestId(run, 0)).then().statusCode(503);
            Api.as(requester(run)).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("early")))).post(Api.USER_REQUESTS)
                    .then().statusCode(503).header("Retry-After", notNullValue());
        } finally {
            broker.start();
        }

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        // Ready means caught up: everything published before start-up is already there.
        Api.asEngineer(ENGINEER).queryParam("requester", requester(run)).queryParam("size", 1).get("/api/v1/requests")
                .then().statusCode(200).body("total", equalTo(ACCOUNTS + USER_REQUESTS));

        Projection inOrder = new Projection();
        ordered(run).forEach(event -> inOrder.apply(LifecycleEvents.toDomain(event)));
        Instant now = Instant.now();
        for (int i = 0; i < ACCOUNTS + USER_REQUESTS; i++) {
            String id = requestId(run, i);
            RequestView expected = inOrder.find(id).orElseThrow();
            JsonNode served = JSON.readTree(Api.asEngineer(ENGINEER).get("/api/v1/requests/" + id).then().statusCode(200)
                    .extract().asString());
            JsonNode rebuilt = JSON.valueToTree(RequestViews.detail(expected, now));
            assertThat(withoutWaitedSeconds(served)).as("request %d", i).isEqualTo(withoutWaitedSeconds(rebuilt));
        }
        assertThat(given().get("/q/health/ready").then().extract().<Integer>path("checks.find { it.name == 'request-view' }.data.eventsApplied"))
                .isGreaterThanOrEqualTo(expectedEventCount());
    }

    /** The history as the other services would have published it, each request's events in order. */
    static List<SpecificRecord> ordered(String run) {
        List<SpecificRecord> events = new ArrayList<>();
        Instant start = Instant.ofEpochMilli(Long.parseLong(run.substring(run.indexOf('@') + 1)));
        for (int i = 0; i < ACCOUNTS; i++) {
            events.addAll(Journeys.account(requestId(run, i), "rebuild-" + letters(run.substring(0, run.indexOf('@'))) + "-" + letters(i), requester(run),
                    start.plusSeconds(i)));
        }
        for (int i = ACCOUNTS; i < ACCOUNTS + USER_REQUESTS; i++) {
            List<SpecificRecord> journey = Journeys.userAccess(requestId(run, i), requester(run), start.plusSeconds(i),
                    "first." + i + "@" + Bodies.DOMAIN, "second." + i + "@" + Bodies.DOMAIN);
            // some stop half-way: their pull request waits for review
            events.addAll(i % 3 == 0 ? journey.subList(0, 3) : journey);
        }
        return events;
    }

    /** The same history as published: shuffled (each request's order lost across topics) with a fifth repeated. */
    static List<SpecificRecord> published(String run) {
        List<SpecificRecord> events = new ArrayList<>(ordered(run));
        Random random = new Random(run.hashCode());
        for (int i = 0, n = events.size(); i < n; i += 5) {
            events.add(events.get(random.nextInt(n)));
        }
        Collections.shuffle(events, random);
        return events;
    }

    private static int expectedEventCount() {
        return ordered("x@0").size();
    }

    static String requestId(String run, int i) {
        return UUID.nameUUIDFromBytes(("rebuild|" + run + "|" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    static String requester(String run) {
        return "rebuild." + run.substring(0, run.indexOf('@')) + "@" + Bodies.DOMAIN;
    }

    private static JsonNode withoutWaitedSeconds(JsonNode view) {
        ObjectNode copy = view.deepCopy();
        copy.withArray("waitingOn").forEach(item -> ((ObjectNode) item).remove("waitedSeconds"));
        return copy;
    }

    private static String letters(String text) {
        StringBuilder letters = new StringBuilder();
        for (char c : text.toCharArray()) {
            letters.append((char) ('a' + Character.digit(c, 16)));
        }
        return letters.toString();
    }

    private static String letters(int n) {
        StringBuilder letters = new StringBuilder();
        do {
            letters.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return letters.toString();
    }
}
