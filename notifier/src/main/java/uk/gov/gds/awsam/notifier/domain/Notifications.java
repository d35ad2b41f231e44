package uk.gov.gds.awsam.notifier.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import uk.gov.gds.awsam.contract.EmailAddress;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.notifier.domain.mail.AccountReadyMail;
import uk.gov.gds.awsam.notifier.domain.mail.BootstrapRoleMail;
import uk.gov.gds.awsam.notifier.domain.mail.ClosureMail;
import uk.gov.gds.awsam.notifier.domain.mail.PullRequestMail;
import uk.gov.gds.awsam.notifier.domain.mail.RequestFailedMail;
import uk.gov.gds.awsam.notifier.domain.mail.RequestReceivedMail;
import uk.gov.gds.awsam.notifier.domain.mail.RootMfaMail;
import uk.gov.gds.awsam.notifier.domain.mail.UserAccessGrantedMail;
import uk.gov.gds.awsam.notifier.domain.mail.UserRemovedMail;
import uk.gov.gds.awsam.notifier.domain.mail.UserWelcomeMail;
import uk.gov.gds.awsam.notifier.domain.mail.YubikeysMail;

/**
 * Which emails each event gives, to whom, about what: one {@link Email} per recipient, each with a Message-ID derived
 * from the event, the template and the recipient; and which reminders are due. Sending is the dispatcher's.
 */
public final class Notifications {

    /** IAM password policy of gds-users, as the emails state it. */
    public static final int MINIMUM_PASSWORD_LENGTH = 16;
    public static final int MAXIMUM_MFA_DEVICES = 8;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.UK)
            .withZone(ZoneOffset.UTC);

    private final Settings settings;
    private final MessageIds ids;
    private final RequestDirectory directory;
    private final KeyCustody custody;
    private final ReminderSchedule schedule;
    private final SentLog sentLog;
    private final InitialPassword.Opener passwords;
    private final BootstrapRoleChecks bootstrapChecks;

    /** The emails of the {@code number}-th reminder for one account's keys that are not yet in the sent-log. */
    public record Reminder(String requestId, int number, List<Email> emails) {
    }

    public Notifications(Settings settings, MessageIds ids, RequestDirectory directory, KeyCustody custody,
            ReminderSchedule schedule, SentLog sentLog, InitialPassword.Opener passwords, BootstrapRoleChecks bootstrapChecks) {
        this.settings = settings;
        this.ids = ids;
        this.directory = directory;
        this.custody = custody;
        this.schedule = schedule;
        this.sentLog = sentLog;
        this.passwords = passwords;
        this.bootstrapChecks = bootstrapChecks;
    }

    /** The emails an event gives: the one domain call messaging makes for every event it handles. */
    public List<Email> emailsFor(Facts.Event event) {
        return event instanceof Facts.Submitted e ? requestSubmitted(e.eventId(), e.request())
                : event instanceof Facts.PullRequestOpened e ? pullRequestOpened(e)
                : event instanceof Facts.PullRequestClosed e ? pullRequestClosed(e)
                : event instanceof Facts.RootMfaNeeded e ? rootMfaNeeded(e)
                : event instanceof Facts.AccountSecured e ? accountSecured(e)
                : event instanceof Facts.UserCreated e ? userCreated(e)
                : event instanceof Facts.UserRemoved e ? userRemoved(e)
                : event instanceof Facts.Waiting e ? requestWaiting(e)
                : event instanceof Facts.Closing e ? accountClosing(e)
                : event instanceof Facts.Closed e ? accountClosed(e)
                : event instanceof Facts.MfaRemoved e ? rootMfaRemoved(e)
                : event instanceof Facts.BootstrapRoleChecked e ? bootstrapRoleChecked(e)
                : requestFailed((Facts.Failure) event);
    }

    /**
     * For each account whose keys are out, the latest reminder due at {@code now} (see {@link ReminderSchedule}), when
     * some of its emails are not in the sent-log yet.
     */
    public List<Reminder> remindersDue(Instant now) {
        return custody.outstanding().stream()
                .flatMap(keys -> schedule.latestDue(keys.securedAt(), now).stream().mapToObj(number -> new Reminder(keys.requestId(),
                        number, yubikeysReminder(keys, number, now).stream().filter(e -> !sentLog.contains(e.messageId())).toList())))
                .filter(reminder -> !reminder.emails().isEmpty())
                .toList();
    }

    /**
     * To the team: the whole request, its risks and what follows. To the requester (and the admins of an account to
     * close): a receipt with the status page.
     */
    public List<Email> requestSubmitted(String eventId, Request request) {
        RequestReceivedMail model = new RequestReceivedMail(request, settings.statusUrl(request.requestId()));
        String teamSubject = switch (request.journey()) {
            case NEW_ACCOUNT -> "New AWS account request: " + request.accountName() + risks(request);
            case USER_ACCESS -> "User access request: " + request.people();
            case USER_REMOVAL -> "User removal request: " + request.people();
            case ACCOUNT_CLOSURE -> "Account closure request: " + request.accountName() + " (" + request.closure().accountId() + ")";
        };
        List<Email> emails = new ArrayList<>();
        emails.add(email(eventId, request.requestId(), Template.REQUEST_RECEIVED_TEAM, settings.teamMailbox(), teamSubject, model));
        emails.addAll(toEachStep(eventId, request, Template.REQUEST_RECEIVED_REQUESTER, "We have your request: " + request.summary(),
                model));
        return emails;
    }

    public List<Email> pullRequestOpened(Facts.PullRequestOpened opened) {
        Request request = directory.require(opened.requestId(), "PrOpened");
        PullRequestMail model = new PullRequestMail(request, opened.repository(), opened.number(), opened.url(), null,
                settings.statusUrl(request.requestId()));
        return toEachStep(opened.eventId(), request, Template.PR_OPENED, "Awaiting review: " + request.summary(), model);
    }

    public List<Email> pullRequestClosed(Facts.PullRequestClosed closed) {
        Request request = directory.require(closed.requestId(), "PrClosed");
        PullRequestMail model = new PullRequestMail(request, closed.repository(), closed.number(), null, closed.closedBy(),
                settings.statusUrl(request.requestId()));
        return toEachStep(closed.eventId(), request, Template.PR_CLOSED, "Request rejected: " + request.summary(), model);
    }

    /** To the engineers: seed root MFA on the keys with the YubiKey agent. */
    public List<Email> rootMfaNeeded(Facts.RootMfaNeeded needed) {
        RootMfaMail model = new RootMfaMail(needed.requestId(), needed.accountName(), needed.accountId(), needed.rootEmail(),
                needed.credentialName(), needed.keysRequired(), needed.consoleSignInUrl(),
                settings.agentCommand(needed.requestId(), needed.accountId()), settings.statusUrl(needed.requestId()));
        return List.of(email(needed.eventId(), needed.requestId(), Template.ROOT_MFA_NEEDED, settings.engineersMailbox(),
                "Root MFA needed for AWS account " + needed.accountName() + " (" + needed.accountId() + ")", model));
    }

    /**
     * To the requester and every admin the bootstrap role was set up for: the account is ready and how to
     * reach it. To the engineer who seeded
     * the keys (or the engineers' mailbox): put the YubiKeys back in the safe.
     */
    public List<Email> accountSecured(Facts.AccountSecured secured) {
        Request request = directory.require(secured.requestId(), "RootSecured");
        String accountName = request.accountName() == null ? secured.accountId() : request.accountName();
        String roleName = roleName(secured.bootstrapRoleArn());
        List<Email> emails = new ArrayList<>();
        List<String> trustedUsers = secured.trustedPrincipalArns().stream().map(Notifications::userName).toList();
        // The admins as reviewed and applied (a reviewer may have changed the request's list): the trusted
        // users and the admins left out for want of a gds-users user.
        for (String recipient : requesterAndAdmins(request, secured)) {
            boolean trusted = trustedUsers.stream().anyMatch(recipient::equalsIgnoreCase);
            boolean missing = secured.missingAdmins().stream().anyMatch(recipient::equalsIgnoreCase);
            AccountReadyMail model = new AccountReadyMail(request, recipient, secured.accountId(), accountName, roleName,
                    secured.bootstrapRoleArn(), trusted, missing, trustedUsers, secured.missingAdmins(),
                    settings.gdsUsersSignIn(), switchRoleUrl(secured.accountId(), roleName, accountName),
                    accountName + "-" + roleName,
                    "arn:aws:iam::" + settings.gdsUsersAccountId() + ":mfa/" + recipient, settings.accountsGuide(),
                    settings.statusUrl(request.requestId()));
            emails.add(email(secured.eventId(), request.requestId(), Template.ACCOUNT_READY, recipient,
                    "Your AWS account " + accountName + " (" + secured.accountId() + ") is ready", model));
        }
        Optional<KeyCustody.Keys> keys = custody.of(secured.requestId());
        String engineer = keys.map(KeyCustody.Keys::engineer).filter(EmailAddress::isValid).orElse(null);
        YubikeysMail model = new YubikeysMail(request.requestId(), accountName, secured.accountId(), engineer,
                keys.map(KeyCustody.Keys::serials).orElse(List.of()), 0, 0, settings.statusUrl(request.requestId()));
        emails.add(email(secured.eventId(), request.requestId(), Template.YUBIKEYS_TO_SAFE,
                engineer == null ? settings.engineersMailbox() : engineer,
                "Put the YubiKeys for " + accountName + " (" + secured.accountId() + ") back in the safe", model));
        return emails;
    }

    /**
     * The {@code reminder}-th reminder that the keys of an account are still out: to the engineer who seeded
     * them, when known, and to the engineers' mailbox.
     */
    public List<Email> yubikeysReminder(KeyCustody.Keys keys, int reminder, Instant now) {
        Facts.AccountSecured secured = keys.secured();
        String accountName = directory.find(keys.requestId()).map(Request::accountName).orElse(secured.accountId());
        String engineer = EmailAddress.isValid(keys.engineer()) ? keys.engineer() : null;
        long hoursOut = Duration.between(secured.occurredAt(), now).toHours();
        YubikeysMail model = new YubikeysMail(keys.requestId(), accountName, secured.accountId(), engineer, keys.serials(),
                reminder, hoursOut, settings.statusUrl(keys.requestId()));
        List<String> recipients = new ArrayList<>();
        if (engineer != null) {
            recipients.add(engineer);
        }
        recipients.add(settings.engineersMailbox());
        String cause = MessageIds.reminderCause(secured.eventId(), reminder);
        String subject = "Reminder: the YubiKeys for " + accountName + " (" + secured.accountId() + ") are not back in the safe";
        return Request.distinctIgnoringCase(recipients).stream()
                .map(recipient -> email(cause, keys.requestId(), Template.YUBIKEYS_REMINDER, recipient, subject, model))
                .toList();
    }

    /**
     * To the user, new or adopted: how to sign in, with the initial password (opened through its port once the request
     * is known) when one was set. To the requester, when someone else: that access was granted, never the password.
     */
    public List<Email> userCreated(Facts.UserCreated created) {
        Request request = directory.require(created.requestId(), "UserCreated");
        InitialPassword password = created.sealedPassword() == null ? null : passwords.open(created.sealedPassword());
        UserWelcomeMail welcome = new UserWelcomeMail(created.userName(), created.adopted(), settings.gdsUsersSignIn(),
                settings.gdsUsersAccountId(), created.groups(), password, MINIMUM_PASSWORD_LENGTH, MAXIMUM_MFA_DEVICES,
                settings.cliTooling(), settings.accountsGuide());
        List<Email> emails = new ArrayList<>();
        emails.add(email(created.eventId(), request.requestId(), Template.USER_WELCOME, created.userName(),
                created.adopted() ? "Your AWS user in gds-users has the access asked for" : "Your AWS user in gds-users is ready",
                welcome));
        if (!request.requester().equalsIgnoreCase(created.userName())) {
            UserAccessGrantedMail granted = new UserAccessGrantedMail(request, created.userName(), created.arn(),
                    created.groups(), created.adopted(), password != null, settings.statusUrl(request.requestId()));
            emails.add(email(created.eventId(), request.requestId(), Template.USER_ACCESS_GRANTED, request.requester(),
                    "Access granted: " + created.userName(), granted));
        }
        return emails;
    }

    public List<Email> userRemoved(Facts.UserRemoved removed) {
        Request request = directory.require(removed.requestId(), "UserRemoved");
        UserRemovedMail model = new UserRemovedMail(request, removed.userName(), removed.userExisted(), removed.removed(),
                removed.trustPoliciesStillNamingUser(), removed.unreadableAccounts(), settings.statusUrl(request.requestId()));
        String subject = removed.userExisted() ? "User removed from gds-users: " + removed.userName()
                : "Nothing to remove: " + removed.userName() + " had no IAM user in gds-users";
        return List.of(email(removed.eventId(), request.requestId(), Template.USER_REMOVED, request.requester(), subject, model));
    }

    /**
     * To the team, whether or not the request is known: a failure always needs a person. To the requester, when
     * the request is known: what happened and what happens next.
     */
    public List<Email> requestFailed(Facts.Failure failure) {
        Optional<Request> request = directory.find(failure.requestId());
        String step = FailureWords.step(failure.stage());
        String statusUrl = settings.statusUrl(failure.requestId());
        RequestFailedMail forTeam = new RequestFailedMail(failure.requestId(), request.orElse(null), failure.stage(), step,
                failure.reason(), failure.retryable(), failure.attempt(), FailureWords.forTeam(failure), statusUrl);
        String about = request.map(Request::summary).orElse("request " + failure.requestId());
        List<Email> emails = new ArrayList<>();
        emails.add(email(failure.eventId(), failure.requestId(), Template.REQUEST_FAILED, settings.teamMailbox(),
                "Request failed at " + failure.stage() + ": " + about, forTeam));
        request.ifPresent(known -> emails.addAll(toEachStep(failure.eventId(), known, Template.REQUEST_FAILED_REQUESTER,
                "Your request has stopped: " + known.summary(),
                new RequestFailedMail(failure.requestId(), known, failure.stage(), step, failure.reason(), failure.retryable(),
                        failure.attempt(), FailureWords.forRequester(failure), statusUrl))));
        return emails;
    }

    /**
     * A closure waiting for the closure quota: why, and when it will go if known. Other waits give no email (the
     * request's timeline and the dashboard show them), and need no known request.
     */
    public List<Email> requestWaiting(Facts.Waiting waiting) {
        if (!ResumableStage.CLOSE_ACCOUNT.name().equals(waiting.stage())) {
            return List.of();
        }
        Request request = directory.require(waiting.requestId(), "RequestWaiting");
        Request.Closure closure = closure(request);
        return toEachStep(waiting.eventId(), request, Template.CLOSURE_QUEUED, "Closure queued: " + account(closure.accountName(),
                closure.accountId()), new ClosureMail(request, closure.accountId(), closure.accountName(),
                        waiting.until() == null ? null : TIME.format(waiting.until()), null, waiting.waitingFor(), waiting.reason(),
                        null, null, List.of(), settings.statusUrl(request.requestId())));
    }

    public List<Email> accountClosing(Facts.Closing closing) {
        Request request = directory.require(closing.requestId(), "AccountClosing");
        return toEachStep(closing.eventId(), request, Template.ACCOUNT_CLOSING, "Closing " + account(closing.accountName(),
                closing.accountId()), new ClosureMail(request, closing.accountId(), closing.accountName(),
                        TIME.format(closing.closureRequestedAt()), null, null, null, closing.suspendedParentId(), null, List.of(),
                        settings.statusUrl(request.requestId())));
    }

    public List<Email> accountClosed(Facts.Closed closed) {
        Request request = directory.require(closed.requestId(), "AccountClosed");
        return toEachStep(closed.eventId(), request, Template.ACCOUNT_CLOSED, "Closed: " + account(closed.accountName(),
                closed.accountId()), new ClosureMail(request, closed.accountId(), closed.accountName(), TIME.format(closed.closedAt()),
                        DATE.format(closed.reinstatableUntil()), null, null, null, null, List.of(),
                        settings.statusUrl(request.requestId())));
    }

    public List<Email> rootMfaRemoved(Facts.MfaRemoved removed) {
        Request request = directory.require(removed.requestId(), "RootMfaRemoved");
        String accountName = closure(request).accountName();
        return toEachStep(removed.eventId(), request, Template.CLOSURE_COMPLETE, "Closure complete: " + account(accountName,
                removed.accountId()), new ClosureMail(request, removed.accountId(), accountName, null, null, null, null, null,
                        removed.credentialName(), removed.serials(), settings.statusUrl(request.requestId())));
    }

    /**
     * What a check of the bootstrap role handed over with a new account found. Still there: a reminder to the
     * requester and the account's admins (when the account was handed over, that the role was there when looked
     * for, why it matters, what to do, when they will be reminded again). Gone after a reminder: no more reminders;
     * gone before any, nothing (nobody was told there was anything left to do). Not visible: nothing to the
     * requesters, who cannot mend the audit role; to the engineers, who can, whether or not the request is known.
     */
    public List<Email> bootstrapRoleChecked(Facts.BootstrapRoleChecked check) {
        String account = account(check.accountName(), check.accountId());
        return switch (check.state()) {
            case PRESENT -> {
                Request request = directory.require(check.requestId(), "BootstrapRoleChecked");
                yield toRequesterAndAdmins(check.eventId(), request, Template.BOOTSTRAP_ROLE_REMINDER,
                        "Reminder: replace the " + check.roleName() + " role in " + account, bootstrapRoleMail(check, null));
            }
            case REMOVED -> bootstrapChecks.lastPresentBefore(check.requestId(), check.checkedAt())
                    .map(reminded -> toRequesterAndAdmins(check.eventId(), directory.require(check.requestId(), "BootstrapRoleChecked"),
                            Template.BOOTSTRAP_ROLE_REMOVED, "The " + check.roleName() + " role is gone from " + account
                                    + ": no more reminders", bootstrapRoleMail(check, TIME.format(reminded))))
                    .orElse(List.of());
            case NOT_VISIBLE -> List.of(email(check.eventId(), check.requestId(), Template.BOOTSTRAP_ROLE_NOT_VISIBLE,
                    settings.engineersMailbox(), "Cannot check the " + check.roleName() + " role in " + account,
                    bootstrapRoleMail(check, null)));
        };
    }

    private BootstrapRoleMail bootstrapRoleMail(Facts.BootstrapRoleChecked check, String lastRemindedAt) {
        long days = Duration.between(check.handedOverAt(), check.checkedAt()).toDays();
        return new BootstrapRoleMail(check.accountId(), check.accountName(), check.roleName(), DATE.format(check.handedOverAt()),
                days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago", TIME.format(check.checkedAt()),
                check.nextCheckAt() == null ? null : TIME.format(check.nextCheckAt()), lastRemindedAt, check.detail(),
                settings.gdsUsersAccountId(), settings.accountsGuide(), settings.statusUrl(check.requestId()));
    }

    /** The same email to the requester and the account's admins ({@link #requesterAndAdmins(Request)}). */
    private List<Email> toRequesterAndAdmins(String causeId, Request request, Template template, String subject, Object model) {
        return requesterAndAdmins(request).stream()
                .map(to -> email(causeId, request.requestId(), template, to, subject, model)).toList();
    }

    /**
     * The requester and a new account's admins, once each: the admins as applied when root was secured (a reviewer
     * may have changed the request's list), else as requested.
     */
    private List<String> requesterAndAdmins(Request request) {
        return custody.of(request.requestId()).map(KeyCustody.Keys::secured)
                .map(secured -> requesterAndAdmins(request, secured))
                .orElseGet(() -> Request.distinctIgnoringCase(concat(List.of(request.requester()),
                        request.account() == null ? List.of() : request.account().admins())));
    }

    /** The requester, the users the bootstrap role trusts and the admins left out for want of a gds-users user; once each. */
    private static List<String> requesterAndAdmins(Request request, Facts.AccountSecured secured) {
        return Request.distinctIgnoringCase(concat(List.of(request.requester()),
                concat(secured.trustedPrincipalArns().stream().map(Notifications::userName).toList(), secured.missingAdmins())));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The same email to everyone told of each step of the request ({@link Request#toldOfEachStep}). */
    private List<Email> toEachStep(String causeId, Request request, Template template, String subject, Object model) {
        return request.toldOfEachStep().stream()
                .map(to -> email(causeId, request.requestId(), template, to, subject, model)).toList();
    }

    private static Request.Closure closure(Request request) {
        if (request.closure() == null) {
            throw new IllegalArgumentException("request " + request.requestId() + " is not a closure request");
        }
        return request.closure();
    }

    private static String account(String name, String id) {
        return "AWS account " + name + " (" + id + ")";
    }

    private Email email(String causeId, String requestId, Template template, String to, String subject, Object model) {
        return new Email(ids.of(causeId, template, to), ids.thread(requestId), requestId, causeId, template, to, subject, model);
    }

    private static String risks(Request request) {
        List<String> flags = new ArrayList<>();
        flags.add(request.account().security().alertPriority());
        if (request.account().security().holdsPii()) {
            flags.add("PII");
        }
        if (request.account().security().holdsPciData()) {
            flags.add("PCI");
        }
        return " (" + String.join(", ", flags) + ")";
    }

    private String switchRoleUrl(String accountId, String roleName, String displayName) {
        return settings.switchRole() + "?roleName=" + encode(roleName) + "&account=" + encode(accountId)
                + "&displayName=" + encode(displayName);
    }

    private static String roleName(String roleArn) {
        int slash = roleArn == null ? -1 : roleArn.lastIndexOf('/');
        return slash < 0 ? "bootstrap" : roleArn.substring(slash + 1);
    }

    /** The IAM user name of a user ARN: what follows {@code user/} (user names here are emails, with no path). */
    private static String userName(String userArn) {
        int at = userArn.indexOf(":user/");
        return at < 0 ? userArn : userArn.substring(userArn.lastIndexOf('/') + 1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
