package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.DeadLetterReplayed;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.request.SignIn;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * The engineers' ways forward, through the real broker: a retry of a FAILED request's failed stage (API and
 * page, engineers only, only for a stage some service resumes), the dead letters listed and replayed to their
 * topic byte for byte and recorded once on the timeline, and the warning about admins with no known gds-users
 * user at intake.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class ForwardTest {

    private static final String ENGINEER = "engineer@" + Bodies.DOMAIN;
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URI base;

    @InjectTestEvents
    TestEvents events;

    @BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        Api.awaitReady();
    }

    @Test
    void anEngineerRetriesTheFailedStageOnceAndNobodyElseMay() {
        String requester = Bodies.uniqueEmail("requester");
        String requestId = failed(requester, "CREATE_USER");
        String failedEventId = SampleEvents.eventId(requestId, EventType.REQUEST_FAILED);

        Api.as(requester).body("{\"reason\": \"fixed\"}").post(retries(requestId)).then().statusCode(403)
                .contentType(Problems.MEDIA_TYPE).body("type", equalTo("/problems/engineers-only"));
        Api.asEngineer(ENGINEER).body("{}").post(retries(requestId)).then().statusCode(400)
                .contentType(Problems.MEDIA_TYPE).body("errors[0].field", equalTo("reason"));
        Api.asEngineer(ENGINEER).body("{\"reason\": \"x\", \"stage\": \"OPEN_PR\"}").post(retries(requestId)).then().statusCode(400)
                .body("errors[0].field", equalTo("stage"));
        events.assertNonePublished(RetryRequested.class, requestId, Duration.ofMillis(500));

        Api.asEngineer(ENGINEER).body("{\"reason\": \"IAM answers again\"}").post(retries(requestId)).then().statusCode(202)
                .body("stage", equalTo("CREATE_USER")).body("resumedBy", equalTo("provisioner"))
                .body("failedEventId", equalTo(failedEventId)).body("links.page", equalTo("/requests/" + requestId));
        RetryRequested retry = events.awaitOne(RetryRequested.class, requestId);
        assertThat(retry.getStage()).isEqualTo("CREATE_USER");
        assertThat(retry.getEngineer()).isEqualTo(ENGINEER);
        assertThat(retry.getReason()).isEqualTo("IAM answers again");
        assertThat(retry.getFailedEventId()).isEqualTo(failedEventId);
        assertThat(retry.getCausationId()).isEqualTo(failedEventId);
        assertThat(retry.getEventId()).isEqualTo(Envelope.derivedEventId(failedEventId, EventType.RETRY_REQUESTED));

        // The retry ends the failure: there is nothing to retry until the step fails again.
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().body("stage", not(equalTo("FAILED"))).body("timeline.type", org.hamcrest.Matchers.hasItem("retry-requested")));
        Api.asEngineer(ENGINEER).body("{\"reason\": \"again\"}").post(retries(requestId)).then().statusCode(409)
                .contentType(Problems.MEDIA_TYPE).body("detail", containsString("not FAILED"));
        events.assertExactly(RetryRequested.class, requestId, 1, SETTLE);
        Api.asEngineer(ENGINEER).body("{\"reason\": \"x\"}").post(retries(SampleEvents.newRequestId())).then().statusCode(404);
    }

    @Test
    void aClosureFailedAtCloseAccountIsRetriedByTheProvisionerAndItsDeadLettersAreReplayed() throws Exception {
        String requestId = SampleEvents.newRequestId();
        failed(SampleEvents.closureSubmitted(requestId).setRequesterEmail(Bodies.uniqueEmail("closer")), "CLOSE_ACCOUNT");
        Api.asEngineer(ENGINEER).body("{\"reason\": \"AWS answers again\"}").post(retries(requestId)).then().statusCode(202)
                .body("stage", equalTo("CLOSE_ACCOUNT")).body("resumedBy", equalTo("provisioner"));
        assertThat(events.awaitOne(RetryRequested.class, requestId).getStage()).isEqualTo("CLOSE_ACCOUNT");

        AccountClosed closed = SampleEvents.accountClosed(requestId).build();
        ConsumerRecord<String, byte[]> letter = deadLetter(closed, "SES answered 503");
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> assertThat(Api.asEngineer(ENGINEER)
                .get("/api/v1/dead-letters?topic=" + EventType.ACCOUNT_CLOSED.deadLetterTopic()).then().statusCode(200).extract()
                .jsonPath().getList("deadLetters.requestId")).contains(requestId));
        Api.asEngineer(ENGINEER).body("{\"reason\": \"SES answers again\"}")
                .post("/api/v1/dead-letters/" + letter.topic() + "/" + letter.partition() + "/" + letter.offset() + "/replays")
                .then().statusCode(200).body("outcome", equalTo("REPLAYED"));
        assertThat(rawRecords(EventType.ACCOUNT_CLOSED.topic(), requestId, 1).get(0).value()).isEqualTo(letter.value());
        assertThat(events.awaitOne(DeadLetterReplayed.class, requestId).getTopic()).isEqualTo(EventType.ACCOUNT_CLOSED.topic());
    }

    @Test
    void aStageNoServiceResumesIsNotOfferedForARetry() {
        String requestId = failed(Bodies.uniqueEmail("requester"), "NOT_A_STAGE_ANYONE_OWNS");
        Api.asEngineer(ENGINEER).body("{\"reason\": \"fixed\"}").post(retries(requestId)).then().statusCode(409)
                .body("detail", containsString("no service resumes NOT_A_STAGE_ANYONE_OWNS"));
        events.assertNonePublished(RetryRequested.class, requestId, Duration.ofMillis(500));
    }

    @Test
    void aFailedRequestsPageSaysWhatHappensNextAndOffersEngineersTheRetryFromThisSiteOnly() {
        String requester = Bodies.uniqueEmail("requester");
        String requestId = failed(requester, "OPEN_PR");

        String asRequester = page(requester, false, requestId);
        assertThat(asRequester).contains("This request has stopped", "It failed at OPEN_PR",
                "What happens next: An engineer asks AWS Support", "an engineer resumes it from OPEN_PR").doesNotContain("<form method=\"post\" action=\"/requests/");
        String asEngineer = page(ENGINEER, true, requestId);
        assertThat(asEngineer).contains("id=\"retry\"", "action=\"/requests/" + requestId + "/retries\"", "Retry OPEN_PR",
                "pr-service does it");

        String retry = service() + "/requests/" + requestId + "/retries";
        SignIn engineer = signedIn(ENGINEER, true);
        String token = csrf(engineer.get(service() + "/requests/" + requestId).body());
        // a form from another site, one without the session's token, and a requester's own: nothing is published
        SignIn forger = signedIn(ENGINEER, true).withHeader("Origin", "https://evil.example");
        assertThat(forger.post(retry, Map.of("reason", "fixed", "csrf", csrf(forger.get(service() + "/").body()))).statusCode()).isEqualTo(403);
        assertThat(engineer.post(retry, Map.of("reason", "fixed")).statusCode()).isEqualTo(403);
        SignIn requesterSession = signedIn(requester, false);
        HttpResponse<String> refused = requesterSession.post(retry, Map.of("reason", "fixed",
                "csrf", csrf(requesterSession.get(service() + "/").body())));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Engineers only");
        events.assertNonePublished(RetryRequested.class, requestId, Duration.ofMillis(500));

        HttpResponse<String> blank = engineer.post(retry, Map.of("reason", "", "csrf", token));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("Say what was fixed", "href=\"/requests/" + requestId + "\"");
        HttpResponse<String> posted = engineer.post(retry, Map.of("reason", "GitHub answers again", "csrf", token));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/requests/" + requestId);
        assertThat(events.awaitOne(RetryRequested.class, requestId).getStage()).isEqualTo("OPEN_PR");
    }

    @Test
    void aDeadLetterIsReplayedToItsTopicAsItWasAndRecordedOnceHoweverOftenItIsReplayed() throws Exception {
        String requester = Bodies.uniqueEmail("requester");
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(requestId).setRequesterEmail(requester).build());
        TerraformGenerated generated = SampleEvents.terraformGenerated(requestId).setKind(RequestKind.USER_ACCESS).build();
        ConsumerRecord<String, byte[]> letter = deadLetter(generated, "GitHub answered 502 five times");
        String position = letter.topic() + "/" + letter.partition() + "/" + letter.offset();

        Api.as(requester).get("/api/v1/dead-letters").then().statusCode(403);
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> {
            JsonPath list = Api.asEngineer(ENGINEER).get("/api/v1/dead-letters?topic=" + EventType.TERRAFORM_GENERATED.deadLetterTopic())
                    .then().statusCode(200).extract().jsonPath();
            assertThat(list.getList("deadLetters.requestId")).contains(requestId);
        });
        JsonPath listed = Api.asEngineer(ENGINEER).get("/api/v1/dead-letters").then().extract().jsonPath();
        Map<String, Object> mine = listed.<Map<String, Object>>getList("deadLetters").stream()
                .filter(l -> requestId.equals(l.get("requestId"))).findFirst().orElseThrow();
        assertThat(mine).containsEntry("topic", EventType.TERRAFORM_GENERATED.topic()).containsEntry("error", "GitHub answered 502 five times")
                .containsEntry("eventId", generated.getEventId()).containsEntry("replayed", null);
        Api.asEngineer(ENGINEER).get("/api/v1/dead-letters?topic=nope").then().statusCode(400).body("errors[0].field", equalTo("topic"));

        Api.asEngineer(ENGINEER).body("{\"reason\": \"GitHub answers again\"}").post("/api/v1/dead-letters/" + position + "/replays")
                .then().statusCode(200).body("outcome", equalTo("REPLAYED"));
        Api.asEngineer(ENGINEER).body("{\"reason\": \"twice\"}").post("/api/v1/dead-letters/" + position + "/replays")
                .then().statusCode(200).body("outcome", equalTo("ALREADY_REPLAYED")).body("replayedBy", equalTo(ENGINEER));

        List<ConsumerRecord<String, byte[]>> resent = rawRecords(EventType.TERRAFORM_GENERATED.topic(), requestId, 1);
        assertThat(resent.get(0).value()).isEqualTo(letter.value());
        assertThat(header(resent.get(0), CloudEventHeaders.ID)).isEqualTo(generated.getEventId());
        assertThat(resent.get(0).headers().toArray()).noneMatch(h -> h.key().startsWith("dead-letter-"));
        DeadLetterReplayed replayed = events.awaitOne(DeadLetterReplayed.class, requestId);
        assertThat(replayed.getTopic()).isEqualTo(EventType.TERRAFORM_GENERATED.topic());
        assertThat(replayed.getDeadLetterTopic()).isEqualTo(letter.topic());
        assertThat(replayed.getPartition()).isEqualTo(letter.partition());
        assertThat(replayed.getOffset()).isEqualTo(letter.offset());
        assertThat(replayed.getError()).isEqualTo("GitHub answered 502 five times");
        assertThat(replayed.getEngineer()).isEqualTo(ENGINEER);
        assertThat(replayed.getCausationId()).isEqualTo(generated.getEventId());
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().body("timeline.type", org.hamcrest.Matchers.hasItem("dead-letter-replayed")));

        // Replaying every dead letter of the topic sends this one no more, nor records it again.
        Api.asEngineer(ENGINEER).body("{\"reason\": \"all of them\"}")
                .post("/api/v1/dead-letters/" + EventType.TERRAFORM_GENERATED.deadLetterTopic() + "/replays").then().statusCode(200);
        events.assertExactly(DeadLetterReplayed.class, requestId, 1, SETTLE);
        assertThat(rawRecords(EventType.TERRAFORM_GENERATED.topic(), requestId, 1)).hasSize(1);
        Api.asEngineer(ENGINEER).get("/api/v1/dead-letters").then().body("deadLetters.find { it.requestId == '" + requestId
                + "' }.replayed.by", equalTo(ENGINEER));
    }

    @Test
    void theDeadLettersPageListsThemAndReplaysAllNotYetReplayedOfATopic() throws Exception {
        String first = SampleEvents.newRequestId();
        String second = SampleEvents.newRequestId();
        ConsumerRecord<String, byte[]> one = deadLetter(SampleEvents.prMerged(first).build(), "AWS answered 503");
        deadLetter(SampleEvents.prMerged(second).build(), "AWS answered 503");
        SignIn engineer = signedIn(ENGINEER, true);
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> assertThat(engineer.get(service() + "/dead-letters"))
                .satisfies(page -> assertThat(page.statusCode()).isEqualTo(200))
                .extracting(HttpResponse::body).asString()
                .contains(first, second, "AWS answered 503", "data-topic=\"" + EventType.PR_MERGED.deadLetterTopic() + "\"", "Replay all"));
        assertThat(signedIn(Bodies.uniqueEmail("someone"), false).get(service() + "/dead-letters").statusCode()).isEqualTo(403);
        String home = engineer.get(service() + "/").body();
        assertThat(home).contains("href=\"/dead-letters\"");
        assertThat(signedIn(Bodies.uniqueEmail("someone"), false).get(service() + "/").body()).doesNotContain("href=\"/dead-letters\"");

        HttpResponse<String> replayed = engineer.post(service() + "/dead-letters/replays", Map.of("deadLetterTopic",
                EventType.PR_MERGED.deadLetterTopic(), "reason", "AWS answers again", "csrf", csrf(home)));
        assertThat(replayed.statusCode()).isEqualTo(303);
        assertThat(events.awaitOne(DeadLetterReplayed.class, first).getOffset()).isEqualTo(one.offset());
        events.awaitOne(DeadLetterReplayed.class, second);
        rawRecords(EventType.PR_MERGED.topic(), first, 1);
        rawRecords(EventType.PR_MERGED.topic(), second, 1);
        assertThat(engineer.get(service() + "/dead-letters").body()).contains("replayed by " + ENGINEER);
    }

    @Test
    void aDeadLetterWithoutARequestIdIsListedButNotReplayed() throws Exception {
        ConsumerRecord<String, byte[]> poison = deadLetter(EventType.ROOT_SECURED, null, "not avro".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), "undecodable");
        String position = poison.topic() + "/" + poison.partition() + "/" + poison.offset();
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.asEngineer(ENGINEER).body("{\"reason\": \"try\"}")
                .post("/api/v1/dead-letters/" + position + "/replays").then().statusCode(422).body("errors[0].field", equalTo("key")));
    }

    @Test
    void anAccountRequestNamingAdminsWithNoKnownGdsUsersUserIsAcceptedWithAWarningAndItsPageSaysWhatToDo() {
        String requester = Bodies.uniqueEmail("requester");
        String known = Bodies.uniqueEmail("known.admin");
        String unknown = Bodies.uniqueEmail("new.admin");
        String access = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(access, known).build());
        events.publish(SampleEvents.userCreated(access).setUserName(known).build());
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.asEngineer(ENGINEER).get("/api/v1/requests/" + access)
                .then().body("stage", equalTo("USER_CREATED")));

        JsonPath accepted = Api.as(requester).body(Bodies.json(uk.gov.gds.awsam.testsupport.SampleRequests.account(
                Bodies.uniqueAccountName("warned"), List.of(known, unknown)))).post(Api.ACCOUNT_REQUESTS)
                .then().statusCode(202).extract().jsonPath();
        assertThat(accepted.getList("warnings.field")).containsExactly("adminUserEmails");
        assertThat(accepted.<String>getList("warnings[0].unknownAdmins")).containsExactly(unknown);
        assertThat(accepted.getString("warnings[0].whatToDo")).contains("POST /api/v1/user-requests", "\"" + unknown + "\"");
        String requestId = accepted.getString("requestId");
        assertThat(page(requester, false, requestId)).contains("Admins without a gds-users user", unknown, "{&quot;userEmails&quot;: [&quot;" + unknown)
                .doesNotContain("for: " + known);

        JsonPath allKnown = Api.as(requester).body(Bodies.json(uk.gov.gds.awsam.testsupport.SampleRequests.account(
                Bodies.uniqueAccountName("known"), List.of(known)))).post(Api.ACCOUNT_REQUESTS).then().statusCode(202).extract().jsonPath();
        assertThat(allKnown.getList("warnings")).isNull();
    }

    @Test
    void theOpenApiDocumentsExampleBodiesAreAcceptedAsTheyStand() {
        JsonPath openapi = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Object> account = new HashMap<>(openapi.getMap("components.schemas.AccountRequest.example"));
        account.put("name", Bodies.uniqueAccountName("example"));   // names are unique: the example's is taken once
        Api.as(Bodies.uniqueEmail("requester")).body(Bodies.json(account)).post(Api.ACCOUNT_REQUESTS).then().statusCode(202);
        Map<String, Object> users = openapi.getMap("components.schemas.UserList.example");
        Api.as(Bodies.uniqueEmail("requester")).body(Bodies.json(users)).post(Api.USER_REQUESTS).then().statusCode(202);
        assertThat(openapi.getMap("paths.'/api/v1/requests/{id}/retries'.post.requestBody.content.'application/json'.examples"))
                .containsKey("retry");
    }

    /** A new user-access request whose step failed at {@code stage} (with what to do next); its id. */
    private String failed(String requester, String stage) {
        return failed(SampleEvents.userAccessSubmitted(SampleEvents.newRequestId()).setRequesterEmail(requester), stage);
    }

    /** The request submitted, then its step failed at {@code stage}; its id. */
    private String failed(RequestSubmitted.Builder submitted, String stage) {
        String requestId = submitted.getRequestId();
        events.publish(submitted.build());
        events.publish(SampleEvents.requestFailed(requestId).setStage(stage).build());
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(submitted.getRequesterEmail())
                .get("/api/v1/requests/" + requestId).then().statusCode(200).body("stage", equalTo("FAILED")));
        return requestId;
    }

    private static String retries(String requestId) {
        return "/api/v1/requests/" + requestId + "/retries";
    }

    private String page(String email, boolean engineer, String requestId) {
        HttpResponse<String> page = signedIn(email, engineer).get(service() + "/requests/" + requestId);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private String service() {
        return SignIn.site(base);
    }

    /** A browser session of a person of the realm, signed in on Keycloak's login page. */
    private SignIn signedIn(String email, boolean engineer) {
        Api.token(email, engineer); // makes them a person of the realm, in the engineers' group or not
        SignIn browser = new SignIn(service());
        assertThat(browser.signIn(email, "/").statusCode()).isEqualTo(200);
        return browser;
    }

    /** The session's form token, as a page's forms carry it. */
    private static String csrf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a form token on the page").isTrue();
        return token.group(1);
    }

    /** An event as a consumer dead-letters it: its Avro bytes and CloudEvents headers, with the reason. */
    private ConsumerRecord<String, byte[]> deadLetter(SpecificRecord event, String reason) throws Exception {
        try (AvroKafkaSerializer<SpecificRecord> avro = new AvroKafkaSerializer<>()) {
            Map<String, Object> serde = new HashMap<>(TestEvents.serdeConfig(events.registryUrl()));
            serde.put("apicurio.registry.auto-register", "true");
            avro.configure(serde, false);
            EventType type = EventType.of(event);
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.kafkaHeaders(event, "test").forEach(headers::add);
            return deadLetter(type, EventType.keyOf(event), avro.serialize(type.topic(), headers, event), headers, reason);
        }
    }

    private ConsumerRecord<String, byte[]> deadLetter(EventType type, String key, byte[] value, RecordHeaders original, String reason)
            throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", type.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", "7".getBytes(StandardCharsets.UTF_8));
        for (Header header : original) {
            headers.add(header);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                events.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            var metadata = producer.send(new ProducerRecord<>(type.deadLetterTopic(), null, key, value, headers)).get();
            return new ConsumerRecord<>(metadata.topic(), metadata.partition(), metadata.offset(), key, value);
        }
    }

    /** The raw records of a topic for a request, once there are {@code count}. */
    private List<ConsumerRecord<String, byte[]>> rawRecords(String topic, String requestId, int count) {
        return Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> Published.raw(events, topic, r -> requestId.equals(r.key())),
                found -> found.size() >= count);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
