package uk.gov.gds.awsam.notifier.messaging;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import uk.gov.gds.awsam.notifier.client.FileSentJournal;
import uk.gov.gds.awsam.notifier.domain.SentLog;

/**
 * At start, once the state feed has read the sent-log topic as far as it went: records on the topic every Message-ID
 * of the sent journal that the topic lacks (an earlier process had the email accepted by the SMTP server, journaled
 * it, and was stopped before the broker acknowledged its record), so the topic, which outlives this machine's disk,
 * catches up; then drops from the journal what it held at start, which the topic now holds. Until then, and if it
 * fails, the journal keeps it, and the next start tries again.
 */
@ApplicationScoped
public class SentJournalCatchUp {

    private static final Logger LOG = Logger.getLogger(SentJournalCatchUp.class);

    private final FileSentJournal journal;
    private final SentLog sentLog;
    private final StateFeed feed;
    private final KafkaSentLogWriter writer;

    public SentJournalCatchUp(FileSentJournal journal, SentLog sentLog, StateFeed feed, KafkaSentLogWriter writer) {
        this.journal = journal;
        this.sentLog = sentLog;
        this.feed = feed;
        this.writer = writer;
    }

    void onStart(@Observes StartupEvent started) {
        catchUp();
    }

    CompletionStage<Void> catchUp() {
        if (journal.loaded().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return feed.sync().thenCompose(synced -> {
            Set<String> missing = sentLog.journaledOnly();
            LOG.infof("Sent journal: %d Message-IDs from an earlier process, %d of them not on the sent-log topic (recorded now)",
                    journal.loaded().size(), missing.size());
            CompletionStage<Void> all = CompletableFuture.completedFuture(null);
            for (String messageId : missing) {
                all = all.thenCompose(previous -> writer.recordJournaled(messageId)).thenRun(() -> sentLog.add(messageId));
            }
            return all;
        }).thenCompose(recorded -> journal.forgetLoaded()).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warnf("Sent journal not caught up with the sent-log topic (tried again at the next start): %s", failure.toString());
            }
        });
    }
}
