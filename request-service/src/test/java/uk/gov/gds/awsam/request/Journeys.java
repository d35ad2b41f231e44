package uk.gov.gds.awsam.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.UserCreated;
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
