package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.request.SignIn;
import uk.gov.gds.awsam.request.SseClient;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * The lifecycle view through the real broker: a request driven through every stage by publishing the
 * other services' events, seen in the status API, its SSE stream and the metrics; duplicates and
 * reordering across topics change nothing. After hand-over, the provisioner's looks at the account's bootstrap role:
 * the request stays COMPLETE, the status JSON carries the latest look, the timeline one entry per change of state, and
 * the dashboard lists the account for its requester (not for another) until the role is removed or the account's
 * closure is asked for.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class LifecycleTest {

    @org.junit.jupiter.api.BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        uk.gov.gds.awsam.request.Api.awaitReady();
    }

    private static final String ENGINEER = "engineer@" + Bodies.DOMAIN;

    @InjectTestEvents
    TestEvents events;

    @TestHTTPResource("/")
    URI base;

    @Test
    void anAccountRequestIsFollowedThroughEveryStageInTheApiTheStreamAndTheMetrics() {
        String requester = Bodies.uniqueEmail("requester");
        String name = Bodies.uniqueAccountName("lifecycle");
        String requestId = SampleEvents.newRequestId();
        List<SpecificRecord> journey = Journeys.account(requestId, name, requester, Instant.now().minus(Duration.ofDays(3)));
        events.publish(journey.get(0), "lifecycle-test");
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("stage", equalTo("SUBMITTED")).body("requester", equalTo(requester))
                .body("request.account.name", equalTo(name)));
        List<String> expectedStages = List.of("TERRAFORM_GENERATED", "PR_OPEN", "PR_MERGED", "ACCOUNT_CREATED", "AWAITING_ROOT_MFA",
                "AWAITING_ROOT_MFA", "ROOT_SECURED", "COMPLETE");

        try (SseClient stream = SseClient.open(base.resolve("/api/v1/requests/" + requestId + "/events"), token(requester), null)) {
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> stream.events().size() == 1);
            for (int i = 1; i < journey.size(); i++) {
                events.publish(journey.get(i), "lifecycle-test");
                String stage = expectedStages.get(i - 1);
                Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester)
                        .get("/api/v1/requests/" + requestId).then().statusCode(200).body("stage", equalTo(stage)));
                int seen = i + 1;
                Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> stream.events().size() >= seen);
            }
            List<SseClient.Event> streamed = stream.events();
            assertThat(streamed).extracting(SseClient.Event::name).containsExactly("request-submitted", "terraform-generated",
                    "pr-opened", "pr-merged", "account-created", "root-mfa-requested", "root-mfa-seeded", "root-secured",
                    "yubikeys-returned");
            assertThat(JsonPath.from(streamed.get(streamed.size() - 1).data()).getString("stage")).isEqualTo("COMPLETE");
            assertThat(JsonPath.from(streamed.get(2).data()).getString("stage")).isEqualTo("PR_OPEN");
            assertThat(streamed.get(2).id()).isEqualTo(SampleEvents.eventId(requestId, EventType.PR_OPENED));
        }

        JsonPath view = Api.as(requester).get("/api/v1/requests/" + requestId).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("accountId")).isEqualTo(SampleEvents.ACCOUNT_ID);
        assertThat(view.getString("pullRequest.url")).isEqualTo("https://github.com/" + SampleEvents.BILLING_REPOSITORY + "/pull/42");
        assertThat(view.getString("bootstrapRoleArn")).isEqualTo("arn:aws:iam::" + SampleEvents.ACCOUNT_ID + ":role/bootstrap");
        assertThat(view.getList("timeline.type")).hasSize(9);
        assertThat(view.getList("waitingOn")).isEmpty();
        assertThat(view.getMap("stageEntries")).containsKeys("SUBMITTED", "PR_OPEN", "COMPLETE");

        // A stream opened now replays the timeline, then ends nothing: the request is complete.
        try (SseClient replay = SseClient.open(base.resolve("/api/v1/requests/" + requestId + "/events"), token(requester),
                SampleEvents.eventId(requestId, EventType.ROOT_MFA_SEEDED))) {
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> replay.events().size() >= 2);
            assertThat(replay.events()).extracting(SseClient.Event::name).containsExactly("root-secured", "yubikeys-returned");
        }

        // Every test's journeys take the same time in each stage, so the figures are exact. Metrics are
        // computed at most every two seconds.
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> assertThat(given().get("/q/metrics").asString())
                .contains(metric("NEW_ACCOUNT", "PR_OPEN", "0.5", Journeys.IN_PR_OPEN))
                .contains(metric("NEW_ACCOUNT", "PR_OPEN", "0.9", Journeys.IN_PR_OPEN))
                .contains(metric("NEW_ACCOUNT", "AWAITING_ROOT_MFA", "0.5", Journeys.IN_AWAITING_ROOT_MFA))
                .contains(metric("NEW_ACCOUNT", "END_TO_END", "0.9", Journeys.accountEndToEnd()))
                .containsPattern("awsam_requests\\{kind=\"NEW_ACCOUNT\",stage=\"COMPLETE\"\\} [1-9]")
                .containsPattern("awsam_projection_caught_up 1.0"));
    }

    @Test
    void aClosureIsFollowedThroughItsStagesInTheApiOnItsPageAndInTheDashboardsQueue() {
        String requester = SampleEvents.ADMIN; // a person of the realm, who signs in for the pages
        String requestId = SampleEvents.newRequestId();
        String name = Bodies.uniqueAccountName("closed");
        List<SpecificRecord> journey = Journeys.closure(requestId, name, requester,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minus(Duration.ofDays(5)), true);
        Instant goes = ((uk.gov.gds.awsam.events.RequestWaiting) journey.get(4)).getUntil();
        Instant reinstatable = ((uk.gov.gds.awsam.events.AccountClosed) journey.get(6)).getReinstatableUntil();
        events.publish(journey.get(0), "lifecycle-test");
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("kind", equalTo("ACCOUNT_CLOSURE")).body("stage", equalTo("SUBMITTED"))
                .body("stageTitle", equalTo("Closure requested")).body("subjects", equalTo(List.of(name)))
                .body("request.closure.reason", equalTo("The sample service was retired"))
                .body("closure.accountId", equalTo(SampleEvents.ACCOUNT_ID)).body("closure.accountName", equalTo(name))
                .body("closure.queuedUntil", org.hamcrest.Matchers.nullValue()).body("closure.reinstatableUntil", org.hamcrest.Matchers.nullValue()));
        List<String> expectedStages = List.of("TERRAFORM_GENERATED", "PR_OPEN", "PR_MERGED", "CLOSURE_QUEUED", "CLOSING", "CLOSED",
                "COMPLETE");
        for (int i = 1; i < journey.size(); i++) {
            events.publish(journey.get(i), "lifecycle-test");
            String stage = expectedStages.get(i - 1);
            Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester)
                    .get("/api/v1/requests/" + requestId).then().statusCode(200).body("stage", equalTo(stage)));
            if (stage.equals("CLOSURE_QUEUED")) {
                Api.as(requester).get("/api/v1/requests/" + requestId).then().body("closure.queuedUntil", equalTo(goes.toString()));
            } else if (stage.equals("CLOSED")) {
                Api.as(requester).get("/api/v1/requests/" + requestId).then().body("waitingOn.task", hasItem("ROOT_MFA_REMOVAL"));
            }
        }
        JsonPath view = Api.as(requester).get("/api/v1/requests/" + requestId).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("accountId")).isEqualTo(SampleEvents.ACCOUNT_ID);
        assertThat(view.getString("closure.reinstatableUntil")).isEqualTo(reinstatable.toString());
        assertThat(view.getString("closure.queuedUntil")).as("gone from the queue").isNull();
        assertThat(view.getMap("stageEntries")).containsOnlyKeys("SUBMITTED", "TERRAFORM_GENERATED", "PR_OPEN", "PR_MERGED",
                "CLOSURE_QUEUED", "CLOSING", "CLOSED", "COMPLETE");
        assertThat(view.getList("timeline.description", String.class))
                .contains("Queued for the closure quota: " + Journeys.QUOTA_REASON + "; it will go on " + day(goes))
                .anyMatch(line -> line.startsWith("Closed: AWS can reinstate it until " + day(reinstatable) + "; " + name))
                .anyMatch(line -> line.endsWith(": the closure is complete"));
        assertThat(view.getList("timeline.type")).contains("account-closing", "account-closed", "root-mfa-removed");

        // one still in the queue: on the dashboard's closure queue with the day it will go, and on its page
        String queuedId = SampleEvents.newRequestId();
        String queuedName = Bodies.uniqueAccountName("queued");
        List<SpecificRecord> queued = Journeys.closure(queuedId, queuedName, requester, Instant.now().minus(Duration.ofHours(3)), true);
        queued.subList(0, 5).forEach(events::publish);
        Instant queuedGoes = ((uk.gov.gds.awsam.events.RequestWaiting) queued.get(4)).getUntil();
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + queuedId)
                .then().body("stage", equalTo("CLOSURE_QUEUED")).body("waitingOn.task", hasItem("OUTSIDE_WORLD")));
        SignIn browser = new SignIn(base);
        String dashboard = browser.signIn(requester, "/").body();
        String queue = dashboard.substring(dashboard.indexOf("id=\"closure-queue\""), dashboard.indexOf("id=\"by-stage\""));
        assertThat(queue).contains("data-request=\"" + queuedId + "\"").contains(queuedName).contains(SampleEvents.ACCOUNT_ID)
                .contains("data-goes=\"" + day(queuedGoes) + "\"").doesNotContain(requestId);
        assertThat(dashboard).contains("Account closure").contains("Closure queued");
        String page = browser.follow(SignIn.site(base) + "/requests/" + queuedId).body();
        assertThat(page).contains("Closure queued").contains("Account to close").contains("Queued until").contains(day(queuedGoes))
                .contains("The sample service was retired");

        // lead times per stage, for closures as for the other journeys (metrics are computed at most every two seconds)
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> assertThat(given().get("/q/metrics").asString())
                .contains(metric("ACCOUNT_CLOSURE", "CLOSURE_QUEUED", "0.5", Journeys.IN_CLOSURE_QUEUED))
                .contains(metric("ACCOUNT_CLOSURE", "CLOSING", "0.9", Journeys.IN_CLOSING))
                .contains(metric("ACCOUNT_CLOSURE", "CLOSED", "0.5", Journeys.IN_CLOSED))
                .containsPattern("awsam_requests\\{kind=\"ACCOUNT_CLOSURE\",stage=\"CLOSURE_QUEUED\"\\} [1-9]")
                .containsPattern("awsam_requests\\{kind=\"ACCOUNT_CLOSURE\",stage=\"COMPLETE\"\\} [1-9]"));
    }

    @Test
    void aRoleStillInPlaceIsInTheStatusAndOnItsRequestersDashboardUntilTheAccountsClosureIsAsked() {
        String requester = Bodies.uniqueEmail("handed.over");
        String stranger = Bodies.uniqueEmail("stranger");
        Journeys.HandedOver account = Journeys.HandedOver.of(requester, Duration.ofDays(30), BootstrapRoleState.PRESENT,
                BootstrapRoleState.PRESENT, BootstrapRoleState.NOT_VISIBLE);
        String requestId = account.requestId();
        List<SpecificRecord> journey = account.journey();
        List<SpecificRecord> looks = account.looks();
        journey.forEach(events::publish);
        events.publish(looks.get(0));
        events.publish(looks.get(1));
        BootstrapRoleChecked second = (BootstrapRoleChecked) looks.get(1);
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("stage", equalTo("COMPLETE")).body("bootstrapRole.checkedAt", equalTo(second.getCheckedAt().toString())));

        JsonPath view = Api.as(requester).get("/api/v1/requests/" + requestId).then().statusCode(200).extract().jsonPath();
        assertThat(view.getMap("bootstrapRole")).containsEntry("roleName", "bootstrap").containsEntry("state", "PRESENT")
                .containsEntry("handedOverAt", second.getHandedOverAt().toString())
                .containsEntry("nextCheckAt", second.getNextCheckAt().toString()).containsEntry("detail", null);
        assertThat(view.getList("timeline.type")).as("the second look repeats the first: one entry").containsOnlyOnce("bootstrap-role-checked")
                .hasSize(journey.size() + 1);
        assertThat(view.getList("timeline.description", String.class)).last().asString()
                .startsWith("Bootstrap role bootstrap still in place on " + day(((BootstrapRoleChecked) looks.get(0)).getCheckedAt())
                        + ", 14 days after hand-over (" + day(second.getHandedOverAt()) + "): the requester and the account's admins are reminded");
        // the event stream resumed after hand-over replays the timeline: the first look only
        String returned = ((uk.gov.gds.awsam.events.YubikeysReturned) journey.get(journey.size() - 1)).getEventId();
        try (SseClient replay = SseClient.open(base.resolve("/api/v1/requests/" + requestId + "/events"), token(requester), returned)) {
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> !replay.events().isEmpty());
            assertThat(replay.events()).extracting(SseClient.Event::id).containsExactly(((BootstrapRoleChecked) looks.get(0)).getEventId());
        }

        SignIn browser = new SignIn(base);
        String row = bootstrapRoles(browser.signIn(requester, "/").body());
        assertThat(row).contains("data-request=\"" + requestId + "\"").contains("data-state=\"PRESENT\"").contains(account.accountId())
                .contains(account.accountName()).contains(requester).contains(day(second.getHandedOverAt()))
                .contains("data-days=\"" + Duration.between(second.getHandedOverAt(), Instant.now()).toDays() + "\"")
                .contains(day(second.getCheckedAt())).contains(day(second.getNextCheckAt()));
        assertThat(browser.follow(SignIn.site(base) + "/requests/" + requestId).body())
                .contains("Bootstrap role: Still in place when last looked for on " + day(second.getCheckedAt()));
        Api.as(stranger).get("/api/v1/requests").then().statusCode(200);
        assertThat(bootstrapRoles(new SignIn(base).signIn(stranger, "/").body())).as("another requester's account")
                .doesNotContain(requestId);

        // the provisioner cannot look: still listed, marked, with why
        events.publish(looks.get(2));
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().body("bootstrapRole.state", equalTo("NOT_VISIBLE")).body("bootstrapRole.detail", equalTo(Journeys.NOT_VISIBLE_DETAIL)));
        assertThat(bootstrapRoles(browser.follow(SignIn.site(base) + "/").body())).contains("data-state=\"NOT_VISIBLE\"")
                .contains("Could not look").contains(Journeys.NOT_VISIBLE_DETAIL);

        // someone else asks for the account's closure: off the list, the request unchanged
        events.publish(account.closure(ENGINEER));
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> assertThat(bootstrapRoles(browser.follow(SignIn.site(base) + "/")
                .body())).doesNotContain(requestId));
        Api.as(requester).get("/api/v1/requests/" + requestId).then().body("stage", equalTo("COMPLETE"))
                .body("bootstrapRole.state", equalTo("NOT_VISIBLE"));
    }

    @Test
    void aRemovedRoleIsNotListedAndWillNotBeLookedForAgain() {
        String requester = Bodies.uniqueEmail("replaced.role");
        Journeys.HandedOver account = Journeys.HandedOver.of(requester, Duration.ofDays(40), BootstrapRoleState.PRESENT,
                BootstrapRoleState.REMOVED);
        String requestId = account.requestId();
        account.journey().forEach(events::publish);
        account.looks().forEach(events::publish);
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("stage", equalTo("COMPLETE")).body("bootstrapRole.state", equalTo("REMOVED"))
                .body("bootstrapRole.nextCheckAt", nullValue()));
        assertThat(Api.as(requester).get("/api/v1/requests/" + requestId).then().extract().jsonPath()
                .getList("timeline.description", String.class)).last().asString().startsWith("Bootstrap role bootstrap removed: gone when")
                .endsWith("; no more reminders");
        assertThat(bootstrapRoles(new SignIn(base).signIn(requester, "/").body())).doesNotContain(requestId)
                .contains("No bootstrap role is known to be still in place.");
    }

    /** The dashboard's section of bootstrap roles still in place. */
    private static String bootstrapRoles(String dashboard) {
        return dashboard.substring(dashboard.indexOf("id=\"bootstrap-roles\""), dashboard.indexOf("id=\"by-stage\""));
    }

    private static String day(Instant at) {
        return at.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    @Test
    void whatWaitsOnAPersonIsShownWithHowLongItHasWaited() {
        String requestId = SampleEvents.newRequestId();
        String requester = Bodies.uniqueEmail("waiting");
        List<SpecificRecord> journey = Journeys.account(requestId, Bodies.uniqueAccountName("waits"), requester,
                Instant.now().minus(Duration.ofHours(5)));
        journey.subList(0, 3).forEach(events::publish);

        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("stage", equalTo("PR_OPEN")).body("waitingOn.task", hasItem("PR_REVIEW")));
        int waited = Api.as(requester).get("/api/v1/requests/" + requestId).path("waitingOn[0].waitedSeconds");
        assertThat(Duration.ofSeconds(waited)).isBetween(Duration.ofHours(5).minus(Journeys.IN_SUBMITTED).minus(Journeys.IN_TERRAFORM_GENERATED)
                .minusMinutes(1), Duration.ofHours(5));
        // metrics are computed at most every two seconds
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> assertThat(given().get("/q/metrics").asString())
                .containsPattern("awsam_requests_waiting\\{task=\"PR_REVIEW\"\\} [1-9]"));
    }

    @Test
    void duplicatesAndReorderingAcrossTopicsChangeNothing() {
        Instant start = Instant.now().minus(Duration.ofDays(2));
        String requester = Bodies.uniqueEmail("order");
        String inOrder = SampleEvents.newRequestId();
        String shuffled = SampleEvents.newRequestId();
        String name = Bodies.uniqueAccountName("ordered");
        List<SpecificRecord> ordered = Journeys.account(inOrder, name, requester, start);
        List<SpecificRecord> scrambled = new ArrayList<>(Journeys.account(shuffled, name, requester, start));
        scrambled.addAll(Journeys.account(shuffled, name, requester, start));
        scrambled.add(scrambled.get(3));
        Collections.shuffle(scrambled, new Random(7));
        // the last word of the scrambled one is its submission, the first thing that happened
        scrambled.remove(Journeys.account(shuffled, name, requester, start).get(0));
        scrambled.remove(Journeys.account(shuffled, name, requester, start).get(0));
        scrambled.add(Journeys.account(shuffled, name, requester, start).get(0));

        ordered.forEach(events::publish);
        scrambled.forEach(events::publish);

        for (String id : List.of(inOrder, shuffled)) {
            Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.asEngineer(ENGINEER).get("/api/v1/requests/" + id)
                    .then().statusCode(200).body("stage", equalTo("COMPLETE")).body("requester", equalTo(requester)));
        }
        String expected = normalised(inOrder);
        assertThat(normalised(shuffled)).isEqualTo(expected);
        assertThat(given().get("/q/metrics").asString()).containsPattern("awsam_projection_events_total\\{outcome=\"repeat\"\\} [1-9]");
    }

    @Test
    void requestersSeeTheirOwnAndEngineersSeeAll() {
        String alice = Bodies.uniqueEmail("alice");
        String bob = Bodies.uniqueEmail("bob");
        String alices = Api.as(alice).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("p")))).post(Api.USER_REQUESTS)
                .then().statusCode(202).extract().path("requestId");
        String bobs = Api.as(bob).body(Bodies.json(Bodies.users(Bodies.uniqueEmail("q")))).post(Api.USER_REMOVALS)
                .then().statusCode(202).extract().path("requestId");

        Api.as(alice).get("/api/v1/requests/" + alices).then().statusCode(200).body("kind", equalTo("USER_ACCESS"));
        Api.as(bob).get("/api/v1/requests/" + alices).then().statusCode(404).contentType(Problems.MEDIA_TYPE);
        Api.asEngineer(ENGINEER).get("/api/v1/requests/" + alices).then().statusCode(200);
        Api.as(bob).get("/api/v1/requests/" + alices + "/events").then().statusCode(404);
        Api.as(alice).get("/api/v1/requests/" + java.util.UUID.randomUUID()).then().statusCode(404);
        given().get("/api/v1/requests/" + alices).then().statusCode(401).contentType(Problems.MEDIA_TYPE);

        Api.as(alice).get("/api/v1/requests").then().statusCode(200).body("items.requestId", hasItem(alices))
                .body("items.requestId", not(hasItem(bobs))).body("items.requester", not(hasItem(bob)));
        Api.as(alice).queryParam("requester", bob).get("/api/v1/requests").then().statusCode(403)
                .body("errors.field", hasItem("requester"));
        Api.asEngineer(ENGINEER).queryParam("requester", bob).get("/api/v1/requests").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].requestId", equalTo(bobs));
        Api.asEngineer(ENGINEER).queryParam("kind", "user_removal").queryParam("stage", "SUBMITTED").queryParam("size", 200)
                .get("/api/v1/requests").then().statusCode(200).body("items.requestId", hasItem(bobs))
                .body("items.requestId", not(hasItem(alices))).body("items.kind", not(hasItem("USER_ACCESS")));
        Api.asEngineer(ENGINEER).queryParam("since", Instant.now().plus(Duration.ofDays(1)).toString()).get("/api/v1/requests")
                .then().statusCode(200).body("total", equalTo(0));
        Api.asEngineer(ENGINEER).queryParam("requester", alice).queryParam("size", 1).queryParam("page", 1).get("/api/v1/requests")
                .then().statusCode(200).body("items", org.hamcrest.Matchers.empty()).body("total", equalTo(1));
    }

    @Test
    void badFiltersAreNamed() {
        String engineer = ENGINEER;
        Map<String, String> bad = new HashMap<>();
        bad.put("stage", "DONE");
        bad.put("kind", "ACCOUNT");
        bad.put("since", "yesterday");
        bad.put("page", "-1");
        bad.put("size", "1000");
        bad.forEach((name, value) -> Api.asEngineer(engineer).queryParam(name, value).get("/api/v1/requests")
                .then().statusCode(400).contentType(Problems.MEDIA_TYPE).body("errors.field", hasItem(name)));
    }

    @Test
    void theRequestPageShowsTheTimelineAndTheAwsConfigProfileOfACompletedAccount() {
        String requestId = SampleEvents.newRequestId();
        String admin = SampleEvents.ADMIN;
        String name = Bodies.uniqueAccountName("profiled");
        Journeys.account(requestId, name, admin, Instant.now().minus(Duration.ofDays(2))).forEach(events::publish);
        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> Api.as(admin).get("/api/v1/requests/" + requestId)
                .then().body("stage", equalTo("COMPLETE")));

        Api.keycloak().accessToken(admin, false); // a person of the realm
        java.net.http.HttpResponse<String> answer = new SignIn(base).signIn(admin, "/requests/" + requestId);
        assertThat(answer.statusCode()).isEqualTo(200);
        String page = answer.body();
        assertThat(page).contains("[profile " + name + "]")
                .contains("role_arn = arn:aws:iam::" + SampleEvents.ACCOUNT_ID + ":role/bootstrap")
                .contains("source_profile = gds-users")
                .contains("mfa_serial = arn:aws:iam::622626885786:mfa/" + admin)
                .contains("YubiKeys returned to the safe")
                .contains("https://github.com/" + SampleEvents.BILLING_REPOSITORY + "/pull/42");
    }

    private String normalised(String requestId) {
        String json = Api.asEngineer(ENGINEER).get("/api/v1/requests/" + requestId).then().extract().asString();
        json = json.replace(requestId, "REQUEST").replace(requestId.substring(0, 8), "REQUEST");
        for (EventType type : EventType.values()) {
            json = json.replace(SampleEvents.eventId(requestId, type), type.name());
        }
        return json.replaceAll("\"waitedSeconds\":\\d+", "\"waitedSeconds\":0");
    }

    private static String metric(String kind, String stage, String quantile, Duration value) {
        return "awsam_request_stage_lead_time_seconds{kind=\"" + kind + "\",quantile=\"" + quantile + "\",stage=\"" + stage + "\"} "
                + (double) value.toSeconds();
    }

    private static String token(String email) {
        return Api.token(email, false);
    }

}
