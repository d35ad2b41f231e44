package uk.gov.gds.awsam.notifier.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import uk.gov.gds.awsam.notifier.domain.mail.UserWelcomeMail;

/**
 * Delivers the emails of one event, one after the other: an email whose Message-ID is in the sent-log is
 * skipped; any other is sent (the transport retries while the SMTP server is away, and fails only for
 * good), then recorded in the sent-log. Completes when every email is sent and recorded; fails when one
 * could not be sent for good, after trying all the others. Either way, an initial password the emails carry is
 * then wiped.
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

    /** Told of each outcome, for metrics and logs. */
    public interface Listener {
        void sent(Email email);

        void skippedAsDuplicate(Email email);

        void failed(Email email, Throwable cause);
    }

    private final MailTransport transport;
    private final SentLogWriter writer;
    private final SentLog sentLog;
    private final Listener listener;

    public Dispatcher(MailTransport transport, SentLogWriter writer, SentLog sentLog, Listener listener) {
        this.transport = transport;
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
                .thenCompose(accepted -> writer.record(email))
                .thenRun(() -> {
                    sentLog.add(email.messageId());
                    listener.sent(email);
                });
    }

    /** Some emails of an event could not be sent for good (e.g. the SMTP server refused a recipient). */
    public static final class DeliveryFailedException extends RuntimeException {

        public DeliveryFailedException(List<Email> failed) {
            super("could not send " + failed.size() + " email(s): " + failed.stream()
                    .map(email -> email.template() + " " + email.messageId()).toList());
        }
    }
}
