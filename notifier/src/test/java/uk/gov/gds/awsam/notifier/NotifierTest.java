package uk.gov.gds.awsam.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.ENGINEERS;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.STATUS_PAGE;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.TEAM;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.about;
import static uk.gov.gds.awsam.testsupport.mail.Mailbox.subjectContains;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.notifier.support.CapturedLogs;
import uk.gov.gds.awsam.notifier.support.NotifierKeysTestResource;
import uk.gov.gds.awsam.notifier.support.SentJournalTestResource;
import uk.gov.gds.awsam.notifier.support.NotifierTestSupport;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.mail.GreenMailTestResource;
import uk.gov.gds.awsam.testsupport.mail.InjectMailServer;
import uk.gov.gds.awsam.testsupport.mail.MailServer;
import uk.gov.gds.awsam.testsupport.mail.ReceivedMail;

/**
 * Each event, through the real broker and registry, gives the right emails to the right people, received by
 * a real SMTP server (GreenMail) with both parts rendered and the links right.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GreenMailTestResource.class)
@WithTestResource(NotifierKeysTestResource.class)
@WithTestResource(SentJournalTestResource.class)
class NotifierTest {

    private static final String REQUESTER = SampleEvents.REQUESTER;
    private static final String ADMIN_ONE = SampleEvents.ADMIN;
    private static final String ADMIN_TWO = "admin.two@digital.cabinet-office.gov.uk";
    private static final String ENGINEER = "engineer@digital.cabinet-office.gov.uk";
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final List<String> REQUESTER_AND_ADMINS = List.of(REQUESTER, ADMIN_ONE, ADMIN_TWO);
    private static final String ACCOUNT = "AWS account sample-service-staging (123456789012)";
    private static final String BOOTSTRAP_GROUP = "notifier.bootstrap-role-checked";

    @InjectTestEvents
    TestEvents events;

    @InjectMailServer
    MailServer mail;

    @Test
    void aNewAccountRequestGivesTheTeamTheWholeRequestWithItsRisksAndTheRequesterAReceipt() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(requestId).build());

        ReceivedMail team = mail.awaitOne(about(requestId, TEAM));
        assertThat(team.subject()).isEqualTo("New AWS account request: sample-service-staging (P2, PII)");
        assertThat(team.from()).isEqualTo("aws-account-management@digital.cabinet-office.gov.uk");
        assertThat(team.messageId()).matches("<[0-9a-f-]{36}@notifier\\.aws-account-management\\.digital\\.cabinet-office\\.gov\\.uk>");
        assertThat(team.header("References")).isEqualTo("<request-" + requestId + "@notifier.aws-account-management.digital.cabinet-office.gov.uk>");
        for (String part : List.of(team.text(), team.html())) {
            assertThat(part).contains("sample-service-staging", "Staging environment of the sample service", "GDS", "CC-1234",
                    "Sample Team", "Lee Dear", "Technical Architect", "+44 20 7946 0001", ADMIN_ONE, ADMIN_TWO,
                    "P2", "Customer database", "holds personal data (PII)", "What happens next",
                    "The YubiKeys go back in the safe", STATUS_PAGE + requestId);
        }
        assertThat(team.text()).contains("Holds personal data (PII):     yes", "Holds payment card data (PCI): no");
        assertThat(team.html()).contains("<a href=\"" + STATUS_PAGE + requestId + "\">", "<td>P2</td>");

        ReceivedMail receipt = mail.awaitOne(about(requestId, REQUESTER));
        assertThat(receipt.subject()).isEqualTo("We have your request: new AWS account sample-service-staging");
        assertThat(receipt.text()).contains(requestId, "You can follow it on " + STATUS_PAGE + requestId, "What happens next");
        assertThat(receipt.html()).contains("<strong>" + requestId + "</strong>",
                "<a href=\"" + STATUS_PAGE + requestId + "\">" + STATUS_PAGE + requestId + "</a>");
        assertThat(receipt.messageId()).isNotEqualTo(team.messageId());
        mail.assertExactly(about(requestId), 2, SETTLE);
    }

    @Test
    void userAccessAndRemovalRequestsNameThePeopleAndTheirOwnSteps() {
        String access = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(access, "ann@digital.cabinet-office.gov.uk",
                "bob@digital.cabinet-office.gov.uk").build());
        String removal = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(removal, "carl@digital.cabinet-office.gov.uk")
                .setKind(RequestKind.USER_REMOVAL).build());

        ReceivedMail accessTeam = mail.awaitOne(about(access, TEAM));
        assertThat(accessTeam.subject()).isEqualTo("User access request: ann@digital.cabinet-office.gov.uk and 1 more");
        assertThat(accessTeam.text()).contains("People to add:", "ann@digital.cabinet-office.gov.uk, bob@digital.cabinet-office.gov.uk",
                "initial password only they receive").doesNotContain("Risk");
        assertThat(mail.awaitOne(about(access, REQUESTER)).subject())
                .isEqualTo("We have your request: AWS access for ann@digital.cabinet-office.gov.uk and 1 more");

        ReceivedMail removalTeam = mail.awaitOne(about(removal, TEAM));
        assertThat(removalTeam.subject()).isEqualTo("User removal request: carl@digital.cabinet-office.gov.uk");
        assertThat(removalTeam.html()).contains("People to remove", "carl@digital.cabinet-office.gov.uk", "access keys");
        assertThat(mail.awaitOne(about(removal, REQUESTER)).subject())
                .isEqualTo("We have your request: removal of carl@digital.cabinet-office.gov.uk from gds-users");
    }

    @Test
    void anOpenedPullRequestTellsTheRequesterItAwaitsReviewAndAClosedOneThatTheRequestIsRejected() {
        String requestId = submitted();
        events.publish(SampleEvents.prOpened(requestId).build());
        ReceivedMail opened = mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("Awaiting review")));
        assertThat(opened.subject()).isEqualTo("Awaiting review: new AWS account sample-service-staging");
        String repository = SampleEvents.BILLING_REPOSITORY;
        String pr = "https://github.com/" + repository + "/pull/42";
        assertThat(opened.text()).contains("pull request " + repository + "#42", "Pull request: " + pr,
                "Status page:  " + STATUS_PAGE + requestId);
        assertThat(opened.html()).contains("<a href=\"" + pr + "\">" + repository + "#42</a>");

        events.publish(SampleEvents.prClosed(requestId).build());
        ReceivedMail closed = mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("rejected")));
        assertThat(closed.subject()).isEqualTo("Request rejected: new AWS account sample-service-staging");
        assertThat(closed.text()).contains("reviewer closed pull request " + SampleEvents.BILLING_REPOSITORY + "#42 without merging it");
        assertThat(closed.html()).contains("<a href=\"" + STATUS_PAGE + requestId + "\">");
    }

    @Test
    void eachStepOfAClosureTellsTheRequesterAndTheAccountsAdminsWhatHappenedToTheAccountOnce() {
        String requestId = SampleEvents.newRequestId();
        String account = "AWS account sample-service-staging (123456789012)";
        events.publish(SampleEvents.closureSubmitted(requestId).build());
        ReceivedMail team = mail.awaitOne(about(requestId, TEAM));
        assertThat(team.subject()).isEqualTo("Account closure request: sample-service-staging (123456789012)");
        for (String part : List.of(team.text(), team.html())) {
            assertThat(part).contains("sample-service-staging (123456789012)", "The sample service was retired", ADMIN_ONE,
                    "at most 10% of its member accounts in a rolling 30 days", "The requester and the account's admins are emailed");
        }
        List<String> toldOfEachStep = List.of(REQUESTER, ADMIN_ONE);
        for (String person : toldOfEachStep) {
            assertThat(mail.awaitOne(about(requestId, person)).subject()).isEqualTo("We have your request: closure of " + account);
        }

        events.publish(SampleEvents.prOpened(requestId).build());
        for (String person : toldOfEachStep) {
            assertThat(mail.awaitOne(about(requestId, person).and(subjectContains("Awaiting review"))).text())
                    .contains("https://github.com/" + SampleEvents.BILLING_REPOSITORY + "/pull/42");
        }

        events.publish(SampleEvents.requestWaiting(requestId).build());
        events.publish(SampleEvents.requestWaiting(requestId).setEventId(UUID.randomUUID().toString()).setStage("CLOSE_ACCOUNT")
                .setWaitingFor("the closure quota").setReason("10 of 10 closures allowed in the last 30 days")
                .setUntil(Instant.parse("2026-12-24T09:30:00Z")).build());
        for (String person : toldOfEachStep) {
            ReceivedMail queued = mail.awaitOne(about(requestId, person).and(subjectContains("queued")));
            assertThat(queued.subject()).isEqualTo("Closure queued: " + account);
            for (String part : List.of(queued.text(), queued.html())) {
                assertThat(part).contains("123456789012", "cannot be closed yet: it waits for the closure quota",
                        "Why: 10 of 10 closures allowed in the last 30 days", "24 December 2026, 09:30 UTC",
                        "at most 10% of its member accounts in a rolling 30 days", STATUS_PAGE + requestId);
            }
        }

        events.publish(SampleEvents.accountClosing(requestId).build());
        for (String person : toldOfEachStep) {
            ReceivedMail closing = mail.awaitOne(about(requestId, person).and(subjectContains("Closing")));
            assertThat(closing.subject()).isEqualTo("Closing " + account);
            assertThat(closing.text()).contains("was moved to the suspended organisational unit", "ou-abcd-suspended",
                    "AWS accepted its closure on 21 November 2026, 09:05 UTC", "AWS is closing it now");
        }

        events.publish(SampleEvents.accountClosed(requestId).build());
        for (String person : toldOfEachStep) {
            ReceivedMail closed = mail.awaitOne(about(requestId, person).and(subjectContains("Closed")));
            assertThat(closed.subject()).isEqualTo("Closed: " + account);
            for (String part : List.of(closed.text(), closed.html())) {
                assertThat(part).contains("AWS closed account sample-service-staging (123456789012) on 21 November 2026, 09:30 UTC",
                        "Nothing in it can be used any more", "AWS can reinstate it through AWS Support until",
                        "19 February 2027", "counts against the organisation's account quota until AWS removes it");
            }
        }

        events.publish(SampleEvents.rootMfaRemoved(requestId).build());
        for (String person : toldOfEachStep) {
            ReceivedMail complete = mail.awaitOne(about(requestId, person).and(subjectContains("complete")));
            assertThat(complete.subject()).isEqualTo("Closure complete: " + account);
            assertThat(complete.text()).contains("Amazon Web Services:root-mfa@123456789012",
                    "deleted from both YubiKeys (serials 12345678, 87654321)", "The closure is complete");
        }

        events.publish(SampleEvents.accountClosed(requestId).build());
        events.publish(SampleEvents.rootMfaRemoved(requestId).build());
        events.await(uk.gov.gds.awsam.events.RootMfaRemoved.class, requestId, 2);
        mail.assertExactly(about(requestId), 13, SETTLE);
    }

    @Test
    void aRejectedOrFailedClosureTellsTheRequesterAndTheAccountsAdmins() {
        String rejected = SampleEvents.newRequestId();
        events.publish(SampleEvents.closureSubmitted(rejected).build());
        events.publish(SampleEvents.prClosed(rejected).build());
        assertThat(mail.await(about(rejected).and(subjectContains("rejected")), 2)).extracting(ReceivedMail::deliveredTo)
                .containsExactlyInAnyOrder(REQUESTER, ADMIN_ONE)
                .allSatisfy(to -> assertThat(mail.awaitOne(about(rejected, to).and(subjectContains("rejected"))).subject())
                        .isEqualTo("Request rejected: closure of AWS account sample-service-staging (123456789012)"));

        String failed = SampleEvents.newRequestId();
        events.publish(SampleEvents.closureSubmitted(failed).build());
        events.publish(SampleEvents.requestFailed(failed).setStage("CLOSE_ACCOUNT").setWhatNext(null)
                .setReason("ConstraintViolationException: CLOSE_ACCOUNT_QUOTA_EXCEEDED").build());
        assertThat(mail.awaitOne(about(failed, TEAM).and(subjectContains("failed"))).subject())
                .isEqualTo("Request failed at CLOSE_ACCOUNT: closure of AWS account sample-service-staging (123456789012)");
        for (String person : List.of(REQUESTER, ADMIN_ONE)) {
            assertThat(mail.awaitOne(about(failed, person).and(subjectContains("stopped"))).text())
                    .contains("stopped while closing the AWS account", "CLOSE_ACCOUNT_QUOTA_EXCEEDED");
        }
    }

    @Test
    void rootMfaNeededTellsTheEngineersTheAccountAndTheCommandThatRunsTheYubikeyAgent() {
        String requestId = submitted();
        events.publish(SampleEvents.rootMfaRequested(requestId).build());

        ReceivedMail task = mail.awaitOne(about(requestId, ENGINEERS));
        assertThat(task.subject()).isEqualTo("Root MFA needed for AWS account sample-service-staging (123456789012)");
        for (String part : List.of(task.text(), task.html())) {
            assertThat(part).contains("yubikey-agent seed " + requestId, "2 YubiKeys", "123456789012",
                    "Amazon Web Services:root-mfa@123456789012", SampleEvents.ROOT_EMAIL,
                    "https://signin.aws.amazon.com/console", "back in the safe");
        }
    }

    @Test
    void rootSecuredTellsTheRequesterAndEachAdminHowToReachTheAccountAndTheEngineerToReturnTheKeys() {
        String requestId = submitted();
        events.publish(SampleEvents.rootMfaSeeded(requestId).setEngineer(ENGINEER).build());
        events.publish(SampleEvents.rootSecured(requestId).setOccurredAt(Instant.now()).build());

        String subject = "Your AWS account sample-service-staging (123456789012) is ready";
        ReceivedMail trusted = mail.awaitOne(about(requestId, ADMIN_ONE).and(subjectContains("is ready")));
        assertThat(trusted.subject()).isEqualTo(subject);
        String switchRole = "https://signin.aws.amazon.com/switchrole?roleName=bootstrap&account=123456789012&displayName=sample-service-staging";
        assertThat(trusted.text()).contains("You are one of them", "https://gds-users.signin.aws.amazon.com/console", switchRole,
                "[profile sample-service-staging-bootstrap]", "role_arn = arn:aws:iam::123456789012:role/bootstrap",
                "mfa_serial = arn:aws:iam::622626885786:mfa/" + ADMIN_ONE, "aws sts get-caller-identity --profile sample-service-staging-bootstrap",
                "Admin, Trusted", "Read only", ADMIN_TWO);
        assertThat(trusted.html()).contains("<a href=\"" + switchRole.replace("&", "&amp;") + "\">",
                "<a href=\"https://gds-users.signin.aws.amazon.com/console\">", "<strong>Admin</strong>");

        assertThat(mail.awaitOne(about(requestId, ADMIN_TWO).and(subjectContains("is ready"))).text())
                .contains("You are not trusted yet: you have no IAM user in gds-users");
        assertThat(mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("is ready"))).text())
                .contains("You are not one of the account's admins", "An admin of the account must add you")
                .doesNotContain("mfa_serial", switchRole);

        ReceivedMail keys = mail.awaitOne(about(requestId, ENGINEER));
        assertThat(keys.subject()).isEqualTo("Put the YubiKeys for sample-service-staging (123456789012) back in the safe");
        assertThat(keys.text()).contains("serials 12345678, 87654321", "confirm it in the YubiKey agent");
        mail.assertExactly(about(requestId).and(subjectContains("is ready")), 3, SETTLE);

        events.publish(SampleEvents.yubikeysReturned(requestId).build());
    }

    @Test
    void whileTheKeysAreOutTheEngineerAndTheEngineersAreRemindedOnceTheyAreBackNobodyIs() {
        String out = submitted();
        events.publish(SampleEvents.rootMfaSeeded(out).setEngineer(ENGINEER).build());
        events.publish(SampleEvents.rootSecured(out).setOccurredAt(Instant.now()).build());
        String back = submitted();
        events.publish(SampleEvents.rootSecured(back).setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.yubikeysReturned(back).build());

        List<ReceivedMail> reminders = mail.await(about(out).and(subjectContains("Reminder")), 2);
        assertThat(reminders).extracting(ReceivedMail::deliveredTo).containsExactlyInAnyOrder(ENGINEER, ENGINEERS);
        assertThat(reminders.get(0).subject())
                .isEqualTo("Reminder: the YubiKeys for sample-service-staging (123456789012) are not back in the safe");
        assertThat(reminders.get(0).text()).contains("They were seeded by " + ENGINEER, "This is reminder 1");
        mail.assertExactly(about(out).and(subjectContains("Reminder")), 2, SETTLE);

        assertThat(mail.awaitOne(about(back, ENGINEERS)).subject()).startsWith("Put the YubiKeys");
        mail.assertNone(about(back).and(subjectContains("Reminder")), Duration.ofSeconds(1));
        events.publish(SampleEvents.yubikeysReturned(out).build());
    }

    @Test
    void theInitialPasswordReachesTheNewUserAndNoOtherEmailNorAnyLog() {
        String user = "new.starter." + UUID.randomUUID().toString().substring(0, 8) + "@digital.cabinet-office.gov.uk";
        String password = "Pw-" + UUID.randomUUID() + "-<&>";
        try (CapturedLogs logs = CapturedLogs.install()) {
            String requestId = SampleEvents.newRequestId();
            events.publish(SampleEvents.userAccessSubmitted(requestId, user).build());
            events.publish(SampleEvents.userCreated(requestId).setUserName(user)
                    .setArn("arn:aws:iam::622626885786:user/" + user)
                    .setSealedInitialPassword(sealed(password)).build());

            ReceivedMail welcome = mail.awaitOne(about(requestId, user));
            assertThat(welcome.subject()).isEqualTo("Your AWS user in gds-users is ready");
            assertThat(welcome.text()).contains("Initial password: " + password, "User name:        " + user,
                    "Sign in at:       https://gds-users.signin.aws.amazon.com/console", "at least 16 characters",
                    "must start with your user name, " + user, "up to 8 MFA devices", "change the initial password",
                    "MFA is mandatory", "https://github.com/alphagov/gds-cli", "aws configure --profile gds-users",
                    "cross-account-access");
            assertThat(welcome.html()).contains("<code>" + password.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</code>",
                    "<a href=\"https://gds-users.signin.aws.amazon.com/console\">");

            ReceivedMail granted = mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("Access granted")));
            assertThat(granted.text()).contains(user, "arn:aws:iam::622626885786:user/" + user, "only they receive");

            List<ReceivedMail> all = mail.assertExactly(about(requestId), 4, SETTLE);
            assertThat(all).filteredOn(received -> received.everything().contains(password)).containsExactly(welcome);
            assertThat(mail.received()).filteredOn(received -> received.everything().contains(password)).containsExactly(welcome);
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(password))
                    .anyMatch(line -> line.contains("Sent USER_WELCOME") && line.contains("requestId=" + requestId));
            assertThat(NotifierTestSupport.sentLog(events.bootstrapServers()).values()).noneMatch(note -> note.contains(password));
        }
    }

    @Test
    void aUserCreatedWithoutANewPasswordTellsTheUserTheirPasswordIsUnchanged() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(requestId).build());
        events.publish(SampleEvents.userCreated(requestId).setSealedInitialPassword(null).build());

        ReceivedMail welcome = mail.awaitOne(about(requestId, SampleEvents.USER));
        assertThat(welcome.text()).contains("your existing password is unchanged")
                .doesNotContain("Initial password:", "change the initial password");
    }

    @Test
    void aPasswordThatCannotBeOpenedDeadLettersTheEventAndSendsNothing() {
        String requestId = SampleEvents.newRequestId();
        String password = "never-" + UUID.randomUUID();
        try (CapturedLogs logs = CapturedLogs.install()) {
            events.publish(SampleEvents.userAccessSubmitted(requestId).build());
            SealedSecret toSomeoneElse = SealedSecrets.seal(password.getBytes(StandardCharsets.UTF_8),
                    SealedSecrets.generateKeyPair().getPublic());
            events.publish(SampleEvents.userCreated(requestId).setSealedInitialPassword(toSomeoneElse).build());

            ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.USER_CREATED, TestEvents.forRequest(requestId), 1).get(0);
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("sealed to key");
            mail.assertNone(about(requestId, SampleEvents.USER), SETTLE);
            assertThat(logs.lines()).noneMatch(line -> line.contains(password));
        }
    }

    @Test
    void userRemovedTellsTheRequesterWhatWentAndWhichTrustPoliciesStillNameThePerson() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(requestId).setKind(RequestKind.USER_REMOVAL).build());
        events.publish(SampleEvents.userRemoved(requestId).build());

        ReceivedMail removed = mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("User removed")));
        assertThat(removed.subject()).isEqualTo("User removed from gds-users: " + SampleEvents.USER);
        assertThat(removed.text()).contains("- login-profile", "- group:cross-account-access", "- user",
                "Follow up: these roles' trust policies still name", "- arn:aws:iam::123456789012:role/bootstrap",
                "could not be read", "- 210987654321 (no audit role)").doesNotContain("none names");
        assertThat(removed.html()).contains("<li><code>arn:aws:iam::123456789012:role/bootstrap</code></li>");
    }

    @Test
    void aFailedRequestTellsTheTeamAndTheRequesterWhatHappensNextAndOnlyTheTeamWhenTheRequestIsUnknown() {
        String requestId = submitted();
        events.publish(SampleEvents.requestFailed(requestId).build());
        ReceivedMail failed = mail.awaitOne(about(requestId, TEAM).and(subjectContains("failed")));
        assertThat(failed.subject()).isEqualTo("Request failed at CREATE_ACCOUNT: new AWS account sample-service-staging");
        for (String part : List.of(failed.text(), failed.html())) {
            assertThat(part).contains("CREATE_ACCOUNT", "ACCOUNT_LIMIT_EXCEEDED: the organization has reached its account limit",
                    "something must change first", REQUESTER, STATUS_PAGE + requestId,
                    "An engineer asks AWS Support to raise the account limit, then retries the request.");
        }
        ReceivedMail toRequester = mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("stopped")));
        assertThat(toRequester.subject()).isEqualTo("Your request has stopped: new AWS account sample-service-staging");
        assertThat(toRequester.text()).contains("stopped while creating the AWS account",
                "What happened: ACCOUNT_LIMIT_EXCEEDED: the organization has reached its account limit",
                "What happens next: An engineer asks AWS Support to raise the account limit, then retries the request.",
                STATUS_PAGE + requestId);

        String unknown = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestFailed(unknown).setRetryable(true).setAttempt(3).setWhatNext(null).build());
        ReceivedMail orphan = mail.awaitOne(about(unknown, TEAM));
        assertThat(orphan.subject()).isEqualTo("Request failed at CREATE_ACCOUNT: request " + unknown);
        assertThat(orphan.text()).contains("no record of this request's submission", "Attempt:   3", "retrying later may succeed");
        mail.assertExactly(about(unknown), 1, SETTLE);
    }

    @Test
    void aRedeliveredEventSendsNothingNewBecauseEachEmailIsInTheSentLog() {
        String requestId = submitted();
        events.publish(SampleEvents.prOpened(requestId).build());
        ReceivedMail opened = mail.awaitOne(about(requestId, REQUESTER).and(subjectContains("Awaiting review")));

        events.publish(SampleEvents.prOpened(requestId).build());
        events.publish(SampleEvents.requestSubmitted(requestId).build());
        events.await(uk.gov.gds.awsam.events.PrOpened.class, requestId, 2);
        mail.assertExactly(about(requestId), 3, Duration.ofSeconds(3));

        Map<String, String> sentLog = NotifierTestSupport.sentLog(events.bootstrapServers());
        assertThat(sentLog).containsKey(opened.messageId());
        assertThat(sentLog.get(opened.messageId())).contains("\"requestId\":\"" + requestId + "\"", "\"template\":\"PR_OPENED\"",
                "\"causeId\":\"" + SampleEvents.eventId(requestId, EventType.PR_OPENED) + "\"");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("notifier_emails_total{outcome=\"duplicate\",template=\"pr-opened\"}"));
    }

    @Test
    void anEventForARequestNeverSubmittedIsDeadLetteredAndTheNextOneIsHandled() {
        String unknown = SampleEvents.newRequestId();
        events.publish(SampleEvents.prOpened(unknown).build());
        String known = submitted();
        events.publish(SampleEvents.prOpened(known).build());

        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.PR_OPENED, TestEvents.forRequest(unknown), 1).get(0);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("never submitted");
        mail.awaitOne(about(known, REQUESTER).and(subjectContains("Awaiting review")));
        mail.assertNone(about(unknown), SETTLE);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAsItWasAndTheNextOneIsHandled() {
        String requestId = SampleEvents.newRequestId();
        byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);
        events.publishRaw(EventType.REQUEST_FAILED.topic(), requestId, poison);
        events.publish(SampleEvents.requestFailed(requestId).build());

        assertThat(events.awaitDeadLetters(EventType.REQUEST_FAILED, TestEvents.forRequest(requestId), 1).get(0).value())
                .isEqualTo(poison);
        mail.awaitOne(about(requestId, TEAM));
    }

    @Test
    void readinessReportsTheRebuiltStateAndTheSmtpServerAndMetricsCountTheEmails() {
        org.awaitility.Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("state-feed", "smtp"))
                .body("checks.find { it.name == 'state-feed' }.data.caughtUp", is(true)));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'state-feed-reader' }.status", is("UP"));
        submitted();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("notifier_emails_total{outcome=\"sent\",template=\"request-received-team\"}"))
                .body(containsString("notifier_yubikeys_outstanding"));
    }

    @Test
    void aRoleStillThereRemindsTheRequesterAndEachAdminOnceWithTheDatesAndWhatToDoEvenWhenTheRecordIsRedelivered() {
        String requestId = submitted();
        BootstrapRoleChecked present = SampleEvents.bootstrapRoleChecked(requestId).build();
        events.publish(present);

        List<ReceivedMail> reminders = mail.await(about(requestId).and(subjectContains("Reminder")), 3);
        assertThat(reminders).extracting(ReceivedMail::deliveredTo).containsExactlyInAnyOrderElementsOf(REQUESTER_AND_ADMINS);
        for (ReceivedMail reminder : reminders) {
            assertThat(reminder.subject()).isEqualTo("Reminder: replace the bootstrap role in " + ACCOUNT);
            for (String part : List.of(reminder.text(), reminder.html())) {
                assertThat(part).contains("was handed over to you on 21 November 2026 (14 days ago)", "5 December 2026, 09:08 UTC",
                        "bootstrap", "made only for the hand-over", "Make a properly named admin role",
                        "arn:aws:iam::622626885786:user/", "aws:MultiFactorAuthPresent", "12 December 2026, 09:08 UTC",
                        STATUS_PAGE + requestId);
            }
            assertThat(reminder.text()).contains("3. Delete the bootstrap role.");
            assertThat(reminder.html()).contains("<a href=\"" + STATUS_PAGE + requestId + "\">");
        }

        events.publish(present);
        events.await(BootstrapRoleChecked.class, requestId, 2);
        mail.assertExactly(about(requestId).and(subjectContains("Reminder")), 3, SETTLE);
        assertThat(NotifierTestSupport.sentLog(events.bootstrapServers()))
                .containsKeys(reminders.stream().map(ReceivedMail::messageId).toArray(String[]::new));
    }

    @Test
    void theRoleGoneAfterAReminderEndsTheRemindersAndGoneAtTheFirstLookSendsNothing() {
        String reminded = submitted();
        BootstrapRoleChecked present = SampleEvents.bootstrapRoleChecked(reminded).build();
        events.publish(present);
        mail.await(about(reminded).and(subjectContains("Reminder")), 3);
        events.publish(gone(reminded, present.getNextCheckAt()));

        List<ReceivedMail> closing = mail.await(about(reminded).and(subjectContains("is gone")), 3);
        assertThat(closing).extracting(ReceivedMail::deliveredTo).containsExactlyInAnyOrderElementsOf(REQUESTER_AND_ADMINS);
        for (ReceivedMail email : closing) {
            assertThat(email.subject()).isEqualTo("The bootstrap role is gone from " + ACCOUNT + ": no more reminders");
            for (String part : List.of(email.text(), email.html())) {
                assertThat(part).contains("12 December 2026, 09:08 UTC", "no longer there", "5 December 2026, 09:08 UTC",
                        "you will get no more reminders", STATUS_PAGE + reminded);
            }
        }

        String neverReminded = submitted();
        handled(events.publish(gone(neverReminded, SampleEvents.bootstrapRoleChecked(neverReminded).build().getCheckedAt())));
        mail.assertExactly(about(neverReminded), 2, SETTLE);
    }

    @Test
    void aRoleThatCouldNotBeCheckedTellsTheEngineersWhyAndNotTheRequesters() {
        String requestId = submitted();
        handled(events.publish(SampleEvents.bootstrapRoleChecked(requestId).setEventId(UUID.randomUUID().toString())
                .setState(BootstrapRoleState.NOT_VISIBLE).setDetail("AssumeRole of aws-accounts-audit in 123456789012: AccessDenied")
                .build()));

        ReceivedMail engineers = mail.awaitOne(about(requestId, ENGINEERS));
        assertThat(engineers.subject()).isEqualTo("Cannot check the bootstrap role in " + ACCOUNT);
        assertThat(engineers.text()).contains("Why: AssumeRole of aws-accounts-audit in 123456789012: AccessDenied",
                "nobody is reminded to replace bootstrap", "they cannot mend the audit role", "looks again on 12 December 2026, 09:08 UTC");
        mail.assertExactly(about(requestId), 3, SETTLE);
        for (String person : REQUESTER_AND_ADMINS) {
            assertThat(mail.received(about(requestId, person))).extracting(ReceivedMail::subject).noneMatch(s -> s.contains("bootstrap"));
        }
    }

    @Test
    void anUndecodableCheckIsDeadLetteredAsItWasAndTheNextOneIsHandled() {
        String requestId = submitted();
        byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);
        events.publishRaw(EventType.BOOTSTRAP_ROLE_CHECKED.topic(), requestId, poison);
        events.publish(SampleEvents.bootstrapRoleChecked(requestId).build());

        assertThat(events.awaitDeadLetters(EventType.BOOTSTRAP_ROLE_CHECKED, TestEvents.forRequest(requestId), 1).get(0).value())
                .isEqualTo(poison);
        mail.await(about(requestId).and(subjectContains("Reminder")), 3);
    }

    /** The provisioner's later check that found the role gone: no next check. */
    private static BootstrapRoleChecked gone(String requestId, Instant checkedAt) {
        return SampleEvents.bootstrapRoleChecked(requestId).setEventId(UUID.randomUUID().toString())
                .setState(BootstrapRoleState.REMOVED).setCheckedAt(checkedAt).setOccurredAt(checkedAt).setNextCheckAt(null).build();
    }

    /** Waits until the notifier's consumer has committed past the record: its emails, if any, were sent before. */
    private void handled(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Awaitility.await().atMost(TestEvents.TIMEOUT)
                .until(() -> NotifierTestSupport.committed(events.bootstrapServers(), BOOTSTRAP_GROUP, partition) > record.offset());
    }

    /** A new-account request, submitted, whose two emails have arrived. */
    private String submitted() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(requestId).build());
        mail.await(about(requestId), 2);
        return requestId;
    }

    private static SealedSecret sealed(String password) {
        return SealedSecrets.seal(password.getBytes(StandardCharsets.UTF_8), NotifierKeysTestResource.publicKey());
    }
}
