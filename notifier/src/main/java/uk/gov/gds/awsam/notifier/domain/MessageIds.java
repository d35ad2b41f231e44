package uk.gov.gds.awsam.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The Message-IDs of the notifier's emails (RFC 5322 {@code <left@right>}): a name-based UUID of the event
 * that caused the email, the template and the recipient, so that handling an event again yields the very
 * same Message-ID, whichever instance does it and after any restart.
 */
public final class MessageIds {

    private final String domain;

    public MessageIds(String domain) {
        if (domain == null || domain.isBlank() || domain.contains(">") || domain.contains("@")) {
            throw new IllegalArgumentException("not a Message-ID domain: " + domain);
        }
        this.domain = domain;
    }

    public String of(String causeId, Template template, String recipient) {
        String name = causeId + "|" + template.name() + "|" + recipient.trim().toLowerCase(Locale.ROOT);
        return "<" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)) + "@" + domain + ">";
    }

    /** The id every email of one request refers to, so they form one thread. */
    public String thread(String requestId) {
        return "<request-" + requestId + "@" + domain + ">";
    }

    /** The cause of the n-th YubiKey reminder of a RootSecured event. */
    public static String reminderCause(String rootSecuredEventId, int reminder) {
        return rootSecuredEventId + "/yubikey-reminder-" + reminder;
    }
}
