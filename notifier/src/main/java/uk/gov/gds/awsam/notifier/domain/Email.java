package uk.gov.gds.awsam.notifier.domain;

import java.util.Objects;

/**
 * One email to one recipient, ready to render and send.
 *
 * @param messageId deterministic for (cause, template, recipient): sending it twice is recognisable
 * @param threadId  the same for every email of a request, so mail clients show them together
 * @param model     what the template shows (a record of {@code domain.mail})
 */
public record Email(String messageId, String threadId, String requestId, String causeId, Template template, String to,
        String subject, Object model) {

    public Email {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
        // never the model: it may hold a password
        return "Email[" + template + " " + messageId + " for request " + requestId + "]";
    }
}
