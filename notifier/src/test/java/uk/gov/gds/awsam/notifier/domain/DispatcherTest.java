package uk.gov.gds.awsam.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.notifier.domain.mail.UserWelcomeMail;

class DispatcherTest {

    private final List<String> sent = new ArrayList<>();
    private final List<String> journal = new ArrayList<>();
    private final List<String> recorded = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final SentLog sentLog = new SentLog();

    private Dispatcher dispatcher(String refusedRecipient) {
        Dispatcher.SentLogWriter writer = email -> {
            recorded.add(email.messageId());
            return CompletableFuture.completedFuture(null);
        };
        return dispatcher(refusedRecipient, writer, sentLog);
    }

    private Dispatcher dispatcher(String refusedRecipient, Dispatcher.SentLogWriter writer, SentLog sentLog) {
        Dispatcher.SentJournal journaled = messageId -> {
            journal.add(messageId);
            return CompletableFuture.completedFuture(null);
        };
        return dispatcher(refusedRecipient, journaled, writer, sentLog);
    }

    private Dispatcher dispatcher(String refusedRecipient, Dispatcher.SentJournal journal, Dispatcher.SentLogWriter writer,
            SentLog sentLog) {
        Dispatcher.MailTransport transport = email -> {
            if (email.to().equals(refusedRecipient)) {
                return CompletableFuture.failedFuture(new IllegalStateException("550 no such user"));
            }
            sent.add(email.messageId());
            return CompletableFuture.completedFuture(null);
        };
        return new Dispatcher(transport, journal, writer, sentLog, new Dispatcher.Listener() {
            @Override
            public void sent(Email email) {
                outcomes.add("sent " + email.to());
            }

            @Override
            public void skippedAsDuplicate(Email email) {
                outcomes.add("duplicate " + email.to());
            }

            @Override
            public void failed(Email email, Throwable cause) {
                outcomes.add("failed " + email.to());
            }
        });
    }

    private static Email email(String id, String to) {
        return new Email(id, "<t>", "r", "c", Template.PR_OPENED, to, "s", "model");
    }

    @Test
    void eachEmailIsSentThenRecordedAndWhatTheSentLogHoldsIsSkipped() throws Exception {
        sentLog.add("<already>");
        dispatcher(null).deliver(List.of(email("<a>", "a@x"), email("<already>", "b@x"), email("<c>", "c@x")))
                .toCompletableFuture().get();

        assertThat(sent).containsExactly("<a>", "<c>");
        assertThat(journal).containsExactly("<a>", "<c>");
        assertThat(recorded).containsExactly("<a>", "<c>");
        assertThat(outcomes).containsExactly("sent a@x", "duplicate b@x", "sent c@x");
        assertThat(sentLog.contains("<a>")).isTrue();
        assertThat(sentLog.contains("<c>")).isTrue();
    }

    @Test
    void anEmailRefusedForGoodFailsTheDeliveryAfterTheOthersAreSentAndIsNotRecorded() {
        CompletableFuture<Void> delivery = dispatcher("b@x")
                .deliver(List.of(email("<a>", "a@x"), email("<b>", "b@x"), email("<c>", "c@x"))).toCompletableFuture();

        assertThatThrownBy(delivery::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(Dispatcher.DeliveryFailedException.class).hasMessageContaining("<b>");
        assertThat(sent).containsExactly("<a>", "<c>");
        assertThat(recorded).containsExactly("<a>", "<c>");
        assertThat(sentLog.contains("<b>")).isFalse();
        assertThat(outcomes).containsExactly("sent a@x", "failed b@x", "sent c@x");
    }

    /**
     * The crash point: the SMTP server accepted the email and the journal has it, but the sent-log record is never
     * made (the broker is away, then the process is killed). The next process's sent-log, made from the journal
     * before the topic is read, skips it; the topic still lacks it until the journal's catch-up records it.
     */
    @Test
    void anEmailJournaledButNeverRecordedIsSkippedByTheNextProcess() {
        CompletableFuture<Void> neverAcknowledged = new CompletableFuture<>();
        CompletableFuture<Void> killed = dispatcher(null, email -> neverAcknowledged, sentLog)
                .deliver(List.of(email("<a>", "a@x"))).toCompletableFuture();
        assertThat(sent).containsExactly("<a>");
        assertThat(journal).containsExactly("<a>");
        assertThat(killed).isNotDone();

        SentLog afterRestart = new SentLog();
        journal.forEach(afterRestart::addJournaled);
        sent.clear();
        outcomes.clear();
        dispatcher(null, email -> {
            recorded.add(email.messageId());
            return CompletableFuture.completedFuture(null);
        }, afterRestart).deliver(List.of(email("<a>", "a@x"), email("<b>", "b@x"))).toCompletableFuture().join();

        assertThat(sent).containsExactly("<b>");
        assertThat(outcomes).containsExactly("duplicate a@x", "sent b@x");
        assertThat(afterRestart.journaledOnly()).containsExactly("<a>");
        afterRestart.add("<a>");
        assertThat(afterRestart.journaledOnly()).isEmpty();
        assertThat(afterRestart.contains("<a>")).isTrue();
    }

    @Test
    void anEmailSentButNotJournaledIsStillRecordedAndFailsTheDelivery() {
        Dispatcher.SentJournal fullDisk = messageId -> CompletableFuture.failedFuture(new java.io.UncheckedIOException(
                new java.io.IOException("No space left on device")));
        Dispatcher.SentLogWriter writer = email -> {
            recorded.add(email.messageId());
            return CompletableFuture.completedFuture(null);
        };
        CompletableFuture<Void> delivery = dispatcher(null, fullDisk, writer, sentLog).deliver(List.of(email("<a>", "a@x")))
                .toCompletableFuture();

        assertThatThrownBy(delivery::get).hasCauseInstanceOf(Dispatcher.DeliveryFailedException.class).hasMessageContaining("<a>");
        assertThat(sent).containsExactly("<a>");
        assertThat(recorded).as("recorded all the same, so a redelivery sends nothing").containsExactly("<a>");
        assertThat(sentLog.contains("<a>")).isTrue();
        assertThat(outcomes).containsExactly("failed a@x");
    }

    @Test
    void theInitialPasswordOfTheEmailsIsWipedOnceTheyAreSentOrFailed() throws Exception {
        InitialPassword sent = new InitialPassword("sent-password".toCharArray());
        InitialPassword refused = new InitialPassword("refused-password".toCharArray());
        dispatcher(null).deliver(List.of(welcome("<w1>", "a@x", sent), email("<g>", "b@x"))).toCompletableFuture().get();
        CompletableFuture<Void> failed = dispatcher("c@x").deliver(List.of(welcome("<w2>", "c@x", refused))).toCompletableFuture();

        assertThatThrownBy(failed::get).hasCauseInstanceOf(Dispatcher.DeliveryFailedException.class);
        assertThat(sent.isWiped()).isTrue();
        assertThat(refused.isWiped()).isTrue();
    }

    private static Email welcome(String id, String to, InitialPassword password) {
        return new Email(id, "<t>", "r", "c", Template.USER_WELCOME, to, "s",
                new UserWelcomeMail(to, false, "url", "1", List.of(), password, 16, 8, "cli", "guide"));
    }

    @Test
    void messageIdsAreWellFormedAndIgnoreTheRecipientsCase() {
        MessageIds ids = new MessageIds("notifier.example");
        assertThat(ids.of("e", Template.PR_OPENED, "A@Example.gov.uk")).isEqualTo(ids.of("e", Template.PR_OPENED, "a@example.gov.uk"))
                .matches("<[0-9a-f-]{36}@notifier\\.example>");
        assertThat(ids.of("e", Template.PR_OPENED, "a@x")).isNotEqualTo(ids.of("e", Template.PR_CLOSED, "a@x"));
        assertThatThrownBy(() -> new MessageIds("bad@domain")).isInstanceOf(IllegalArgumentException.class);
    }
}
