package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.request.messaging.LifecycleEvents;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/** What the intake asks of the view: names taken, keys remembered, listeners told once. */
class ProjectionTest {

    private static final Instant START = Instant.parse("2026-10-01T09:00:00Z");

    @Test
    void aNameIsTakenUntilEveryRequestForItIsRejected() {
        Projection projection = new Projection();
        String first = SampleEvents.newRequestId();
        String second = SampleEvents.newRequestId();
        apply(projection, Journeys.account(first, "pay-staging", "a@x.gov.uk", START).subList(0, 3));
        apply(projection, Journeys.account(second, "pay-staging", "b@x.gov.uk", START).subList(0, 3));
        assertThat(projection.isAccountNameTaken("pay-staging")).isTrue();

        projection.apply(LifecycleEvents.toDomain(SampleEvents.prClosed(first).setOccurredAt(START.plus(Duration.ofHours(1))).build()));
        assertThat(projection.isAccountNameTaken("pay-staging")).isTrue();
        projection.apply(LifecycleEvents.toDomain(SampleEvents.prClosed(second).setOccurredAt(START.plus(Duration.ofHours(1))).build()));
        assertThat(projection.isAccountNameTaken("pay-staging")).isFalse();
        assertThat(projection.isAccountNameTaken("other-name")).isFalse();
    }

    @Test
    void manyRequestsForOneNameStayCheap() {
        Projection projection = new Projection();
        for (int i = 0; i < 50_000; i++) {
            projection.apply(LifecycleEvents.toDomain(SampleEvents.requestSubmitted(SampleEvents.newRequestId()).build()));
        }
        assertThat(projection.isAccountNameTaken(SampleEvents.ACCOUNT_NAME)).isTrue();
        assertThat(projection.size()).isEqualTo(50_000);
    }

    @Test
    void listenersHearOfChangesOnlyAndSubscribersMissNothing() {
        Projection projection = new Projection();
        String id = SampleEvents.newRequestId();
        List<String> heard = new ArrayList<>();
        List<String> initial = new ArrayList<>();
        var events = Journeys.account(id, "pay-staging", "a@x.gov.uk", START);
        apply(projection, events.subList(0, 2));
        projection.subscribe(id, view -> initial.add(view.map(v -> v.stage().name()).orElse("none")),
                (view, event) -> heard.add(event.type() + "->" + view.stage()));
        apply(projection, events.subList(1, 3));

        assertThat(initial).containsExactly("TERRAFORM_GENERATED");
        assertThat(heard).containsExactly("PR_OPENED->PR_OPEN");
        assertThat(projection.repeats()).isEqualTo(1);
    }

    private static void apply(Projection projection, List<org.apache.avro.specific.SpecificRecord> events) {
        events.forEach(event -> projection.apply(LifecycleEvents.toDomain(event)));
    }
}
