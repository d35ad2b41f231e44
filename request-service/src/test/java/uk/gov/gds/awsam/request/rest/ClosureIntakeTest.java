package uk.gov.gds.awsam.request.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static uk.gov.gds.awsam.request.Api.ACCOUNT_CLOSURES;
import static uk.gov.gds.awsam.request.Api.IDEMPOTENCY_KEY;
import static uk.gov.gds.awsam.request.Api.as;
import static uk.gov.gds.awsam.request.Api.asEngineer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.AwsFront;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.MotoOrganisation;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;
import uk.gov.gds.awsam.testsupport.aws.StrictAws;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * Closure requests through the real broker, against moto behind the strict AWS layer (through {@link AwsFront}):
 * the account found by id or name, what RequestSubmitted carries, and every refusal publishing nothing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
@TestProfile(AwsFront.Profile.class)
class ClosureIntakeTest {

    private static final String REASON = "The service moved to another account: nothing runs here since March";
    /** The organisation's management account: moto's default account. */
    private static final String MANAGEMENT = MotoServer.DEFAULT_ACCOUNT_ID;
    private static Organisation organisation;

    @InjectTestEvents
    TestEvents events;

    /** The accounts every test may use, made once (moto is reset for this class only). */
    private record Organisation(String ours, String oursByName, String notOurs, String closing, String requester, String admin) {
    }

    @BeforeEach
    void anOrganisationWithAccountsSomeMadeByTheService() {
        Api.awaitReady();
        if (organisation != null) {
            return;
        }
        MotoServer moto = MotoServer.get();
        moto.reset();
        moto.strict().set(Map.of(StrictAws.CREATE_ACCOUNT_SECONDS, 0, StrictAws.CLOSE_ACCOUNT_SECONDS, 600));
        String requester = Bodies.uniqueEmail("Owner").toLowerCase(java.util.Locale.ROOT);
        String admin = Bodies.uniqueEmail("Admin").toLowerCase(java.util.Locale.ROOT);
        try (OrganizationsClient aws = MotoOrganisation.client()) {
            String ours = MotoOrganisation.created(aws, "ours-by-id");
            String oursByName = MotoOrganisation.created(aws, "ours-by-name");
            String notOurs = MotoOrganisation.created(aws, "legacy-account");
            String closing = MotoOrganisation.created(aws, "closing-account");
            aws.closeAccount(b -> b.accountId(closing));
            madeByTheService(ours, "ours-by-id", requester, admin);
            madeByTheService(oursByName, "ours-by-name", requester, admin);
            organisation = new Organisation(ours, oursByName, notOurs, closing, requester, admin);
        }
    }

    @Test
    void theRequesterClosesAnAccountByIdAndARepeatIsTheSameRequestButASecondIsRefused() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("account", organisation.ours(), "reason", REASON);

        Response accepted = as(organisation.requester()).header(IDEMPOTENCY_KEY, key).body(Bodies.json(body)).post(ACCOUNT_CLOSURES);

        accepted.then().statusCode(202).body("kind", equalTo("ACCOUNT_CLOSURE"));
        String requestId = accepted.path("requestId");
        RequestSubmitted published = events.awaitOne(RequestSubmitted.class, requestId);
        assertThat(published.getKind()).isEqualTo(RequestKind.ACCOUNT_CLOSURE);
        assertThat(published.getRequesterEmail()).isEqualTo(organisation.requester());
        assertThat(published.getAccount()).isNull();
        assertThat(published.getUserEmails()).isEmpty();
        assertThat(published.getClosure()).isEqualTo(ClosureRequest.newBuilder().setAccountId(organisation.ours())
                .setAccountName("ours-by-id").setReason(REASON).setAdminUserEmails(List.of(organisation.admin())).build());

        as(organisation.requester()).header(IDEMPOTENCY_KEY, key).body(Bodies.json(body)).post(ACCOUNT_CLOSURES)
                .then().statusCode(200).body("requestId", equalTo(requestId));
        String engineer = Bodies.uniqueEmail("Engineer");
        refused(asEngineer(engineer), body, 409, "account", "already has a closure request");
        assertThat(publishedBy(engineer)).isEmpty();
        assertThat(Published.all(events, RequestSubmitted.class, record -> record.value().getClosure() != null
                && record.value().getClosure().getAccountId().equals(organisation.ours()))).hasSize(1);
    }

    @Test
    void anAdminClosesAnAccountByTheNameOrganizationsRecords() {
        Response accepted = as(organisation.admin()).body(Bodies.json(Map.of("account", "ours-by-name", "reason", REASON)))
                .post(ACCOUNT_CLOSURES);

        accepted.then().statusCode(202);
        RequestSubmitted published = events.awaitOne(RequestSubmitted.class, accepted.path("requestId"));
        assertThat(published.getRequesterEmail()).isEqualTo(organisation.admin());
        assertThat(published.getClosure().getAccountId()).isEqualTo(organisation.oursByName());
        assertThat(published.getClosure().getAccountName()).isEqualTo("ours-by-name");
        assertThat(published.getClosure().getAdminUserEmails()).containsExactly(organisation.admin());
    }

    @Test
    void onlyEngineersCloseAnAccountTheServiceDidNotCreateAndItHasNoKnownAdmins() {
        String requester = Bodies.uniqueEmail("Someone");
        Map<String, Object> body = Map.of("account", organisation.notOurs(), "reason", REASON);
        refused(as(requester), body, 403, "account", "only engineers may close it");
        assertThat(publishedBy(requester)).isEmpty();

        String engineer = Bodies.uniqueEmail("Engineer");
        Response accepted = asEngineer(engineer).body(Bodies.json(body)).post(ACCOUNT_CLOSURES);
        accepted.then().statusCode(202);
        RequestSubmitted published = events.awaitOne(RequestSubmitted.class, accepted.path("requestId"));
        assertThat(published.getClosure().getAccountName()).isEqualTo("legacy-account");
        assertThat(published.getClosure().getAdminUserEmails()).isEmpty();
    }

    @Test
    void someoneOtherThanItsRequesterAdminsAndEngineersMayNotCloseAnAccount() {
        String stranger = Bodies.uniqueEmail("Stranger");
        refused(as(stranger), Map.of("account", organisation.ours(), "reason", REASON), 403, "account",
                "only by the person who asked for it, its admins and engineers");
        assertThat(publishedBy(stranger)).isEmpty();
    }

    @Test
    void anAccountOutsideTheOrganisationTheManagementAccountAndOneAlreadyClosingAreRefused() {
        String engineer = Bodies.uniqueEmail("Engineer");
        refused(asEngineer(engineer), Map.of("account", "999999999999", "reason", REASON), 422, "account", "is not an account in the organisation");
        refused(asEngineer(engineer), Map.of("account", "no-such-account", "reason", REASON), 422, "account", "is not an account in the organisation");
        refused(asEngineer(engineer), Map.of("account", MANAGEMENT, "reason", REASON), 422, "account", "management account");
        refused(asEngineer(engineer), Map.of("account", organisation.closing(), "reason", REASON), 409, "account",
                "is already closing: AWS says it is PENDING_CLOSURE");
        assertThat(publishedBy(engineer)).isEmpty();
    }

    @Test
    void aMissingOrBadReasonIsRefused() {
        String engineer = Bodies.uniqueEmail("Engineer");
        refused(asEngineer(engineer), Map.of("account", organisation.notOurs()), 422, "reason", "is required");
        refused(asEngineer(engineer), Map.of("account", organisation.notOurs(), "reason", "x".repeat(257)), 422, "reason", "256");
        refused(asEngineer(engineer), Map.of("account", organisation.notOurs(), "reason", "no longer needed; sorry!"), 422, "reason",
                "letters, digits");
        refused(asEngineer(engineer), Map.of("reason", REASON), 422, "account", "is required");
        assertThat(publishedBy(engineer)).isEmpty();
    }

    @Test
    void whenAwsDoesNotAnswerNothingIsPublishedAndTheAnswerSaysSo() {
        String engineer = Bodies.uniqueEmail("Engineer");
        System.setProperty(AwsFront.DOWN, "true");
        try {
            asEngineer(engineer).body(Bodies.json(Map.of("account", organisation.notOurs(), "reason", REASON))).post(ACCOUNT_CLOSURES)
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("detail", containsString("nothing was published: AWS Organizations did not answer"));
        } finally {
            System.clearProperty(AwsFront.DOWN);
        }
        assertThat(publishedBy(engineer)).isEmpty();
    }

    private static void refused(RequestSpecification caller, Map<String, Object> body, int status, String field, String message) {
        caller.body(Bodies.json(body)).post(ACCOUNT_CLOSURES).then().statusCode(status).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].message", containsString(message));
    }

    private List<ConsumerRecord<String, RequestSubmitted>> publishedBy(String requester) {
        return Published.all(events, RequestSubmitted.class, record -> requester.equals(record.value().getRequesterEmail()));
    }

    /** The events of a new-account request that made this account, as the provisioner would have published them. */
    private void madeByTheService(String accountId, String name, String requester, String admin) {
        String requestId = SampleEvents.newRequestId();
        AccountRequest account = SampleEvents.accountRequest();
        account.setName(name);
        account.setAdminUserEmails(List.of(admin));
        events.publish(SampleEvents.requestSubmitted(requestId).setRequesterEmail(requester).setAccount(account).build());
        events.publish(SampleEvents.accountCreated(requestId).setAccountId(accountId).setAccountName(name).build());
        await().atMost(TestEvents.TIMEOUT).until(() -> accountId.equals(asEngineer("engineer@" + Bodies.DOMAIN)
                .get("/api/v1/requests/" + requestId).path("accountId")));
    }
}
