package uk.gov.gds.awsam.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.mailer.Mail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.notifier.domain.BootstrapRoleChecks;
import uk.gov.gds.awsam.notifier.domain.Email;
import uk.gov.gds.awsam.notifier.domain.Facts;
import uk.gov.gds.awsam.notifier.domain.InitialPassword;
import uk.gov.gds.awsam.notifier.domain.Journey;
import uk.gov.gds.awsam.notifier.domain.Notifications;
import uk.gov.gds.awsam.notifier.domain.Request;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.Template;
import uk.gov.gds.awsam.notifier.support.NotifierKeysTestResource;
import uk.gov.gds.awsam.notifier.support.SentJournalTestResource;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.mail.GreenMailTestResource;

/**
 * Every variant of the emails whose words depend on what happened, rendered as the notifier sends them (both
 * parts): created or adopted, a password sent or the existing one kept, removed or nothing to remove, every
 * account read or some not, an admin or not, a failure with or without the failing service's own words. The
 * same test resources as NotifierTest, so the application started for it is reused.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GreenMailTestResource.class)
@WithTestResource(NotifierKeysTestResource.class)
@WithTestResource(SentJournalTestResource.class)
class EmailTextTest {

    private static final String REQUESTER = "requester@digital.cabinet-office.gov.uk";
    private static final String PERSON = "a.person@digital.cabinet-office.gov.uk";
    private static final String ADMIN = "admin.one@digital.cabinet-office.gov.uk";
    private static final String MISSING_ADMIN = "admin.two@digital.cabinet-office.gov.uk";
    private static final String ACCOUNT_ID = "123456789012";

    @Inject
    Notifications notifications;

    @Inject
    RequestDirectory directory;

    @Inject
    SmtpTransport transport;

    @Inject
    BootstrapRoleChecks checks;

    @Test
    void aNewUserWithAPasswordIsToldToChangeItAndTheRequesterThatOnlyTheyGotIt() {
        List<Mail> mails = userCreated(false, "Initial-Pa55word-xyz");

        assertThat(mails.get(0).getSubject()).isEqualTo("Your AWS user in gds-users is ready");
        assertBoth(mails.get(0), "You have a new IAM user in gds-users", "Initial-Pa55word-xyz",
                "You must change the initial password when you first sign in");
        assertNeither(mails.get(0), "already had", "unchanged");
        assertBoth(mails.get(1), "now has a new IAM user in gds-users", "with an initial password only they receive");
        assertNeither(mails.get(1), "Initial-Pa55word-xyz", "already had");
    }

    @Test
    void anAdoptedUserWithoutAPasswordGetsOneAndIsToldTheirUserWasKept() {
        List<Mail> mails = userCreated(true, "Initial-Pa55word-abc");

        assertThat(mails.get(0).getSubject()).isEqualTo("Your AWS user in gds-users has the access asked for");
        assertBoth(mails.get(0), "You already had an IAM user in gds-users", "It was kept as it was",
                "Your user had no password, so it has been given the initial password above", "Initial-Pa55word-abc",
                "You must change the initial password when you first sign in");
        assertNeither(mails.get(0), "new IAM user", "unchanged");
        assertBoth(mails.get(1), "they already had an IAM user there", "which was kept", "initial password only they receive");
        assertNeither(mails.get(1), "new IAM user");
    }

    @Test
    void anAdoptedUserWhosePasswordWasKeptIsNeverToldToChangeAnInitialPasswordNorIsTheRequesterToldOneWasSent() {
        List<Mail> mails = userCreated(true, null);

        assertBoth(mails.get(0), "You already had an IAM user in gds-users",
                "No password was set for you: your existing password is unchanged");
        assertNeither(mails.get(0), "initial password", "Initial password", "new IAM user");
        assertBoth(mails.get(1), "they already had an IAM user there",
                "No password was sent: they already had one, which is unchanged");
        assertNeither(mails.get(1), "initial password");
    }

    @Test
    void aNewUserWithoutAPasswordIsNotToldOfAnInitialOne() {
        List<Mail> mails = userCreated(false, null);

        assertBoth(mails.get(0), "You have a new IAM user in gds-users", "No password was set for you");
        assertNeither(mails.get(0), "initial password", "Initial password", "already had");
        assertBoth(mails.get(1), "now has a new IAM user", "No password was sent");
        assertNeither(mails.get(1), "initial password only they receive");
    }

    @Test
    void aRemovalSaysNoAccountNamesThePersonOnlyWhenEveryAccountWasRead() {
        Mail allRead = userRemoved(true, List.of(), List.of());
        assertThat(allRead.getSubject()).isEqualTo("User removed from gds-users: " + PERSON);
        assertBoth(allRead, "the IAM user " + PERSON, "was removed from gds-users", "login-profile",
                "Every account's trust policies were read: none names " + PERSON + " any more");

        Mail someUnread = userRemoved(true, List.of("arn:aws:iam::111122223333:role/bootstrap"),
                List.of("210987654321 (no audit role)", "310987654321 (AccessDenied)"));
        assertBoth(someUnread, "these roles' trust policies still name " + PERSON, "arn:aws:iam::111122223333:role/bootstrap",
                "could not be read, so whether they still name " + PERSON + " is not known", "210987654321 (no audit role)",
                "310987654321 (AccessDenied)");
        assertNeither(someUnread, "none names", "No account");

        Mail onlyUnread = userRemoved(true, List.of(), List.of("210987654321 (no audit role)"));
        assertBoth(onlyUnread, "could not be read", "210987654321 (no audit role)");
        assertNeither(onlyUnread, "none names", "still name " + PERSON + ". Remove");
    }

    @Test
    void removingSomeoneWhoHadNoIamUserSaysThereWasNothingToRemove() {
        Mail nothing = userRemoved(false, List.of(), List.of());
        assertThat(nothing.getSubject()).isEqualTo("Nothing to remove: " + PERSON + " had no IAM user in gds-users");
        assertBoth(nothing, "gds-users had no IAM user of that name, so", "nothing was removed",
                "Every account's trust policies were read: none names");
        assertNeither(nothing, "was removed from gds-users", "What was removed");

        Mail nothingButUnread = userRemoved(false, List.of(), List.of("210987654321 (no audit role)"));
        assertBoth(nothingButUnread, "nothing was removed", "210987654321 (no audit role)");
        assertNeither(nothingButUnread, "none names");
    }

    @Test
    void theAccountIsReadyEmailGivesSwitchRoleStepsOnlyToTrustedAdminsAndTellsTheOthersWhatToDo() {
        String requestId = UUID.randomUUID().toString();
        directory.put(new Request(requestId, Journey.NEW_ACCOUNT, REQUESTER, account(ADMIN, MISSING_ADMIN), List.of(), null));
        List<Email> emails = notifications.accountSecured(new Facts.AccountSecured(UUID.randomUUID().toString(), requestId,
                Instant.now(), ACCOUNT_ID, "arn:aws:iam::" + ACCOUNT_ID + ":role/bootstrap",
                List.of("arn:aws:iam::622626885786:user/" + ADMIN), List.of(MISSING_ADMIN)));

        Mail trusted = render(to(emails, ADMIN, Template.ACCOUNT_READY));
        assertThat(trusted.getText()).contains("https://signin.aws.amazon.com/switchrole?roleName=bootstrap&account=" + ACCOUNT_ID);
        assertThat(trusted.getHtml()).contains("href=\"https://signin.aws.amazon.com/switchrole?roleName=bootstrap&amp;account=" + ACCOUNT_ID);
        assertBoth(trusted, "You are one of them", "Switch role to bootstrap in my-account", "mfa_serial = arn:aws:iam::622626885786:mfa/" + ADMIN,
                "Replace it with properly named roles");

        Mail missing = render(to(emails, MISSING_ADMIN, Template.ACCOUNT_READY));
        assertBoth(missing, "You are not trusted yet: you have no IAM user in gds-users", "Ask for user access first");
        assertNeither(missing, "mfa_serial", "switchrole", "You are one of them");

        Mail requester = render(to(emails, REQUESTER, Template.ACCOUNT_READY));
        assertBoth(requester, "You are not one of the account's admins", "An admin of the account must add you", ADMIN);
        assertNeither(requester, "mfa_serial", "switchrole", "You are one of them", "Switch role");
    }

    @Test
    void aFailureTellsTheRequesterWhatHappenedAndWhatHappensNextInTheFailingServicesWordsOrFromTheStage() {
        String requestId = UUID.randomUUID().toString();
        directory.put(new Request(requestId, Journey.NEW_ACCOUNT, REQUESTER, account(ADMIN), List.of(), null));

        List<Email> own = notifications.requestFailed(new Facts.Failure(UUID.randomUUID().toString(), requestId, "CREATE_ACCOUNT",
                "ACCOUNT_LIMIT_EXCEEDED", false, 1, "An engineer asks AWS Support to raise the account limit, then retries."));
        Mail toRequester = render(to(own, REQUESTER, Template.REQUEST_FAILED_REQUESTER));
        assertThat(toRequester.getSubject()).isEqualTo("Your request has stopped: new AWS account my-account");
        assertBoth(toRequester, "stopped while creating the AWS account", "What happened: ACCOUNT_LIMIT_EXCEEDED",
                "An engineer asks AWS Support to raise the account limit, then retries.", "/requests/" + requestId);
        assertBoth(render(to(own, "team@notifier.test", Template.REQUEST_FAILED)),
                "An engineer asks AWS Support to raise the account limit, then retries.", "CREATE_ACCOUNT (creating the AWS account)",
                "retry it from the request's page (engineers only): provisioner resumes it at CREATE_ACCOUNT");

        Mail passing = render(to(notifications.requestFailed(new Facts.Failure(UUID.randomUUID().toString(), requestId, "OPEN_PR",
                "GitHub answered 502 five times", true, 5, null)), REQUESTER, Template.REQUEST_FAILED_REQUESTER));
        assertBoth(passing, "stopped while opening the pull request", "This may pass by itself", "You do not need to do anything");

        Mail lasting = render(to(notifications.requestFailed(new Facts.Failure(UUID.randomUUID().toString(), requestId, "SECURE_ROOT",
                "none of the admins has an IAM user in gds-users", false, 1, null)), REQUESTER, Template.REQUEST_FAILED_REQUESTER));
        assertBoth(lasting, "stopped while securing the account's root user", "Something must be changed before your request can go on",
                "an engineer resumes your request from this step");
        assertNeither(lasting, "may pass");
    }

    @Test
    void aFailureOfARequestNeverSubmittedReachesOnlyTheTeam() {
        List<Email> emails = notifications.requestFailed(new Facts.Failure(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "NO_SUCH_STAGE", "odd", false, 1, null));
        assertThat(emails).extracting(Email::template).containsExactly(Template.REQUEST_FAILED);
        assertBoth(render(emails.get(0)), "no service resumes NO_SUCH_STAGE by itself", "NO_SUCH_STAGE (NO_SUCH_STAGE)");
    }

    @Test
    void theBootstrapRoleEmailsSayWhatTheCheckFoundAndWhatToDo() {
        String requestId = UUID.randomUUID().toString();
        directory.put(new Request(requestId, Journey.NEW_ACCOUNT, REQUESTER, account(ADMIN), List.of(), null));
        Instant handedOver = Instant.parse("2026-12-07T09:00:00Z");
        Instant checked = Instant.parse("2026-12-21T10:00:00Z");

        Mail reminder = render(to(notifications.bootstrapRoleChecked(new Facts.BootstrapRoleChecked(UUID.randomUUID().toString(),
                requestId, ACCOUNT_ID, "my-account", "bootstrap", Facts.BootstrapRoleChecked.RoleState.PRESENT, null, handedOver,
                checked, Instant.parse("2026-12-28T10:00:00Z"))), ADMIN, Template.BOOTSTRAP_ROLE_REMINDER));
        assertThat(reminder.getSubject()).isEqualTo("Reminder: replace the bootstrap role in AWS account my-account (" + ACCOUNT_ID + ")");
        assertBoth(reminder, "AWS account my-account (" + ACCOUNT_ID + ") was handed over to you on 7 December 2026 (14 days ago)",
                "Its bootstrap role is still there: we looked for it through the account's audit role on 21 December 2026, 10:00 UTC",
                "bootstrap is a broad role, made only for the hand-over", "full administrator access",
                "Make a properly named admin role", "names individual gds-users IAM users",
                "arn:aws:iam::622626885786:user/<their email address>", "requires MFA", "aws:MultiFactorAuthPresent",
                "Switch to the new role", "Delete the bootstrap role",
                "While bootstrap is there, you will be reminded again on 28 December 2026, 10:00 UTC", "Once it is gone, the reminders stop",
                "/requests/" + requestId);
        assertThat(reminder.getHtml()).contains("<a href=\"http://request-service.test:8080/requests/" + requestId + "\">");

        Facts.BootstrapRoleChecked present = new Facts.BootstrapRoleChecked(UUID.randomUUID().toString(), requestId, ACCOUNT_ID,
                "my-account", "bootstrap", Facts.BootstrapRoleChecked.RoleState.PRESENT, null, handedOver, checked, null);
        checks.checked(present);
        Mail gone = render(to(notifications.bootstrapRoleChecked(new Facts.BootstrapRoleChecked(UUID.randomUUID().toString(),
                requestId, ACCOUNT_ID, "my-account", "bootstrap", Facts.BootstrapRoleChecked.RoleState.REMOVED, null, handedOver,
                Instant.parse("2026-12-28T10:00:00Z"), null)), REQUESTER, Template.BOOTSTRAP_ROLE_REMOVED));
        assertThat(gone.getSubject()).isEqualTo("The bootstrap role is gone from AWS account my-account (" + ACCOUNT_ID
                + "): no more reminders");
        assertBoth(gone, "on 28 December 2026, 10:00 UTC, and it is no longer there",
                "It was still there on 21 December 2026, 10:00 UTC, when you were last reminded to replace it",
                "you will get no more reminders");
        assertNeither(gone, "Delete the", "reminded again");

        Mail notVisible = render(notifications.bootstrapRoleChecked(new Facts.BootstrapRoleChecked(UUID.randomUUID().toString(),
                requestId, ACCOUNT_ID, "my-account", "bootstrap", Facts.BootstrapRoleChecked.RoleState.NOT_VISIBLE,
                "AssumeRole of the audit role was refused: AccessDenied", handedOver, checked,
                Instant.parse("2026-12-28T10:00:00Z"))).get(0));
        assertThat(notVisible.getTo()).containsExactly("engineers@notifier.test");
        assertBoth(notVisible, "could not look for the bootstrap role in AWS account my-account (" + ACCOUNT_ID + ") on 21 December 2026, 10:00 UTC",
                "Why: AssumeRole of the audit role was refused: AccessDenied", "nobody is reminded to replace bootstrap",
                "The requester and the account's admins were not told of this", "The provisioner looks again on 28 December 2026, 10:00 UTC");
        assertNeither(notVisible, "Make a properly named");
    }

    /** A UserCreated with {@code password} sealed to the notifier's key (none when null), opened by the real opener. */
    private List<Mail> userCreated(boolean adopted, String password) {
        SealedSecret sealed = password == null ? null
                : SealedSecrets.seal(password.getBytes(StandardCharsets.UTF_8), NotifierKeysTestResource.publicKey());
        String requestId = UUID.randomUUID().toString();
        directory.put(new Request(requestId, Journey.USER_ACCESS, REQUESTER, null, List.of(PERSON), null));
        List<Email> emails = notifications.userCreated(new Facts.UserCreated(UUID.randomUUID().toString(), requestId, PERSON,
                "arn:aws:iam::622626885786:user/" + PERSON, List.of("cross-account-access"), adopted, sealed == null ? null
                : new InitialPassword.Sealed(sealed.getAlgorithm(), sealed.getKeyId(), sealed.getEncryptedKey(), sealed.getIv(),
                        sealed.getCiphertext())));
        assertThat(emails).extracting(Email::to).containsExactly(PERSON, REQUESTER);
        return emails.stream().map(this::render).toList();
    }

    private Mail userRemoved(boolean existed, List<String> trustPolicies, List<String> unreadable) {
        String requestId = UUID.randomUUID().toString();
        directory.put(new Request(requestId, Journey.USER_REMOVAL, REQUESTER, null, List.of(PERSON), null));
        List<Email> emails = notifications.userRemoved(new Facts.UserRemoved(UUID.randomUUID().toString(), requestId, PERSON,
                existed ? List.of("login-profile", "group:cross-account-access", "user") : List.of(), trustPolicies, unreadable,
                existed));
        return render(emails.get(0));
    }

    private static Request.Account account(String... admins) {
        return new Request.Account("my-account", "What for", "GDS", "CC-1", new Request.Team("Team", "team@x", "Lead", null, "0123", "Role"),
                new Request.SupportedService("Svc", false, null, null), new Request.Security("P3", null, false, false), List.of(admins));
    }

    private static Email to(List<Email> emails, String recipient, Template template) {
        return emails.stream().filter(e -> e.to().equals(recipient) && e.template() == template).findFirst().orElseThrow();
    }

    private Mail render(Email email) {
        return transport.render(email);
    }

    /** Each text in both parts, whatever the line breaks and markup around it. */
    private static void assertBoth(Mail mail, String... texts) {
        String[] wanted = java.util.Arrays.stream(texts).map(EmailTextTest::words).toArray(String[]::new);
        assertThat(words(mail.getText())).contains(wanted);
        assertThat(words(mail.getHtml().replaceAll("<[^>]+>", "").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&"))).contains(wanted);
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static void assertNeither(Mail mail, String... texts) {
        assertThat(mail.getText()).doesNotContain(texts);
        assertThat(mail.getHtml()).doesNotContain(texts);
    }
}
