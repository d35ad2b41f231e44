package uk.gov.gds.awsam.provisioner.domain;

import uk.gov.gds.awsam.provisioner.domain.Facts.Fact;

/** Where the provisioner's facts go (its topics): each once, returning when the broker has acknowledged it. */
public interface Publisher {

    /** Whether the event with this id was already published. */
    boolean published(String eventId);

    /** Publishes the fact unless its id was published before; true when it was sent now. */
    boolean publish(Fact fact);
}
