package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.request.messaging.LifecycleEvents;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/** A request's view from its events: stages in order, and the same view whatever the order or repeats. */
class RequestViewTest {

    private static final Instant START = Instant.parse("2026-10-01T09:00:00Z");
    private static final String ID = "6f1c9a52-0c1e-4d7e-9a3b-2f1e4b7a9c10";

    @Test
    void anAccountMovesThroughEveryStage() {
        List<Stage> stages = new ArrayList<>();
        RequestView view = RequestView.empty(ID);
        for (LifecycleEvent event : events(Journeys.account(ID, "pay-staging", "someone@x.gov.uk", START))) {
            view = view.with(event);
            stages.add(view.stage());
        }
        assertThat(stages).containsExactly(Stage.SUBMITTED, Stage.TERRAFORM_GENERATED, Stage.PR_OPEN, Stage.PR_MERGED,
                Stage.ACCOUNT_CREATED, Stage.AWAITING_ROOT_MFA, Stage.AWAITING_ROOT_MFA, Stage.ROOT_SECURED, Stage.COMPLETE);
        assertThat(view.stageEntries().keySet()).containsExactlyElementsOf(Stage.journey(RequestKind.NEW_ACCOUNT));
        assertThat(view.waitingOn()).isEmpty();
        assertThat(view.accountId()).contains(SampleEvents.ACCOUNT_ID);
    }

    @Test
    void aClosureMovesThroughItsStagesQueuedOnlyWhenTheProvisionerHadToWait() {
        for (boolean queued : List.of(true, false)) {
            List<Stage> stages = new ArrayList<>();
            RequestView view = RequestView.empty(ID);
            for (LifecycleEvent event : events(Journeys.closure(ID, "old-service", "someone@x.gov.uk", START, queued))) {
                view = view.with(event);
                stages.add(view.stage());
                if (view.stage() == Stage.CLOSED) {
                    assertThat(view.waitingOn()).extracting(RequestView.Waiting::task)
                            .containsExactly(RequestView.Waiting.Task.ROOT_MFA_REMOVAL);
                }
            }
            List<Stage> expected = new ArrayList<>(List.of(Stage.SUBMITTED, Stage.TERRAFORM_GENERATED, Stage.PR_OPEN, Stage.PR_MERGED));
            if (queued) {
                expected.add(Stage.CLOSURE_QUEUED);
            }
            expected.addAll(List.of(Stage.CLOSING, Stage.CLOSED, Stage.COMPLETE));
            assertThat(stages).as("queued: " + queued).containsExactlyElementsOf(expected);
            assertThat(view.stageEntries().keySet()).containsExactlyElementsOf(expected);
            assertThat(view.kind()).isEqualTo(RequestKind.ACCOUNT_CLOSURE);
            assertThat(view.accountId()).contains(SampleEvents.ACCOUNT_ID);
            assertThat(view.subjects()).containsExactly("old-service");
            assertThat(view.waitingOn()).isEmpty();
            assertThat(view.queuedUntil()).as("gone from the queue").isEmpty();
            assertThat(view.reinstatableUntil()).isPresent();
        }
        List<LifecycleEvent> queued = events(Journeys.closure(ID, "old-service", "someone@x.gov.uk", START, true));
        RequestView inQueue = apply(queued.subList(0, 5));
        assertThat(inQueue.queuedUntil()).contains(queued.get(5).occurredAt());
        assertThat(Stage.SUBMITTED.title(inQueue.kind())).isEqualTo("Closure requested");
        assertThat(Stage.SUBMITTED.title(RequestKind.NEW_ACCOUNT)).isEqualTo("Submitted");
        // the provisioner's events alone tell the kind, and the stage
        RequestView early = apply(queued.subList(5, 7));
        assertThat(early.kind()).isEqualTo(RequestKind.ACCOUNT_CLOSURE);
        assertThat(early.stage()).isEqualTo(Stage.CLOSED);
        assertThat(early.subjects()).containsExactly("old-service");
    }

    @Test
    void closuresQueuedForTheQuotaAreListedSoonestFirstWithTheirLeadTimes() {
        Instant now = START.plus(Duration.ofDays(1));
        List<RequestView> views = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<LifecycleEvent> events = events(Journeys.closure(SampleEvents.newRequestId(), "old-" + (char) ('a' + i), "a@x.gov.uk",
                    START.minus(Duration.ofMinutes(i)), true));
            views.add(apply(events.subList(0, 5)));
        }
        views.add(apply(events(Journeys.closure(SampleEvents.newRequestId(), "done", "a@x.gov.uk", START.minus(Duration.ofDays(5)), true))));

        Statistics statistics = Statistics.of(views, view -> true, now, Duration.ofDays(30));

        assertThat(statistics.closureQueue()).extracting(view -> view.subjects().get(0)).containsExactly("old-c", "old-b", "old-a");
        assertThat(statistics.counts().get(RequestKind.ACCOUNT_CLOSURE)).containsEntry(Stage.CLOSURE_QUEUED, 3)
                .containsEntry(Stage.COMPLETE, 1);
        assertThat(statistics.leadTime(RequestKind.ACCOUNT_CLOSURE, Stage.CLOSURE_QUEUED).median()).isEqualTo(Journeys.IN_CLOSURE_QUEUED);
        assertThat(statistics.leadTime(RequestKind.ACCOUNT_CLOSURE, Stage.CLOSING).median()).isEqualTo(Journeys.IN_CLOSING);
        assertThat(statistics.leadTime(RequestKind.ACCOUNT_CLOSURE, Stage.CLOSED).median()).isEqualTo(Journeys.IN_CLOSED);
        assertThat(statistics.leadTime(RequestKind.ACCOUNT_CLOSURE, null).count()).isEqualTo(1);
    }

    @Test
    void whatWaitsOnAPersonFollowsTheStage() {
        List<LifecycleEvent> events = events(Journeys.account(ID, "pay-staging", "someone@x.gov.uk", START));
        RequestView view = apply(events.subList(0, 3));
        assertThat(view.waitingOn()).extracting(RequestView.Waiting::task).containsExactly(RequestView.Waiting.Task.PR_REVIEW);
        assertThat(view.waitingOn().get(0).since()).isEqualTo(events.get(2).occurredAt());
        view = apply(events.subList(0, 6));
        assertThat(view.waitingOn()).extracting(RequestView.Waiting::task).containsExactly(RequestView.Waiting.Task.ROOT_MFA);
        view = apply(events.subList(0, 8));
        assertThat(view.stage()).isEqualTo(Stage.ROOT_SECURED);
        assertThat(view.waitingOn()).extracting(RequestView.Waiting::task).containsExactly(RequestView.Waiting.Task.KEYS_RETURN);
    }

    @Test
    void duplicatesAndAnyOrderGiveTheSameView() {
        sameViewWhateverTheOrder(events(Journeys.account(ID, "pay-staging", "someone@x.gov.uk", START)));
        sameViewWhateverTheOrder(events(Journeys.closure(ID, "old-service", "someone@x.gov.uk", START, true)));
        List<SpecificRecord> handedOver = new ArrayList<>(Journeys.account(ID, "pay-staging", "someone@x.gov.uk", START));
        handedOver.addAll(Journeys.bootstrapRoleChecks(handedOver, SampleEvents.ACCOUNT_ID, BootstrapRoleState.PRESENT,
                BootstrapRoleState.PRESENT, BootstrapRoleState.NOT_VISIBLE, BootstrapRoleState.PRESENT, BootstrapRoleState.REMOVED));
        sameViewWhateverTheOrder(events(handedOver));
    }

    private static void sameViewWhateverTheOrder(List<LifecycleEvent> inOrder) {
        RequestView expected = apply(inOrder);
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<LifecycleEvent> shuffled = new ArrayList<>(inOrder);
            for (LifecycleEvent event : inOrder) {
                for (int copies = random.nextInt(3); copies > 0; copies--) {
                    shuffled.add(event);
                }
            }
            Collections.shuffle(shuffled, random);
            RequestView view = apply(shuffled);
            assertThat(view.stage()).isEqualTo(expected.stage());
            assertThat(view.timeline()).isEqualTo(expected.timeline());
            assertThat(view.stageEntries()).isEqualTo(expected.stageEntries());
            assertThat(view.submission()).isEqualTo(expected.submission());
            assertThat(view.bootstrapRole()).isEqualTo(expected.bootstrapRole());
            assertThat(view.updatedAt()).isEqualTo(expected.updatedAt());
        }
    }

    @Test
    void eventsBeforeTheSubmissionAreKeptAndTellTheKind() {
        List<LifecycleEvent> events = events(Journeys.account(ID, "pay-staging", "someone@x.gov.uk", START));
        RequestView early = apply(events.subList(4, 6));
        assertThat(early.kind()).isEqualTo(RequestKind.NEW_ACCOUNT);
        assertThat(early.stage()).isEqualTo(Stage.AWAITING_ROOT_MFA);
        assertThat(early.requesterEmail()).isEmpty();
        assertThat(early.accountName()).contains("pay-staging");
    }

    @Test
    void aClosedPullRequestRejectsTheRequest() {
        List<LifecycleEvent> events = new ArrayList<>(events(Journeys.account(ID, "pay-staging", "a@x.gov.uk", START)).subList(0, 3));
        events.add(event(SampleEvents.prClosed(ID).setOccurredAt(START.plus(Duration.ofHours(1))).build()));
        RequestView view = apply(events);
        assertThat(view.stage()).isEqualTo(Stage.REJECTED);
        assertThat(view.waitingOn()).isEmpty();
    }

    @Test
    void aFailureIsTheStageUntilProgressIsMadeAfterIt() {
        List<LifecycleEvent> events = events(Journeys.account(ID, "pay-staging", "a@x.gov.uk", START));
        Instant merged = events.get(3).occurredAt();
        LifecycleEvent failed = event(SampleEvents.requestFailed(ID).setOccurredAt(merged.plusSeconds(60)).build());
        RequestView view = apply(List.of(events.get(0), events.get(1), events.get(2), events.get(3), failed));
        assertThat(view.stage()).isEqualTo(Stage.FAILED);
        assertThat(view.waitingOn()).extracting(RequestView.Waiting::task).containsExactly(RequestView.Waiting.Task.FAILURE);
        assertThat(view.failures()).singleElement().satisfies(f -> assertThat(f.stage()).isEqualTo("CREATE_ACCOUNT"));

        RequestView retried = view.with(events.get(4));
        assertThat(retried.stage()).isEqualTo(Stage.ACCOUNT_CREATED);
    }

    @Test
    void anEngineersRetryEndsTheFailureUntilTheStepFailsAgain() {
        List<LifecycleEvent> events = events(Journeys.account(ID, "pay-staging", "a@x.gov.uk", START));
        Instant merged = events.get(3).occurredAt();
        LifecycleEvent failed = event(SampleEvents.requestFailed(ID).setOccurredAt(merged.plusSeconds(60)).build());
        LifecycleEvent retry = event(SampleEvents.retryRequested(ID).setOccurredAt(merged.plusSeconds(120)).build());
        RequestView retried = apply(List.of(events.get(0), events.get(1), events.get(2), events.get(3), failed, retry));
        assertThat(retried.stage()).isEqualTo(Stage.PR_MERGED);
        assertThat(retried.timeline().get(5).detail().describe())
                .isEqualTo("engineer@digital.cabinet-office.gov.uk asked for CREATE_ACCOUNT to be retried: AWS Support raised the account limit");

        LifecycleEvent failedAgain = event(SampleEvents.requestFailed(ID).setEventId("0b0e9f62-8e3c-4a43-9d69-7f5d0c1e2a11")
                .setOccurredAt(merged.plusSeconds(180)).setAttempt(2).build());
        assertThat(retried.with(failedAgain).stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aStepWaitingOnTheOutsideWorldIsOnTheTimelineAndChangesNoStage() {
        List<LifecycleEvent> events = events(Journeys.account(ID, "pay-staging", "a@x.gov.uk", START));
        LifecycleEvent waiting = event(SampleEvents.requestWaiting(ID).setOccurredAt(events.get(1).occurredAt().plusSeconds(1))
                .setUntil(Instant.parse("2026-10-01T10:00:00Z")).build());
        RequestView view = apply(List.of(events.get(0), events.get(1), waiting));
        assertThat(view.stage()).isEqualTo(Stage.TERRAFORM_GENERATED);
        assertThat(view.timeline().get(2).detail().describe())
                .isEqualTo("OPEN_PR is waiting for GitHub until 2026-10-01T10:00:00Z: GitHub's secondary rate limit");

        // on the waiting list while it is the latest word and its time has not come
        Instant until = Instant.parse("2026-10-01T10:00:00Z");
        assertThat(view.waitingOn(until.minusSeconds(60))).extracting(RequestView.Waiting::task)
                .containsExactly(RequestView.Waiting.Task.OUTSIDE_WORLD);
        assertThat(view.waitingOn(until.minusSeconds(60)).get(0).describe(Instant::toString))
                .isEqualTo("Waiting for GitHub until 2026-10-01T10:00:00Z: GitHub's secondary rate limit");
        assertThat(view.waitingOn(until.plusSeconds(1))).isEmpty();
        assertThat(view.waitingOn()).as("not a person's task").isEmpty();
        // progress since: no longer waiting
        RequestView opened = view.with(event(SampleEvents.prOpened(ID).setOccurredAt(waiting.occurredAt().plusSeconds(5)).build()));
        assertThat(opened.waitingOn(until.minusSeconds(60))).extracting(RequestView.Waiting::task)
                .containsExactly(RequestView.Waiting.Task.PR_REVIEW);
        // a time not known: waiting until told otherwise
        RequestView unknown = apply(List.of(events.get(0), events.get(1), event(SampleEvents.requestWaiting(ID)
                .setOccurredAt(events.get(1).occurredAt().plusSeconds(1)).setUntil(null).build())));
        assertThat(unknown.waitingOn(until.plusSeconds(3600)).get(0).describe(Instant::toString))
                .isEqualTo("Waiting for GitHub: GitHub's secondary rate limit");
    }

    @Test
    void aPullRequestOpenedWithAWarningSaysSoOnTheTimeline() {
        LifecycleEvent opened = event(SampleEvents.prOpened(ID).setRepository("gds/aws-users").setNumber(7)
                .setWarnings(List.of("Review was not requested from bob: he is not a collaborator.")).build());
        assertThat(opened.detail().describe())
                .isEqualTo("Pull request gds/aws-users#7 waits for review (warning: Review was not requested from bob: he is not a collaborator.)");
    }

    @Test
    void aUserRequestIsCompleteWhenEveryPersonIsDone() {
        String first = "first@x.gov.uk";
        String second = "second@x.gov.uk";
        List<LifecycleEvent> events = events(Journeys.userAccess(ID, "a@x.gov.uk", START, first, second));
        assertThat(apply(events.subList(0, 5)).stage()).isEqualTo(Stage.PR_MERGED);
        RequestView done = apply(events);
        assertThat(done.stage()).isEqualTo(Stage.USER_CREATED);
        assertThat(done.usersDone()).containsExactlyInAnyOrder(first, second);
        assertThat(done.stageEntries()).containsKeys(Stage.SUBMITTED, Stage.USER_CREATED);
    }

    @Test
    void aRepeatWithAnotherTimeKeepsTheEarliestWhateverComesFirst() {
        LifecycleEvent opened = event(SampleEvents.prOpened(ID).setOccurredAt(START).build());
        LifecycleEvent again = event(SampleEvents.prOpened(ID).setOccurredAt(START.plusSeconds(30)).build());
        assertThat(RequestView.empty(ID).with(opened).with(again).timeline())
                .isEqualTo(RequestView.empty(ID).with(again).with(opened).timeline())
                .singleElement().extracting(LifecycleEvent::occurredAt).isEqualTo(START);
    }

    @Test
    void leadTimesAreMedianAndNinetiethPercentileOfTheStagesLeftInTheWindow() {
        List<RequestView> views = new ArrayList<>();
        Instant now = START.plus(Duration.ofDays(10));
        for (int i = 0; i < 10; i++) {
            String id = SampleEvents.newRequestId();
            List<LifecycleEvent> events = events(Journeys.account(id, "name-" + (char) ('a' + i), "a@x.gov.uk", START));
            // the i-th request's pull request waited i extra hours
            List<LifecycleEvent> shifted = new ArrayList<>();
            for (int e = 0; e < events.size(); e++) {
                LifecycleEvent event = events.get(e);
                long extra = e >= 3 ? Duration.ofHours(i).toMillis() : 0;
                shifted.add(new LifecycleEvent(event.type(), event.requestId(), event.idHigh(), event.idLow(),
                        event.causeHigh(), event.causeLow(),
                        event.occurredAtMillis() + extra, event.detail()));
            }
            views.add(apply(shifted));
        }
        String old = SampleEvents.newRequestId();
        views.add(apply(events(Journeys.account(old, "old", "a@x.gov.uk", START.minus(Duration.ofDays(60))))));

        Statistics statistics = Statistics.of(views, view -> true, now, Duration.ofDays(30));

        Statistics.LeadTime review = statistics.leadTime(RequestKind.NEW_ACCOUNT, Stage.PR_OPEN);
        assertThat(review.count()).isEqualTo(10);
        assertThat(review.median()).isEqualTo(Journeys.IN_PR_OPEN.plusHours(4));
        assertThat(review.p90()).isEqualTo(Journeys.IN_PR_OPEN.plusHours(8));
        assertThat(statistics.leadTime(RequestKind.NEW_ACCOUNT, Stage.SUBMITTED).median()).isEqualTo(Journeys.IN_SUBMITTED);
        assertThat(statistics.leadTime(RequestKind.NEW_ACCOUNT, null).count()).isEqualTo(10);
        assertThat(statistics.counts().get(RequestKind.NEW_ACCOUNT).get(Stage.COMPLETE)).isEqualTo(11);
    }

    static RequestView apply(List<LifecycleEvent> events) {
        RequestView view = RequestView.empty(events.get(0).requestId());
        for (LifecycleEvent event : events) {
            view = view.with(event);
        }
        return view;
    }

    @Test
    void anEventNeverShowsBeforeItsCauseWhateverTheClocksSay() {
        // GitHub's times are whole seconds: a pull request opened within the request's second reads earlier.
        String submitted = SampleEvents.eventId(ID, uk.gov.gds.awsam.events.EventType.REQUEST_SUBMITTED);
        String generated = SampleEvents.eventId(ID, uk.gov.gds.awsam.events.EventType.TERRAFORM_GENERATED);
        List<SpecificRecord> records = List.of(
                SampleEvents.requestSubmitted(ID).setOccurredAt(START.plusMillis(688)).build(),
                SampleEvents.terraformGenerated(ID).setCausationId(submitted).setOccurredAt(START.plusMillis(900)).build(),
                SampleEvents.prOpened(ID).setCausationId(generated).setOccurredAt(START).build());
        List<LifecycleEvent> events = new ArrayList<>(events(records));
        for (int round = 0; round < 6; round++) {
            Collections.shuffle(events, new Random(round));
            RequestView view = RequestView.empty(ID);
            for (LifecycleEvent event : events) {
                view = view.with(event);
            }
            assertThat(view.timeline()).extracting(LifecycleEvent::type).containsExactly(
                    LifecycleEvent.Type.REQUEST_SUBMITTED, LifecycleEvent.Type.TERRAFORM_GENERATED, LifecycleEvent.Type.PR_OPENED);
        }
    }

    static List<LifecycleEvent> events(List<SpecificRecord> records) {
        return records.stream().map(LifecycleEvents::toDomain).toList();
    }

    private static LifecycleEvent event(SpecificRecord record) {
        return LifecycleEvents.toDomain(record);
    }

}
