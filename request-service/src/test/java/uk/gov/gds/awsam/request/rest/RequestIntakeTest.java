package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static uk.gov.gds.awsam.request.Api.ACCOUNT_REQUESTS;
import static uk.gov.gds.awsam.request.Api.IDEMPOTENCY_KEY;
import static uk.gov.gds.awsam.request.Api.USER_REMOVALS;
import static uk.gov.gds.awsam.request.Api.USER_REQUESTS;
import static uk.gov.gds.awsam.request.Api.as;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.AlertPriority;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/** The request API through the real broker: what each kind publishes, idempotency, authentication. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class RequestIntakeTest {

    @org.junit.jupiter.api.BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        uk.gov.gds.awsam.request.Api.awaitReady();
    }

    private static final String DOMAIN = Bodies.DOMAIN;

    @InjectTestEvents
    TestEvents events;

    @Test
    void anAccountRequestPublishesExactlyOneRequestSubmittedWithEveryField() {
        String requester = Bodies.uniqueEmail("Requester");
        String name = Bodies.uniqueAccountName("pay-staging");
        Map<String, Object> body = Bodies.account(name);
        body.put("adminUserEmails", List.of("Admin.One@" + DOMAIN.toUpperCase(), "admin.two@" + DOMAIN));
        String key = UUID.randomUUID().toString();
        Instant before = Instant.now();

        Response accepted = as(requester).header(IDEMPOTENCY_KEY, key).body(Bodies.json(body)).post(ACCOUNT_REQUESTS);

        accepted.then().statusCode(202).contentType(ContentType.JSON).body("kind", equalTo("NEW_ACCOUNT"));
        String requestId = accepted.path("requestId");
        assertThat(accepted.header("Location")).endsWith("/api/v1/requests/" + requestId);
        assertThat(accepted.<String>path("links.page")).isEqualTo("/requests/" + requestId);

        RequestSubmitted published = events.assertExactly(RequestSubmitted.class, requestId, 1, Duration.ofMillis(500)).get(0);
        assertEnvelope(published, requestId, before);
        RequestSubmitted expected = RequestSubmitted.newBuilder(published)
                .setKind(RequestKind.NEW_ACCOUNT)
                .setRequesterEmail(requester.toLowerCase())
                .setIdempotencyKey(key)
                .setAccount(AccountRequest.newBuilder()
                        .setName(name)
                        .setDescription("Staging environment of GOV.UK Pay")
                        .setOrganisation("GDS")
                        .setCostCentre("CC-1234")
                        .setTeam(Team.newBuilder().setName("Pay Platform").setEmail("pay-platform@" + DOMAIN)
                                .setLead(TeamLead.newBuilder().setName("Lee Dear").setEmail("lee.dear@" + DOMAIN)
                                        .setPhone("+44 20 7946 0000").setRole("Technical Architect").build())
                                .build())
                        .setService(ServiceInfo.newBuilder().setName("GOV.UK Pay").setOutOfHoursSupport(true)
                                .setOutOfHoursPhone("+44 20 7946 0001").setOutOfHoursEmail("oncall@" + DOMAIN).build())
                        .setSecurity(SecurityProfile.newBuilder().setAlertPriority(AlertPriority.P2)
                                .setCriticalResources("Payments database: card tokens").setHoldsPii(true).setHoldsPciData(false)
                                .build())
                        .setAdminUserEmails(List.of("admin.one@" + DOMAIN, "admin.two@" + DOMAIN))
                        .build())
                .setUserEmails(List.of())
                .build();
        assertThat(published).isEqualTo(expected);
        assertCloudEvent(requestId);
    }

    @Test
    void aUserAccessRequestPublishesExactlyOneRequestSubmittedNamingEveryPerson() {
        String requester = Bodies.uniqueEmail("requester");
        String first = Bodies.uniqueEmail("New.Person");
        String second = Bodies.uniqueEmail("another.person");
        Instant before = Instant.now();

        String requestId = as(requester).body(Bodies.json(Bodies.users(first, second))).post(USER_REQUESTS)
                .then().statusCode(202).body("kind", equalTo("USER_ACCESS")).extract().path("requestId");

        RequestSubmitted published = events.assertExactly(RequestSubmitted.class, requestId, 1, Duration.ofMillis(500)).get(0);
        assertEnvelope(published, requestId, before);
        assertThat(published).isEqualTo(RequestSubmitted.newBuilder(published)
                .setKind(RequestKind.USER_ACCESS).setRequesterEmail(requester).setIdempotencyKey(null)
                .setAccount(null).setUserEmails(List.of(first.toLowerCase(), second)).build());
        assertCloudEvent(requestId);
    }

    @Test
    void aUserRemovalPublishesExactlyOneRequestSubmitted() {
        String requester = Bodies.uniqueEmail("requester");
        String leaver = Bodies.uniqueEmail("leaver");
        String key = "removal-" + UUID.randomUUID();
        Instant before = Instant.now();

        String requestId = as(requester).header(IDEMPOTENCY_KEY, key).body(Bodies.json(Bodies.users(leaver))).post(USER_REMOVALS)
                .then().statusCode(202).body("kind", equalTo("USER_REMOVAL")).extract().path("requestId");

        RequestSubmitted published = events.assertExactly(RequestSubmitted.class, requestId, 1, Duration.ofMillis(500)).get(0);
        assertEnvelope(published, requestId, before);
        assertThat(published).isEqualTo(RequestSubmitted.newBuilder(published)
                .setKind(RequestKind.USER_REMOVAL).setRequesterEmail(requester).setIdempotencyKey(key)
                .setAccount(null).setUserEmails(List.of(leaver)).build());
    }

    @Test
    void theSameKeyAndBodyGiveTheSameRequestAndOneEvent() {
        String requester = Bodies.uniqueEmail("requester");
        String body = Bodies.json(Bodies.account(Bodies.uniqueAccountName("repeat")));
        String key = UUID.randomUUID().toString();

        String first = as(requester).header(IDEMPOTENCY_KEY, key).body(body).post(ACCOUNT_REQUESTS)
                .then().statusCode(202).extract().path("requestId");
        // The same body with its fields in another order and other spacing is the same body.
        String reordered = Bodies.json(new java.util.TreeMap<>(Bodies.copy(Bodies.account(
                io.restassured.path.json.JsonPath.from(body).getString("name")))));
        for (String repeat : List.of(body, reordered, body)) {
            as(requester).header(IDEMPOTENCY_KEY, key).body(repeat).post(ACCOUNT_REQUESTS)
                    .then().statusCode(200).body("requestId", equalTo(first))
                    .header("Content-Location", endsWith("/api/v1/requests/" + first));
        }

        assertThat(submittedBy(requester)).singleElement().extracting(RequestSubmitted::getRequestId).isEqualTo(first);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndPublishesNothing() {
        String requester = Bodies.uniqueEmail("requester");
        String key = UUID.randomUUID().toString();
        String first = as(requester).header(IDEMPOTENCY_KEY, key).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("a"))))
                .post(USER_REQUESTS).then().statusCode(202).extract().path("requestId");

        as(requester).header(IDEMPOTENCY_KEY, key).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("b")))).post(USER_REQUESTS)
                .then().statusCode(422).contentType(Problems.MEDIA_TYPE)
                .body("errors.field", hasItem(IDEMPOTENCY_KEY));
        // The same key for another kind of request is another body too.
        as(requester).header(IDEMPOTENCY_KEY, key).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("a")))).post(USER_REMOVALS)
                .then().statusCode(422);

        assertThat(submittedBy(requester)).singleElement().extracting(RequestSubmitted::getRequestId).isEqualTo(first);
    }

    @Test
    void keysBelongToTheirRequester() {
        String key = UUID.randomUUID().toString();
        String body = Bodies.json(Bodies.users(Bodies.uniqueEmail("shared")));
        String alice = Bodies.uniqueEmail("alice");
        String bob = Bodies.uniqueEmail("bob");
        String forAlice = as(alice).header(IDEMPOTENCY_KEY, key).body(body).post(USER_REQUESTS)
                .then().statusCode(202).extract().path("requestId");
        String forBob = as(bob).header(IDEMPOTENCY_KEY, key).body(body).post(USER_REQUESTS)
                .then().statusCode(202).extract().path("requestId");
        assertThat(forBob).isNotEqualTo(forAlice);
    }

    @Test
    void concurrentRepeatsOfOneKeyYieldOneRequest() throws Exception {
        String requester = Bodies.uniqueEmail("requester");
        String body = Bodies.json(Bodies.account(Bodies.uniqueAccountName("race")));
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> as(requester).header(IDEMPOTENCY_KEY, key).body(body).post(ACCOUNT_REQUESTS));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> response : pool.invokeAll(calls)) {
                responses.add(response.get());
            }
            assertThat(responses).extracting(Response::statusCode).containsOnly(200, 202).containsOnlyOnce(202);
            assertThat(responses).extracting(r -> r.<String>path("requestId")).containsOnly(responses.get(0).<String>path("requestId"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(submittedBy(requester)).hasSize(1);
    }

    @Test
    void anAccountNameIsTakenOnceRequested() {
        String name = Bodies.uniqueAccountName("unique");
        as(Bodies.uniqueEmail("first")).body(Bodies.json(Bodies.account(name))).post(ACCOUNT_REQUESTS).then().statusCode(202);
        String second = Bodies.uniqueEmail("second");

        as(second).body(Bodies.json(Bodies.account(name))).post(ACCOUNT_REQUESTS)
                .then().statusCode(400).contentType(Problems.MEDIA_TYPE).body("errors.field", hasItem("name"));

        assertThat(submittedBy(second)).isEmpty();
    }

    @Test
    void callsWithoutATokenAreRefusedAndPublishNothing() {
        // tokens that are refused, one reason at a time, are SignInTest's
        given().contentType(ContentType.JSON).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("victim")))).post(USER_REQUESTS)
                .then().statusCode(401).contentType(Problems.MEDIA_TYPE).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aRequesterOutsideTheAllowedDomainsIsForbidden() {
        // (a look-alike letter in the domain is IntakeTest's: the identity provider would not hold such an address)
        for (String outsider : List.of("someone@example.com", "someone@digital.cabinet-office.gov.uk.evil.com")) {
            as(outsider).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("x")))).post(USER_REQUESTS)
                    .then().statusCode(403).contentType(Problems.MEDIA_TYPE).body("errors.field", hasItem("requester"));
        }
    }

    @Test
    void healthMetricsAndTheApiDocumentNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'request-view' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'request-claims' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'request-claims' }.data.topic", org.hamcrest.Matchers.equalTo(uk.gov.gds.awsam.request.messaging.ClaimsTopic.TOPIC))
                .body("checks.find { it.name == 'request-claims' }.data.state", org.hamcrest.Matchers.equalTo("caught up"))
                .body("checks.find { it.name == 'request-claims' }.data.readerAlive", org.hamcrest.Matchers.equalTo(true));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.findAll { it.name.endsWith('-reader') }.name",
                        org.hamcrest.Matchers.containsInAnyOrder("request-view-reader", "request-claims-reader", "dead-letters-reader"))
                .body("checks.findAll { it.name.endsWith('-reader') }.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("UP")));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/v1/account-requests"))
                .body(org.hamcrest.Matchers.containsString("adminUserEmails"))
                .body(org.hamcrest.Matchers.containsString("pay-platform-staging")).body(org.hamcrest.Matchers.containsString("a.person@"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private List<RequestSubmitted> submittedBy(String requester) {
        return Published.all(events, RequestSubmitted.class, record -> record.value().getRequesterEmail().equals(requester))
                .stream().map(ConsumerRecord::value).toList();
    }

    private void assertCloudEvent(String requestId) {
        ConsumerRecord<String, RequestSubmitted> record = events.awaitRecords(RequestSubmitted.class,
                TestEvents.forRequest(requestId), 1, TestEvents.TIMEOUT).get(0);
        assertThat(record.key()).isEqualTo(requestId);
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("request-service");
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventType.REQUEST_SUBMITTED.cloudEventType());
        assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(record.value().getEventId());
        assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(requestId);
    }

    private static void assertEnvelope(RequestSubmitted published, String requestId, Instant before) {
        assertThat(published.getRequestId()).isEqualTo(requestId);
        assertThat(UUID.fromString(published.getEventId())).isNotNull();
        assertThat(published.getEventId()).isNotEqualTo(requestId);
        assertThat(published.getOccurredAt()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(published.getCausationId()).isNull();
        assertThat(published.getPayloadSha256()).matches("[0-9a-f]{64}");
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
