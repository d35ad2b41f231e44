package uk.gov.gds.awsam.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReminderScheduleTest {

    private static final Instant SECURED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theFirstReminderIsDueAfterTheDelayThenOneMoreEveryRepeat() {
        ReminderSchedule schedule = new ReminderSchedule(Duration.ofHours(4), Duration.ofHours(24));
        assertThat(schedule.latestDue(SECURED, SECURED.plus(Duration.ofHours(3)))).isEmpty();
        assertThat(schedule.latestDue(SECURED, SECURED.plus(Duration.ofHours(4)))).hasValue(1);
        assertThat(schedule.latestDue(SECURED, SECURED.plus(Duration.ofHours(27)))).hasValue(1);
        assertThat(schedule.latestDue(SECURED, SECURED.plus(Duration.ofHours(28)))).hasValue(2);
        assertThat(schedule.latestDue(SECURED, SECURED.plus(Duration.ofDays(10)))).hasValue(10);
    }

    @Test
    void withoutRepeatThereIsOneReminder() {
        ReminderSchedule once = new ReminderSchedule(Duration.ofHours(1), Duration.ZERO);
        assertThat(once.latestDue(SECURED, SECURED.plus(Duration.ofDays(30)))).hasValue(1);
    }

    @Test
    void custodyKnowsWhichKeysAreOutWhateverOrderTheEventsAreReadIn() {
        KeyCustody custody = new KeyCustody();
        custody.returned(new Facts.KeysReturned("r1", "back-first", "1"));
        custody.secured(new Facts.AccountSecured("s1", "back-first", SECURED, "1", "arn", List.of(), List.of()));
        custody.secured(new Facts.AccountSecured("s2", "out", SECURED, "2", "arn", List.of(), List.of()));
        custody.seeded(new Facts.RootMfaSeeded("m2", "out", "2", "eng@x.gov.uk", List.of("k1")));
        custody.seeded(new Facts.RootMfaSeeded("m3", "not-secured-yet", "3", "eng@x.gov.uk", List.of()));

        assertThat(custody.outstanding()).extracting(KeyCustody.Keys::requestId).containsExactly("out");
        KeyCustody.Keys out = custody.outstanding().get(0);
        assertThat(out.engineer()).isEqualTo("eng@x.gov.uk");
        assertThat(out.serials()).containsExactly("k1");
        assertThat(out.securedAt()).isEqualTo(SECURED);
    }
}
