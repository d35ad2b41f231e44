package uk.gov.gds.awsam.provisioner.domain;

import java.time.Instant;
import java.util.List;

import uk.gov.gds.awsam.provisioner.domain.Facts.Fact;

/** Where the provisioner's facts go (its topics): each once, returning when the broker has acknowledged it. */
public interface Publisher {

    /** Whether the event with this id was already published. */
    boolean published(String eventId);

    /** When each closure the provisioner announced (AccountClosing) was requested, at or after {@code since}. */
    List<Instant> closuresRequestedSince(Instant since);

    /** Publishes the fact unless its id was published before; true when it was sent now. */
    boolean publish(Fact fact);
}
