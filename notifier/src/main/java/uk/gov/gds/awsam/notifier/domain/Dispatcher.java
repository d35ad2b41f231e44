package uk.gov.gds.awsam.notifier.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import uk.gov.gds.awsam.notifier.domain.mail.UserWelcomeMail;

/**
 * Delivers the emails of one event, one after the other: an email whose Message-ID is in the sent-log is
 * skipped; any other is sent (the transport retries while the SMTP server is away, and fails only for
 * good), then written to the local sent journal (durable on this machine's disk, whether or not the broker can be
 * reached), then recorded in the sent-log. Completes when every email is sent and recorded; fails when one
 * could not be sent for good, or was sent but could not be journaled, after trying all the others. Either way, an
 * initial password the emails carry is then wiped.
 */
public final class Dispatcher {

    /** Sends one email; completes when the SMTP server accepted it, fails only when it never will. */
    public interface MailTransport {
        CompletionStage<Void> send(Email email);
    }

    /** Records that an email was sent, durably (the compacted sent-log topic). */
    public interface SentLogWriter {
        CompletionStage<Void> record(Email email);
    }

    /**
     * Records, on this machine, that the SMTP server accepted an email: only its Message-ID, appended and on the
     * disk before the stage completes. It closes the window between the SMTP server's acceptance and the sent-log
     * record, which needs the broker: a {@link SentLog} made at the next start holds what the journal holds
     * ({@link SentLog#addJournaled}). Fails when the Message-ID could not be written.
     */
    public interface SentJournal {
        CompletionStage<Void> append(String messageId);
    }

    /** Told of each outcome, for metrics and logs. */
    public interface Listener {
        void sent(Email email);

        void skippedAsDuplicate(Email email);

        void failed(Email email, Throwable cause);
    }

    private final MailTransport transport;
    private final SentJournal journal;
    private final SentLogWriter writer;
    private final SentLog sentLog;
    private final Listener listener;

    public Dispatcher(MailTransport transport, SentJournal journal, SentLogWriter writer, SentLog sentLog, Listener listener) {
        this.transport = transport;
        this.journal = journal;
        this.writer = writer;
        this.sentLog = sentLog;
        this.listener = listener;
    }

    public CompletionStage<Void> deliver(List<Email> emails) {
        List<Email> failed = new ArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Email email : emails) {
            chain = chain.thenCompose(previous -> deliverOne(email).exceptionally(cause -> {
                synchronized (failed) {
                    failed.add(email);
                }
                listener.failed(email, cause);
                return null;
            }));
        }
        return chain.whenComplete((done, failure) -> emails.stream().map(Email::model).filter(UserWelcomeMail.class::isInstance)
                .map(UserWelcomeMail.class::cast).filter(UserWelcomeMail::hasPassword).forEach(welcome -> welcome.password().wipe()))
                .thenCompose(done -> failed.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                : CompletableFuture.<Void>failedFuture(new DeliveryFailedException(failed)));
    }

    private CompletionStage<Void> deliverOne(Email email) {
        if (sentLog.contains(email.messageId())) {
            listener.skippedAsDuplicate(email);
            return CompletableFuture.completedFuture(null);
        }
        return transport.send(email)
                .thenCompose(accepted -> journaled(email))
                .thenCompose(journalFailure -> writer.record(email).thenCompose(recorded -> {
                    sentLog.add(email.messageId());
                    if (journalFailure != null) {
                        return CompletableFuture.<Void>failedFuture(new NotJournaledException(email, journalFailure));
                    }
                    listener.sent(email);
                    return CompletableFuture.<Void>completedFuture(null);
                }));
    }

    /**
     * Appends the email's Message-ID to the journal: completes with null once it is written, or with why it could not
     * be. The email is sent either way, so it is still recorded in the sent-log before the delivery fails.
     */
    private CompletionStage<Throwable> journaled(Email email) {
        return CompletableFuture.completedFuture(email.messageId()).thenCompose(journal::append)
                .handle((written, failure) -> failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
    }

    /** The SMTP server accepted an email but the sent journal could not be written (a full or read-only disk). */
    public static final class NotJournaledException extends RuntimeException {

        public NotJournaledException(Email email, Throwable cause) {
            super("sent " + email.template() + " " + email.messageId() + " but could not write it to the sent journal: " + cause, cause);
        }
    }

    /** Some emails of an event could not be sent for good (e.g. the SMTP server refused a recipient). */
    public static final class DeliveryFailedException extends RuntimeException {

        public DeliveryFailedException(List<Email> failed) {
            super("could not send " + failed.size() + " email(s): " + failed.stream()
                    .map(email -> email.template() + " " + email.messageId()).toList());
        }
    }
}
