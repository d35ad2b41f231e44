package uk.gov.gds.awsam.provisioner.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.provisioner.domain.Journal;

/**
 * The journal on the provisioner's compacted internal topic ({@link uk.gov.gds.awsam.events.InternalTopic#PROVISIONER_JOURNAL}):
 * key {@code <requestId>/<kind>/<user>}, value a small JSON document, a tombstone once the outcome is published.
 * Written with the broker's acknowledgement awaited; read back at start with the published events.
 */
@ApplicationScoped
public class ProvisionerJournal implements Journal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REMOVAL = "removal-plan";
    private static final String PASSWORD = "sets-password";

    private final Emitter<String> journal;
    private final PublishedEvents published;

    public ProvisionerJournal(@Channel("journal") Emitter<String> journal, PublishedEvents published) {
        this.journal = journal;
        this.published = published;
    }

    @Override
    public Optional<RemovalPlan> removalPlan(String requestId, String userName) {
        return published.journalEntry(key(requestId, REMOVAL, userName)).map(json -> {
            try {
                return JSON.readValue(json, RemovalPlan.class);
            } catch (IOException e) {
                throw new UncheckedIOException("an unreadable removal plan in the journal for " + userName, e);
            }
        });
    }

    @Override
    public void recordRemovalPlan(String requestId, RemovalPlan plan) {
        try {
            write(key(requestId, REMOVAL, plan.userName()), JSON.writeValueAsString(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean setsPassword(String requestId, String userName) {
        return published.journalEntry(key(requestId, PASSWORD, userName)).isPresent();
    }

    @Override
    public void recordSettingPassword(String requestId, String userName) {
        if (!setsPassword(requestId, userName)) {
            write(key(requestId, PASSWORD, userName), "{\"userName\":" + quoted(userName) + "}");
        }
    }

    @Override
    public void forget(String requestId, String userName) {
        for (String kind : new String[] { REMOVAL, PASSWORD }) {
            String key = key(requestId, kind, userName);
            if (published.journalEntry(key).isPresent()) {
                write(key, null);
            }
        }
    }

    private void write(String key, String value) {
        ProvisionerEvents.awaitAcknowledged(EventMessages.sendAcknowledged(journal, value,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())), "journal entry " + key);
        published.recordJournal(key, value);
    }

    static String key(String requestId, String kind, String userName) {
        return requestId + "/" + kind + "/" + userName;
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
