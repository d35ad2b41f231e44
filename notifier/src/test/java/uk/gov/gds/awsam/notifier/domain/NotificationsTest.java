package uk.gov.gds.awsam.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.notifier.domain.mail.AccountReadyMail;
import uk.gov.gds.awsam.notifier.domain.mail.BootstrapRoleMail;
import uk.gov.gds.awsam.notifier.domain.mail.ClosureMail;
import uk.gov.gds.awsam.notifier.domain.mail.UserWelcomeMail;
import uk.gov.gds.awsam.notifier.domain.mail.YubikeysMail;

class NotificationsTest {

    static final String TEAM = "team@example.gov.uk";
    static final String ENGINEERS = "engineers@example.gov.uk";
    static final String REQUESTER = "req@example.gov.uk";
    static final String ADMIN = "admin@example.gov.uk";
    static final Settings SETTINGS = new Settings(TEAM, ENGINEERS, "https://requests.example/", "https://gds-users.signin",
            "https://signin.aws.amazon.com/switchrole", "https://guide", "https://cli", "111122223333",
            "yubikey-agent seed {requestId} # account {accountId}");

    private final RequestDirectory directory = new RequestDirectory();
    private final KeyCustody custody = new KeyCustody();
    private final MessageIds ids = new MessageIds("notifier.test");
    private final SentLog sentLog = new SentLog();
    private final List<InitialPassword.Sealed> opened = new ArrayList<>();
    private final BootstrapRoleChecks bootstrapChecks = new BootstrapRoleChecks();
    private final Notifications notifications = new Notifications(SETTINGS, ids, directory, custody,
            new ReminderSchedule(Duration.ofHours(4), Duration.ofHours(24)), sentLog, sealed -> {
                opened.add(sealed);
                return new InitialPassword(new String(sealed.ciphertext().array(), StandardCharsets.UTF_8).toCharArray());
            }, bootstrapChecks);

    static Request account(String requestId, String... admins) {
        return new Request(requestId, Journey.NEW_ACCOUNT, REQUESTER, new Request.Account("my-account", "What for", "GDS", null,
                new Request.Team("Team", "team@x", "Lead", null, "0123", "Role"),
                new Request.SupportedService("Svc", false, null, null),
                new Request.Security("P1", null, false, true), List.of(admins)), List.of(), null);
    }

    @Test
    void aSubmittedRequestGoesToTheTeamAndTheRequesterWithDistinctDeterministicMessageIds() {
        List<Email> emails = notifications.requestSubmitted("event-1", account("r1", ADMIN));

        assertThat(emails).extracting(Email::to).containsExactly(TEAM, REQUESTER);
        assertThat(emails).extracting(Email::subject).containsExactly(
                "New AWS account request: my-account (P1, PCI)", "We have your request: new AWS account my-account");
        assertThat(emails).extracting(Email::messageId).doesNotHaveDuplicates()
                .containsExactlyElementsOf(notifications.requestSubmitted("event-1", account("r1", ADMIN)).stream()
                        .map(Email::messageId).toList());
        assertThat(emails).extracting(Email::threadId).containsOnly("<request-r1@notifier.test>");
        assertThat(emails.get(0).messageId()).isEqualTo(ids.of("event-1", Template.REQUEST_RECEIVED_TEAM, TEAM));
        assertThat(notifications.requestSubmitted("event-2", account("r1", ADMIN)).get(0).messageId())
                .isNotEqualTo(emails.get(0).messageId());
    }

    @Test
    void eachStepOfAClosureGoesToTheRequesterAndTheAccountsAdminsOnceEachAndOnlyTheQuotaWaitGivesAnEmail() {
        directory.put(new Request("c1", Journey.ACCOUNT_CLOSURE, REQUESTER, null, List.of(),
                new Request.Closure("123456789012", "old-account", "retired", List.of(ADMIN, "REQ@example.gov.uk"))));

        List<Email> received = notifications.requestSubmitted("s1", directory.require("c1", "test"));
        assertThat(received).extracting(Email::to).containsExactly(TEAM, REQUESTER, ADMIN);
        assertThat(received).extracting(Email::subject).containsExactly("Account closure request: old-account (123456789012)",
                "We have your request: closure of AWS account old-account (123456789012)",
                "We have your request: closure of AWS account old-account (123456789012)");
        assertThat(notifications.emailsFor(new Facts.PullRequestClosed("p", "c1", "repo", 1, "reviewer")))
                .extracting(Email::to).containsExactly(REQUESTER, ADMIN);

        List<Email> queued = notifications.emailsFor(new Facts.Waiting("w", "c1", ResumableStage.CLOSE_ACCOUNT.name(), "the closure quota",
                "3 of 10 closures", Instant.parse("2026-12-24T09:30:00Z")));
        assertThat(queued).extracting(Email::to, Email::subject).containsExactly(
                tuple(REQUESTER, "Closure queued: AWS account old-account (123456789012)"),
                tuple(ADMIN, "Closure queued: AWS account old-account (123456789012)"));
        assertThat(((ClosureMail) queued.get(0).model()).date()).isEqualTo("24 December 2026, 09:30 UTC");
        assertThat(((ClosureMail) notifications.requestWaiting(new Facts.Waiting("w2", "c1", ResumableStage.CLOSE_ACCOUNT.name(),
                "closures in flight", "3 pending", null)).get(0).model()).date()).isNull();
        assertThat(notifications.emailsFor(new Facts.Waiting("w3", "never-submitted", "OPEN_PR", "GitHub", "rate limit", null)))
                .isEmpty();

        List<Email> closed = notifications.emailsFor(new Facts.Closed("x", "c1", "123456789012", "old-account",
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2027-03-06T10:00:00Z")));
        assertThat(closed).extracting(Email::to).containsExactly(REQUESTER, ADMIN);
        assertThat(((ClosureMail) closed.get(1).model()).reinstatableUntil()).isEqualTo("6 March 2027");
        assertThat(closed).extracting(Email::messageId).containsExactly(ids.of("x", Template.ACCOUNT_CLOSED, REQUESTER),
                ids.of("x", Template.ACCOUNT_CLOSED, ADMIN));
        assertThatThrownBy(() -> notifications.emailsFor(new Facts.MfaRemoved("m", "unknown", "1", "cred", List.of())))
                .isInstanceOf(UnknownRequestException.class);
    }

    @Test
    void theAccountIsAnnouncedOnceToEachPersonTheRoleWasSetUpForEvenWhenTheRequesterIsAlsoAnAdmin() {
        directory.put(account("r2", ADMIN, "removed.in.review@example.gov.uk"));
        custody.seeded(new Facts.RootMfaSeeded("s", "r2", "123", "not an email", List.of("1", "2")));
        List<Email> emails = notifications.accountSecured(new Facts.AccountSecured("e", "r2", Instant.EPOCH, "123",
                "arn:aws:iam::123:role/bootstrap", List.of("arn:aws:iam::111122223333:user/" + ADMIN,
                        "arn:aws:iam::111122223333:user/REQ@example.gov.uk"), List.of()));

        assertThat(emails).extracting(Email::to).containsExactly(REQUESTER, ADMIN, ENGINEERS);
        AccountReadyMail toAdmin = (AccountReadyMail) emails.get(1).model();
        assertThat(toAdmin.trusted()).isTrue();
        assertThat(toAdmin.switchRoleUrl())
                .isEqualTo("https://signin.aws.amazon.com/switchrole?roleName=bootstrap&account=123&displayName=my-account");
        assertThat(toAdmin.mfaSerialPrefix()).isEqualTo("arn:aws:iam::111122223333:mfa/" + ADMIN);
        assertThat(((AccountReadyMail) emails.get(0).model()).trusted()).isTrue();
        assertThat(((YubikeysMail) emails.get(2).model()).serials()).containsExactly("1", "2");
    }

    @Test
    void aBootstrapRoleStillThereRemindsTheRequesterAndTheAdminsOnceEachWithTheDatesAndAMessageIdPerCheck() {
        directory.put(account("b1", ADMIN, "REQ@example.gov.uk"));
        Facts.BootstrapRoleChecked present = check("c1", "b1", Facts.BootstrapRoleChecked.RoleState.PRESENT, null,
                Instant.parse("2026-12-21T10:00:00Z"));
        List<Email> emails = notifications.emailsFor(present);

        assertThat(emails).extracting(Email::to, Email::subject).containsExactly(
                tuple(REQUESTER, "Reminder: replace the bootstrap role in AWS account my-account (123456789012)"),
                tuple(ADMIN, "Reminder: replace the bootstrap role in AWS account my-account (123456789012)"));
        assertThat(emails).extracting(Email::messageId).containsExactly(ids.of("c1", Template.BOOTSTRAP_ROLE_REMINDER, REQUESTER),
                ids.of("c1", Template.BOOTSTRAP_ROLE_REMINDER, ADMIN));
        BootstrapRoleMail model = (BootstrapRoleMail) emails.get(0).model();
        assertThat(model.handedOverOn()).isEqualTo("7 December 2026");
        assertThat(model.handedOverAgo()).isEqualTo("14 days ago");
        assertThat(model.checkedAt()).isEqualTo("21 December 2026, 10:00 UTC");
        assertThat(model.nextCheckAt()).isEqualTo("28 December 2026, 10:00 UTC");
        assertThat(model.statusUrl()).isEqualTo("https://requests.example/requests/b1");
        assertThat(notifications.emailsFor(check("c2", "b1", Facts.BootstrapRoleChecked.RoleState.PRESENT, null,
                Instant.parse("2026-12-28T10:00:00Z")))).extracting(Email::messageId).doesNotContainAnyElementsOf(
                        emails.stream().map(Email::messageId).toList());
        assertThatThrownBy(() -> notifications.emailsFor(check("c3", "never-submitted", Facts.BootstrapRoleChecked.RoleState.PRESENT,
                null, Instant.parse("2026-12-21T10:00:00Z")))).isInstanceOf(UnknownRequestException.class);
    }

    @Test
    void theBootstrapReminderGoesToTheAdminsAsAppliedWhenRootWasSecuredNotAsRequested() {
        directory.put(account("b2", ADMIN, "removed.in.review@example.gov.uk"));
        custody.secured(new Facts.AccountSecured("e", "b2", Instant.EPOCH, "123456789012", "arn:aws:iam::123456789012:role/bootstrap",
                List.of("arn:aws:iam::111122223333:user/" + ADMIN), List.of("added.in.review@example.gov.uk")));

        assertThat(notifications.emailsFor(check("c1", "b2", Facts.BootstrapRoleChecked.RoleState.PRESENT, null,
                Instant.parse("2026-12-21T10:00:00Z")))).extracting(Email::to)
                .containsExactly(REQUESTER, ADMIN, "added.in.review@example.gov.uk");
    }

    @Test
    void aBootstrapRoleGoneClosesTheRemindersOnlyWhenThereWereAnyAndOneNotVisibleGoesToTheEngineersAlone() {
        directory.put(account("b3", ADMIN));
        Facts.BootstrapRoleChecked goneAtFirstLook = check("c0", "b3", Facts.BootstrapRoleChecked.RoleState.REMOVED, null,
                Instant.parse("2026-12-21T10:00:00Z"));
        assertThat(notifications.emailsFor(goneAtFirstLook)).isEmpty();

        Facts.BootstrapRoleChecked present = check("c1", "b3", Facts.BootstrapRoleChecked.RoleState.PRESENT, null,
                Instant.parse("2026-12-21T10:00:00Z"));
        bootstrapChecks.checked(present);
        Facts.BootstrapRoleChecked gone = check("c2", "b3", Facts.BootstrapRoleChecked.RoleState.REMOVED, null,
                Instant.parse("2026-12-28T10:00:00Z"));
        bootstrapChecks.checked(gone);
        List<Email> closing = notifications.emailsFor(gone);
        assertThat(closing).extracting(Email::to, Email::subject).containsExactly(
                tuple(REQUESTER, "The bootstrap role is gone from AWS account my-account (123456789012): no more reminders"),
                tuple(ADMIN, "The bootstrap role is gone from AWS account my-account (123456789012): no more reminders"));
        assertThat(((BootstrapRoleMail) closing.get(0).model()).lastRemindedAt()).isEqualTo("21 December 2026, 10:00 UTC");
        assertThat(notifications.emailsFor(goneAtFirstLook)).as("a check before the reminder still found nothing to close").isEmpty();

        List<Email> notVisible = notifications.emailsFor(check("c3", "never-submitted", Facts.BootstrapRoleChecked.RoleState.NOT_VISIBLE,
                "AssumeRole aws-accounts-audit: AccessDenied", Instant.parse("2026-12-21T10:00:00Z")));
        assertThat(notVisible).extracting(Email::to, Email::subject).containsExactly(
                tuple(ENGINEERS, "Cannot check the bootstrap role in AWS account my-account (123456789012)"));
        assertThat(((BootstrapRoleMail) notVisible.get(0).model()).detail()).isEqualTo("AssumeRole aws-accounts-audit: AccessDenied");
    }

    /** A check of account 123456789012, handed over on 7 December 2026, looked at again 7 days after {@code checkedAt}. */
    private static Facts.BootstrapRoleChecked check(String eventId, String requestId, Facts.BootstrapRoleChecked.RoleState state,
            String detail, Instant checkedAt) {
        return new Facts.BootstrapRoleChecked(eventId, requestId, "123456789012", "my-account", "bootstrap", state, detail,
                Instant.parse("2026-12-07T09:00:00Z"), checkedAt,
                state == Facts.BootstrapRoleChecked.RoleState.REMOVED ? null : checkedAt.plus(Duration.ofDays(7)));
    }

    @Test
    void theKeysGoToTheEngineerWhoSeededThemWhenTheirIdentityIsAnEmail() {
        directory.put(account("r3", ADMIN));
        custody.seeded(new Facts.RootMfaSeeded("s", "r3", "123", "eng@example.gov.uk", List.of()));
        Facts.AccountSecured secured = new Facts.AccountSecured("e", "r3", Instant.parse("2026-01-01T00:00:00Z"), "123",
                "arn:aws:iam::123:role/bootstrap", List.of(), List.of(ADMIN));
        assertThat(notifications.accountSecured(secured)).last().extracting(Email::to).isEqualTo("eng@example.gov.uk");

        custody.secured(secured);
        List<Email> reminders = notifications.yubikeysReminder(custody.of("r3").orElseThrow(), 2,
                Instant.parse("2026-01-01T05:30:00Z"));
        assertThat(reminders).extracting(Email::to).containsExactly("eng@example.gov.uk", ENGINEERS);
        assertThat(reminders.get(0).messageId())
                .isEqualTo(ids.of(MessageIds.reminderCause("e", 2), Template.YUBIKEYS_REMINDER, "eng@example.gov.uk"));
        assertThat(((YubikeysMail) reminders.get(0).model()).hoursOut()).isEqualTo(5);
    }

    @Test
    void theLatestReminderDueIsDecidedHereWithOnlyTheEmailsNotYetSent() {
        directory.put(account("r5", ADMIN));
        custody.seeded(new Facts.RootMfaSeeded("s", "r5", "123", "eng@example.gov.uk", List.of("k1")));
        custody.secured(new Facts.AccountSecured("e5", "r5", Instant.parse("2026-01-01T00:00:00Z"), "123",
                "arn:aws:iam::123:role/bootstrap", List.of(), List.of()));
        custody.secured(new Facts.AccountSecured("e6", "r6", Instant.parse("2026-01-02T00:00:00Z"), "456", "arn", List.of(), List.of()));
        custody.returned(new Facts.KeysReturned("x6", "r6", "456"));

        assertThat(notifications.remindersDue(Instant.parse("2026-01-01T03:59:00Z"))).isEmpty();
        List<Notifications.Reminder> due = notifications.remindersDue(Instant.parse("2026-01-02T05:00:00Z"));
        assertThat(due).extracting(Notifications.Reminder::requestId, Notifications.Reminder::number).containsExactly(tuple("r5", 2));
        assertThat(due.get(0).emails()).extracting(Email::to).containsExactly("eng@example.gov.uk", ENGINEERS);

        sentLog.add(due.get(0).emails().get(0).messageId());
        assertThat(notifications.remindersDue(Instant.parse("2026-01-02T05:00:00Z")).get(0).emails()).extracting(Email::to)
                .containsExactly(ENGINEERS);
        sentLog.add(due.get(0).emails().get(1).messageId());
        assertThat(notifications.remindersDue(Instant.parse("2026-01-02T05:00:00Z"))).isEmpty();
    }

    @Test
    void eachEventIsOneDomainCallAndTheSealedPasswordIsOpenedThroughItsPortOnlyForAKnownRequest() {
        InitialPassword.Sealed sealed = sealed("opened-password");
        assertThatThrownBy(() -> notifications.emailsFor(new Facts.UserCreated("e", "nope", "u@x", "arn", List.of(), false, sealed)))
                .isInstanceOf(UnknownRequestException.class);
        assertThat(opened).isEmpty();

        directory.put(new Request("r7", Journey.USER_ACCESS, REQUESTER, null, List.of("new@example.gov.uk"), null));
        List<Email> emails = notifications.emailsFor(new Facts.UserCreated("e7", "r7", "new@example.gov.uk", "arn", List.of(), false, sealed));
        assertThat(opened).containsExactly(sealed);
        assertThat(((UserWelcomeMail) emails.get(0).model()).password().reveal()).isEqualTo("opened-password");
        assertThat(((UserWelcomeMail) notifications.emailsFor(new Facts.UserCreated("e8", "r7", "new@example.gov.uk", "arn", List.of(),
                true, null)).get(0).model()).hasPassword()).isFalse();
        assertThat(notifications.emailsFor(new Facts.Submitted("event-1", account("r1", ADMIN))))
                .isEqualTo(notifications.requestSubmitted("event-1", account("r1", ADMIN)));
    }

    @Test
    void eventsThatNeedTheRequestFailWhenItWasNeverSubmittedButAFailureStillReachesTheTeam() {
        assertThatThrownBy(() -> notifications.pullRequestOpened(new Facts.PullRequestOpened("e", "nope", "o/r", 1, "u")))
                .isInstanceOf(UnknownRequestException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> notifications.userCreated(new Facts.UserCreated("e", "nope", "u@x", "arn", List.of(), false, null)))
                .isInstanceOf(UnknownRequestException.class);

        List<Email> failed = notifications.requestFailed(new Facts.Failure("e", "nope", "OPEN_PR", "GitHub said no", true, 2, null));
        assertThat(failed).extracting(Email::to).containsExactly(TEAM);
        assertThat(failed.get(0).subject()).isEqualTo("Request failed at OPEN_PR: request nope");
    }

    @Test
    void theNewUserAloneGetsThePasswordAndARequesterAddingThemselvesGetsOneEmail() {
        directory.put(new Request("r4", Journey.USER_ACCESS, REQUESTER, null, List.of("new@example.gov.uk", REQUESTER), null));
        InitialPassword.Sealed password = sealed("secret-password-1");

        List<Email> forSomeoneElse = notifications.userCreated(new Facts.UserCreated("e1", "r4", "new@example.gov.uk", "arn", List.of("g"), false, password));
        assertThat(forSomeoneElse).extracting(Email::to).containsExactly("new@example.gov.uk", REQUESTER);
        assertThat(((UserWelcomeMail) forSomeoneElse.get(0).model()).password().reveal()).isEqualTo("secret-password-1");
        assertThat(forSomeoneElse.get(1).model().toString()).doesNotContain("secret-password-1");
        assertThat(forSomeoneElse.get(0).toString()).doesNotContain("secret-password-1");

        List<Email> forThemselves = notifications.userCreated(new Facts.UserCreated("e2", "r4", REQUESTER, "arn", List.of(), false, password));
        assertThat(forThemselves).extracting(Email::template).containsExactly(Template.USER_WELCOME);
    }

    /** A stand-in for the sealed form: the stand-in opener reads the ciphertext as the password. */
    private static InitialPassword.Sealed sealed(String password) {
        return new InitialPassword.Sealed("alg", "key", ByteBuffer.allocate(0), ByteBuffer.allocate(0),
                ByteBuffer.wrap(password.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void summariesNameTheSubjectOfEachJourney() {
        assertThat(new Request("r", Journey.USER_ACCESS, REQUESTER, null, List.of("a@x", "b@x", "c@x"), null).summary())
                .isEqualTo("AWS access for a@x and 2 more");
        assertThat(new Request("r", Journey.USER_REMOVAL, REQUESTER, null, List.of("a@x"), null).summary())
                .isEqualTo("removal of a@x from gds-users");
        assertThat(SETTINGS.statusUrl("r9")).isEqualTo("https://requests.example/requests/r9");
        assertThat(SETTINGS.agentCommand("r9", "123")).isEqualTo("yubikey-agent seed r9 # account 123");
    }

    @Test
    void aWipedPasswordCannotBeRevealedAndNeverPrints() {
        InitialPassword password = new InitialPassword("p4ssw0rd".toCharArray());
        assertThat(password).hasToString("InitialPassword[redacted]");
        assertThat(password.reveal()).isEqualTo("p4ssw0rd");
        password.wipe();
        assertThat(password.isWiped()).isTrue();
        assertThatThrownBy(password::reveal).isInstanceOf(IllegalStateException.class);
    }
}
