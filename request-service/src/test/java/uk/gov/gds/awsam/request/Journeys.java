package uk.gov.gds.awsam.request;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.avro.specific.SpecificRecord;

import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/**
 * Whole journeys as the other services would publish them, with the same stage durations every time, so
 * that lead-time figures are known whatever other tests publish: submitted → Terraform 1 min → PR opened
 * 2 min → merged after 2 h → account created 5 min → root MFA requested 3 min → root secured after 1 d →
 * keys returned 30 min (users: created 4 min after the merge; a closure: queued or closing 3 min after the merge → closing
 * after 2 d in the queue → closed after 40 min → root MFA removed after 1 d).
 */
public final class Journeys {

    public static final Duration IN_SUBMITTED = Duration.ofMinutes(1);
    public static final Duration IN_TERRAFORM_GENERATED = Duration.ofMinutes(2);
    public static final Duration IN_PR_OPEN = Duration.ofHours(2);
    public static final Duration IN_PR_MERGED_ACCOUNT = Duration.ofMinutes(5);
    public static final Duration IN_ACCOUNT_CREATED = Duration.ofMinutes(3);
    public static final Duration IN_AWAITING_ROOT_MFA = Duration.ofDays(1);
    public static final Duration IN_ROOT_SECURED = Duration.ofMinutes(30);
    public static final Duration IN_PR_MERGED_USERS = Duration.ofMinutes(4);
    public static final Duration SEEDING = Duration.ofHours(20);
    public static final Duration IN_PR_MERGED_CLOSURE = Duration.ofMinutes(3);
    public static final Duration IN_CLOSURE_QUEUED = Duration.ofDays(2);
    public static final Duration IN_CLOSING = Duration.ofMinutes(40);
    public static final Duration IN_CLOSED = Duration.ofDays(1);
    /** What a queued closure's RequestWaiting says. */
    public static final String QUOTA_REASON = "the organisation has closed 10 of the 10 accounts it may close in 30 days";

    /** When the provisioner first looks for the bootstrap role after hand-over, and how often after that. */
    public static final Duration FIRST_LOOK = Duration.ofDays(14);
    public static final Duration NEXT_LOOK = Duration.ofDays(7);
    /** Why the provisioner could not look for a bootstrap role. */
    public static final String NOT_VISIBLE_DETAIL = "the audit role OrganizationAccountAccessAudit could not be assumed: AccessDenied";

    private Journeys() {
    }

    /** An account journey, in the order it happens: submitted to keys returned (9 events). */
    public static List<SpecificRecord> account(String requestId, String accountName, String requester, Instant start) {
        Instant t = start;
        List<SpecificRecord> events = new ArrayList<>();
        AccountRequest account = SampleEvents.accountRequest();
        account.setName(accountName);
        events.add(SampleEvents.requestSubmitted(requestId).setOccurredAt(t).setRequesterEmail(requester).setAccount(account).build());
        events.add(SampleEvents.terraformGenerated(requestId).setOccurredAt(t = t.plus(IN_SUBMITTED)).setSubjects(List.of(accountName))
                .setRequesterEmail(requester).build());
        events.add(SampleEvents.prOpened(requestId).setOccurredAt(t = t.plus(IN_TERRAFORM_GENERATED)).build());
        Instant merged = t.plus(IN_PR_OPEN);
        events.add(SampleEvents.prMerged(requestId).setOccurredAt(merged).setMergedAt(merged).setSubjects(List.of(accountName)).build());
        events.add(SampleEvents.accountCreated(requestId).setOccurredAt(t = merged.plus(IN_PR_MERGED_ACCOUNT)).setAccountName(accountName)
                .build());
        Instant requested = t.plus(IN_ACCOUNT_CREATED);
        events.add(SampleEvents.rootMfaRequested(requestId).setOccurredAt(requested).setAccountName(accountName).build());
        events.add(SampleEvents.rootMfaSeeded(requestId).setOccurredAt(requested.plus(SEEDING)).build());
        Instant secured = requested.plus(IN_AWAITING_ROOT_MFA);
        events.add(SampleEvents.rootSecured(requestId).setOccurredAt(secured).build());
        events.add(SampleEvents.yubikeysReturned(requestId).setOccurredAt(secured.plus(IN_ROOT_SECURED)).build());
        return events;
    }

    /**
     * A closure of the sample account: submitted to root MFA removed (7 events, 8 when {@code queued}: the provisioner
     * queued it for the closure quota, saying it would go when it did).
     */
    public static List<SpecificRecord> closure(String requestId, String accountName, String requester, Instant start, boolean queued) {
        Instant t = start;
        List<SpecificRecord> events = new ArrayList<>();
        RequestSubmitted.Builder submitted = SampleEvents.closureSubmitted(requestId).setOccurredAt(t).setRequesterEmail(requester);
        submitted.getClosure().setAccountName(accountName);
        events.add(submitted.build());
        events.add(SampleEvents.terraformGenerated(requestId).setOccurredAt(t = t.plus(IN_SUBMITTED)).setKind(RequestKind.ACCOUNT_CLOSURE)
                .setSubjects(List.of(accountName)).setRequesterEmail(requester).build());
        events.add(SampleEvents.prOpened(requestId).setOccurredAt(t = t.plus(IN_TERRAFORM_GENERATED)).build());
        Instant merged = t.plus(IN_PR_OPEN);
        events.add(SampleEvents.prMerged(requestId).setOccurredAt(merged).setMergedAt(merged).setKind(RequestKind.ACCOUNT_CLOSURE)
                .setSubjects(List.of(accountName)).build());
        t = merged.plus(IN_PR_MERGED_CLOSURE);
        if (queued) {
            Instant goes = t.plus(IN_CLOSURE_QUEUED);
            events.add(SampleEvents.requestWaiting(requestId).setOccurredAt(t).setCausationId(SampleEvents.eventId(requestId, EventType.PR_MERGED))
                    .setStage("CLOSE_ACCOUNT").setWaitingFor("the closure quota").setReason(QUOTA_REASON).setUntil(goes).build());
            t = goes;
        }
        events.add(SampleEvents.accountClosing(requestId).setOccurredAt(t).setClosureRequestedAt(t).setAccountName(accountName).build());
        Instant closed = t.plus(IN_CLOSING);
        events.add(SampleEvents.accountClosed(requestId).setOccurredAt(closed).setClosedAt(closed)
                .setReinstatableUntil(closed.plus(Duration.ofDays(90))).setAccountName(accountName).build());
        events.add(SampleEvents.rootMfaRemoved(requestId).setOccurredAt(closed.plus(IN_CLOSED)).build());
        return events;
    }

    /**
     * The provisioner's looks at the bootstrap role of an account journey's account (its id {@code accountId}), one per
     * state given: the first {@link #FIRST_LOOK} after hand-over (the journey's YubikeysReturned), then every
     * {@link #NEXT_LOOK}; no next look after REMOVED; NOT_VISIBLE says {@link #NOT_VISIBLE_DETAIL}.
     */
    public static List<SpecificRecord> bootstrapRoleChecks(List<SpecificRecord> account, String accountId, BootstrapRoleState... states) {
        YubikeysReturned returned = (YubikeysReturned) account.get(account.size() - 1);
        AccountCreated created = (AccountCreated) account.get(4);
        List<SpecificRecord> events = new ArrayList<>();
        String cause = returned.getEventId();
        Instant checked = returned.getOccurredAt().plus(FIRST_LOOK);
        for (int i = 0; i < states.length; i++, checked = checked.plus(NEXT_LOOK)) {
            String eventId = Envelope.derivedEventId(returned.getEventId(), EventType.BOOTSTRAP_ROLE_CHECKED, "look-" + i);
            events.add(SampleEvents.bootstrapRoleChecked(returned.getRequestId()).setEventId(eventId).setCausationId(cause)
                    .setOccurredAt(checked).setCheckedAt(checked).setHandedOverAt(returned.getOccurredAt())
                    .setAccountId(accountId).setAccountName(created.getAccountName()).setState(states[i])
                    .setDetail(states[i] == BootstrapRoleState.NOT_VISIBLE ? NOT_VISIBLE_DETAIL : null)
                    .setNextCheckAt(states[i] == BootstrapRoleState.REMOVED ? null : checked.plus(NEXT_LOOK)).build());
            cause = eventId;
        }
        return events;
    }

    /**
     * A new account handed over to {@code requester}, its request made {@code ago}, with an account id no other test uses
     * (their closures name the sample account), and the provisioner's looks at its bootstrap role (see
     * {@link #bootstrapRoleChecks}).
     */
    public record HandedOver(String requestId, String accountId, String accountName, List<SpecificRecord> journey,
            List<SpecificRecord> looks) {

        public static HandedOver of(String requester, Duration ago, BootstrapRoleState... states) {
            String requestId = SampleEvents.newRequestId();
            String accountId = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
            List<SpecificRecord> journey = new ArrayList<>(account(requestId, Bodies.uniqueAccountName("handed"), requester,
                    Instant.now().minus(ago).truncatedTo(ChronoUnit.MILLIS)));
            AccountCreated created = AccountCreated.newBuilder((AccountCreated) journey.get(4)).setAccountId(accountId).build();
            journey.set(4, created);
            return new HandedOver(requestId, accountId, created.getAccountName(), journey, bootstrapRoleChecks(journey, accountId, states));
        }

        /** A request, made now by {@code requester}, to close the account. */
        public RequestSubmitted closure(String requester) {
            RequestSubmitted.Builder closure = SampleEvents.closureSubmitted(SampleEvents.newRequestId()).setRequesterEmail(requester)
                    .setOccurredAt(Instant.now());
            closure.getClosure().setAccountId(accountId);
            closure.getClosure().setAccountName(accountName);
            return closure.build();
        }
    }

    /** How long the whole account journey takes. */
    public static Duration accountEndToEnd() {
        return IN_SUBMITTED.plus(IN_TERRAFORM_GENERATED).plus(IN_PR_OPEN).plus(IN_PR_MERGED_ACCOUNT).plus(IN_ACCOUNT_CREATED)
                .plus(IN_AWAITING_ROOT_MFA).plus(IN_ROOT_SECURED);
    }

    /** A user-access journey for two people: submitted to both users created (6 events). */
    public static List<SpecificRecord> userAccess(String requestId, String requester, Instant start, String first, String second) {
        Instant t = start;
        List<SpecificRecord> events = new ArrayList<>();
        events.add(SampleEvents.userAccessSubmitted(requestId, first, second).setOccurredAt(t).setRequesterEmail(requester).build());
        events.add(SampleEvents.terraformGenerated(requestId).setOccurredAt(t = t.plus(IN_SUBMITTED)).setKind(RequestKind.USER_ACCESS)
                .setSubjects(List.of(first, second)).setRequesterEmail(requester).build());
        events.add(SampleEvents.prOpened(requestId).setOccurredAt(t = t.plus(IN_TERRAFORM_GENERATED)).build());
        Instant merged = t.plus(IN_PR_OPEN);
        events.add(SampleEvents.prMerged(requestId).setOccurredAt(merged).setMergedAt(merged).setKind(RequestKind.USER_ACCESS)
                .setSubjects(List.of(first, second)).build());
        String cause = SampleEvents.eventId(requestId, EventType.PR_MERGED);
        for (String user : List.of(first, second)) {
            events.add(UserCreated.newBuilder(SampleEvents.userCreated(requestId).build())
                    .setEventId(Envelope.derivedEventId(cause, EventType.USER_CREATED, user)).setCausationId(cause)
                    .setOccurredAt(merged.plus(IN_PR_MERGED_USERS)).setUserName(user)
                    .setArn("arn:aws:iam::622626885786:user/" + user).build());
        }
        return events;
    }
}
