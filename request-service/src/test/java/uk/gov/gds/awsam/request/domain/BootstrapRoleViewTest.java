package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.events.BootstrapRoleState.NOT_VISIBLE;
import static uk.gov.gds.awsam.events.BootstrapRoleState.PRESENT;
import static uk.gov.gds.awsam.events.BootstrapRoleState.REMOVED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.request.domain.LifecycleEvent.BootstrapRoleChecked;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/**
 * After hand-over the provisioner looks for the account's bootstrap role again and again: the request stays COMPLETE,
 * its view holds the latest look, its timeline one entry per change of state, and the dashboard lists the accounts whose
 * role is still in place (or could not be looked for) until it is removed or the account's closure is asked for.
 */
class BootstrapRoleViewTest {

    private static final Instant START = Instant.parse("2026-10-01T09:00:00Z");
    private static final String ID = "6f1c9a52-0c1e-4d7e-9a3b-2f1e4b7a9c10";
    private static final String REQUESTER = "someone@x.gov.uk";

    @Test
    void theRequestStaysCompleteAndItsTimelineGetsAnEntryOnlyWhenTheStateChanges() {
        List<SpecificRecord> account = Journeys.account(ID, "pay-staging", REQUESTER, START);
        List<LifecycleEvent> checks = RequestViewTest.events(Journeys.bootstrapRoleChecks(account, SampleEvents.ACCOUNT_ID,
                PRESENT, PRESENT, PRESENT, NOT_VISIBLE, NOT_VISIBLE, PRESENT, REMOVED));
        RequestView view = RequestViewTest.apply(RequestViewTest.events(account));
        Instant handedOver = view.updatedAt();
        int journeyEntries = view.timeline().size();

        for (LifecycleEvent check : checks) {
            view = view.with(check);
            assertThat(view.stage()).isEqualTo(Stage.COMPLETE);
            assertThat(view.bootstrapRole()).contains((BootstrapRoleChecked) check.detail());
            assertThat(view.waitingOn()).isEmpty();
        }

        assertThat(view.stageEntries()).containsEntry(Stage.COMPLETE, handedOver);
        List<LifecycleEvent> entries = view.timeline().subList(journeyEntries, view.timeline().size());
        assertThat(entries).as("one entry per change of state: PRESENT, NOT_VISIBLE, PRESENT, REMOVED")
                .containsExactly(checks.get(0), checks.get(3), checks.get(5), checks.get(6));
        assertThat(entries).extracting(entry -> entry.detail().describe()).containsExactly(
                "Bootstrap role bootstrap still in place on 2026-10-16, 14 days after hand-over (2026-10-02): the requester and"
                        + " the account's admins are reminded to replace it with a properly named admin role; next look on 2026-10-23",
                "Could not look for the bootstrap role bootstrap on 2026-11-06, 35 days after hand-over (2026-10-02): "
                        + Journeys.NOT_VISIBLE_DETAIL + "; the engineers are told, and nobody is reminded meanwhile; next try on 2026-11-13",
                "Bootstrap role bootstrap still in place on 2026-11-20, 49 days after hand-over (2026-10-02): the requester and"
                        + " the account's admins are reminded to replace it with a properly named admin role; next look on 2026-11-27",
                "Bootstrap role bootstrap removed: gone when looked for on 2026-11-27, 56 days after hand-over (2026-10-02);"
                        + " no more reminders");
        assertThat(view.bootstrapRole().orElseThrow().nextCheckAt()).as("no more looks").isNull();
    }

    @Test
    void repeatedLooksAtARoleStillInPlaceAreNotNewsButTheLatestIsKept() {
        List<SpecificRecord> account = Journeys.account(ID, "pay-staging", REQUESTER, START);
        List<LifecycleEvent> checks = RequestViewTest.events(Journeys.bootstrapRoleChecks(account, SampleEvents.ACCOUNT_ID,
                PRESENT, PRESENT, PRESENT));
        List<LifecycleEvent> all = new ArrayList<>(RequestViewTest.events(account));
        all.addAll(checks);
        RequestView view = RequestViewTest.apply(all);

        assertThat(view.updatedAt()).as("the first look is the latest news").isEqualTo(checks.get(0).occurredAt());
        assertThat(view.bootstrapRole().orElseThrow().checkedAt()).isEqualTo(checks.get(2).occurredAt());
        assertThat(view.bootstrapRole().orElseThrow().nextCheckAt()).isEqualTo(checks.get(2).occurredAt().plus(Journeys.NEXT_LOOK));
        // a stream resumed after a folded look, or after the last entry, sends nothing it has not sent
        assertThat(view.timelineAfter(checks.get(1).eventId())).isEmpty();
        assertThat(view.timelineAfter(all.get(7).eventId())).containsExactly(all.get(8), checks.get(0));
        assertThat(view.timelineAfter("not-an-event-of-it")).isEqualTo(view.timeline());
    }

    @Test
    void theLooksAloneTellANewAccount() {
        List<SpecificRecord> account = Journeys.account(ID, "pay-staging", REQUESTER, START);
        RequestView view = RequestViewTest.apply(RequestViewTest.events(Journeys.bootstrapRoleChecks(account, SampleEvents.ACCOUNT_ID, PRESENT)));
        assertThat(view.kind()).isEqualTo(RequestKind.NEW_ACCOUNT);
        assertThat(view.bootstrapRole().orElseThrow().state()).isEqualTo(BootstrapRoleChecked.State.PRESENT);
    }

    @Test
    void theDashboardListsRolesStillInPlaceOrNotVisibleUntilRemovedOrTheAccountsClosureIsAsked() {
        Instant now = START.plus(Duration.ofDays(60));
        List<RequestView> views = new ArrayList<>();
        RequestView present = account(views, "111111111111", REQUESTER, START.plus(Duration.ofDays(2)), PRESENT);
        RequestView notVisible = account(views, "222222222222", REQUESTER, START, PRESENT, NOT_VISIBLE);
        account(views, "333333333333", REQUESTER, START, PRESENT, REMOVED);
        account(views, "444444444444", REQUESTER, START, PRESENT);
        views.add(closure("444444444444", "someone.else@x.gov.uk", false)); // not the requester's, still takes it off
        RequestView rejectedClosure = account(views, "555555555555", REQUESTER, START.plus(Duration.ofDays(1)), PRESENT);
        views.add(closure("555555555555", REQUESTER, true));
        account(views, "666666666666", "another@x.gov.uk", START, PRESENT);
        account(views, "777777777777", REQUESTER, START, new BootstrapRoleState[0]); // not looked at yet

        Statistics statistics = Statistics.of(views, view -> REQUESTER.equals(view.requesterEmail().orElse(null)), now, Duration.ofDays(30));

        assertThat(statistics.bootstrapRoles()).as("theirs, longest in place first").containsExactly(notVisible, rejectedClosure, present);
        assertThat(Statistics.of(views, view -> true, now, Duration.ofDays(30)).bootstrapRoles()).hasSize(4);
        assertThat(notVisible.bootstrapRole().orElseThrow().reason()).isEqualTo(Journeys.NOT_VISIBLE_DETAIL);
        assertThat(present.bootstrapRole().orElseThrow().daysSinceHandOver(now)).isEqualTo(56);
    }

    /** A new account handed over (its journey starting at {@code start}) and looked at with these states; added to {@code views}. */
    private static RequestView account(List<RequestView> views, String accountId, String requester, Instant start,
            BootstrapRoleState... states) {
        String requestId = SampleEvents.newRequestId();
        List<SpecificRecord> journey = Journeys.account(requestId, "acc-" + accountId, requester, start);
        List<LifecycleEvent> events = new ArrayList<>(RequestViewTest.events(journey));
        events.addAll(RequestViewTest.events(Journeys.bootstrapRoleChecks(journey, accountId, states)));
        RequestView view = RequestViewTest.apply(events);
        views.add(view);
        return view;
    }

    /** A closure of the account asked for by {@code requester}; its pull request closed unmerged when {@code rejected}. */
    private static RequestView closure(String accountId, String requester, boolean rejected) {
        String requestId = SampleEvents.newRequestId();
        RequestSubmitted.Builder submitted = SampleEvents.closureSubmitted(requestId).setRequesterEmail(requester)
                .setOccurredAt(START.plus(Duration.ofDays(50)));
        submitted.getClosure().setAccountId(accountId);
        List<SpecificRecord> records = new ArrayList<>(List.of(submitted.build()));
        if (rejected) {
            records.add(SampleEvents.prClosed(requestId).setOccurredAt(START.plus(Duration.ofDays(51))).build());
        }
        RequestView view = RequestViewTest.apply(RequestViewTest.events(records));
        assertThat(view.stage()).isEqualTo(rejected ? Stage.REJECTED : Stage.SUBMITTED);
        return view;
    }
}
