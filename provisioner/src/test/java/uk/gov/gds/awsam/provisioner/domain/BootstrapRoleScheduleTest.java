package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.Announced;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.Check;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.Due;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.HandOver;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.RoleState;

/** Which looks for the bootstrap role are due, from what the topics hold. */
class BootstrapRoleScheduleTest {

    private static final Duration AFTER = Duration.ofDays(14);
    private static final Duration EVERY = Duration.ofDays(7);
    private static final Instant HANDED_OVER = Instant.parse("2026-11-02T10:15:00Z");
    private static final String REQUEST = "4f1c8a52-8a8e-4c9b-9a57-0d3f2b7c1e11";
    private static final String RETURNED = "b7d0e1f2-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
    private static final String ACCOUNT = "210987654321";

    private final BootstrapRoleSchedule schedule = new BootstrapRoleSchedule(AFTER, EVERY);
    private final Topics topics = new Topics();

    @Test
    void theFirstLookIsDueCheckAfterTheHandOverCausedByTheYubikeysReturned() {
        topics.handedOver(REQUEST, RETURNED, ACCOUNT, "team-prod");

        assertThat(schedule.due(topics, HANDED_OVER.plus(AFTER).minusMillis(1))).isEmpty();
        assertThat(schedule.due(topics, HANDED_OVER.plus(AFTER))).singleElement().satisfies(due -> {
            assertThat(due.number()).isEqualTo(1);
            assertThat(due.eventId()).isEqualTo(BootstrapRoleSchedule.eventId(RETURNED, 1));
            assertThat(due.causationId()).isEqualTo(RETURNED);
            assertThat(due.requestId()).isEqualTo(REQUEST);
            assertThat(due.accountId()).isEqualTo(ACCOUNT);
            assertThat(due.accountName()).isEqualTo("team-prod");
            assertThat(due.handedOverAt()).isEqualTo(HANDED_OVER);
        });
    }

    @Test
    void thenEveryCheckEveryFromTheLastLookWhileTheRoleIsThereOrCannotBeSeen() {
        topics.handedOver(REQUEST, RETURNED, ACCOUNT, "team-prod");
        Instant first = HANDED_OVER.plus(AFTER).plusSeconds(30);
        Check one = topics.checked(REQUEST, schedule.due(topics, first).get(0), RoleState.PRESENT, first);

        assertThat(one.nextCheckAt()).isEqualTo(first.plus(EVERY));
        assertThat(schedule.due(topics, first.plus(EVERY).minusMillis(1))).as("not before nextCheckAt").isEmpty();
        Due second = schedule.due(topics, first.plus(EVERY)).get(0);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.eventId()).isEqualTo(BootstrapRoleSchedule.eventId(RETURNED, 2)).isNotEqualTo(one.eventId());
        assertThat(second.causationId()).isEqualTo(one.eventId());

        Instant secondAt = first.plus(EVERY);
        topics.checked(REQUEST, second, RoleState.NOT_VISIBLE, secondAt);
        Due third = schedule.due(topics, secondAt.plus(EVERY)).get(0);
        assertThat(third.number()).isEqualTo(3);
        assertThat(third.causationId()).isEqualTo(second.eventId());
    }

    @Test
    void aProvisionerDownForWeeksLooksOnceNotOncePerMissedWeek() {
        topics.handedOver(REQUEST, RETURNED, ACCOUNT, "team-prod");
        Instant muchLater = HANDED_OVER.plus(Duration.ofDays(60));

        Due due = schedule.due(topics, muchLater).get(0);
        assertThat(due.number()).isEqualTo(1);
        topics.checked(REQUEST, due, RoleState.PRESENT, muchLater);
        assertThat(schedule.due(topics, muchLater.plusSeconds(1))).isEmpty();
    }

    @Test
    void noLookAfterTheRoleWasSeenRemoved() {
        topics.handedOver(REQUEST, RETURNED, ACCOUNT, "team-prod");
        Instant first = HANDED_OVER.plus(AFTER);
        topics.checked(REQUEST, schedule.due(topics, first).get(0), RoleState.REMOVED, first);

        assertThat(schedule.due(topics, first.plus(Duration.ofDays(365)))).isEmpty();
    }

    @Test
    void noLookAfterTheProvisionerAnnouncedTheAccountsClosure() {
        topics.handedOver(REQUEST, RETURNED, ACCOUNT, "team-prod");
        Instant first = HANDED_OVER.plus(AFTER);
        topics.checked(REQUEST, schedule.due(topics, first).get(0), RoleState.PRESENT, first);
        topics.closing.add(ACCOUNT);

        assertThat(schedule.due(topics, first.plus(EVERY).plus(EVERY))).isEmpty();
    }

    @Test
    void accountsTheProvisionerDidNotAnnounceAreNotWatched() {
        topics.handOvers.add(new HandOver(REQUEST, RETURNED, ACCOUNT, HANDED_OVER));
        String other = "5a6b7c8d-0000-4000-8000-000000000001";
        topics.handedOver(other, "e1e2e3e4-0000-4000-8000-000000000002", "123123123123", "made-by-system");
        topics.announced.put(other, new Announced("999999999999", "another-account"));

        assertThat(schedule.due(topics, HANDED_OVER.plus(Duration.ofDays(100)))).as("no AccountCreated; another account announced").isEmpty();
    }

    @Test
    void theLongestOverdueComesFirstAndTheIdsAreTheSameEachTimeTheyAreAskedFor() {
        topics.handedOver(REQUEST, RETURNED, ACCOUNT, "team-prod");
        String earlier = "5a6b7c8d-0000-4000-8000-000000000003";
        topics.handOvers.add(new HandOver(earlier, "e1e2e3e4-0000-4000-8000-000000000004", "111122223333", HANDED_OVER.minusSeconds(60)));
        topics.announced.put(earlier, new Announced("111122223333", "earlier"));
        Instant now = HANDED_OVER.plus(AFTER);

        List<Due> due = schedule.due(topics, now);
        assertThat(due).extracting(Due::requestId).containsExactly(earlier, REQUEST);
        assertThat(schedule.due(topics, now.plusSeconds(5))).extracting(Due::eventId).isEqualTo(due.stream().map(Due::eventId).toList());
    }

    /** The topics as the provisioner reads them back. */
    private final class Topics implements BootstrapRoleSchedule.Known {
        final List<HandOver> handOvers = new ArrayList<>();
        final Map<String, Announced> announced = new HashMap<>();
        final Map<String, List<Check>> checks = new HashMap<>();
        final Set<String> closing = new HashSet<>();

        void handedOver(String requestId, String returnedId, String accountId, String accountName) {
            handOvers.add(new HandOver(requestId, returnedId, accountId, HANDED_OVER));
            announced.put(requestId, new Announced(accountId, accountName));
        }

        /** The check published, as BootstrapRoleCheck makes it. */
        Check checked(String requestId, Due due, RoleState state, Instant at) {
            Check check = new Check(due.eventId(), state, at, state == RoleState.REMOVED ? null : schedule.nextCheckAt(at));
            checks.computeIfAbsent(requestId, id -> new ArrayList<>()).add(check);
            return check;
        }

        @Override
        public Collection<HandOver> handOvers() {
            return handOvers;
        }

        @Override
        public Optional<Announced> announced(String requestId) {
            return Optional.ofNullable(announced.get(requestId));
        }

        @Override
        public List<Check> checks(String requestId) {
            return checks.getOrDefault(requestId, List.of());
        }

        @Override
        public boolean closing(String accountId) {
            return closing.contains(accountId);
        }
    }
}
