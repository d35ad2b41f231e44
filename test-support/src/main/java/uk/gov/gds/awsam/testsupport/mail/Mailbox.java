package uk.gov.gds.awsam.testsupport.mail;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * What reached an SMTP server, for assertions: {@link MailServer} (GreenMail in this JVM) or
 * {@link GreenMailApi} (a GreenMail standalone process, read through its REST API). One entry per delivered
 * copy: an email to two recipients is two {@link ReceivedMail}s.
 *
 * <pre>
 * ReceivedMail ack = mail.awaitOne(Mailbox.to(REQUESTER).and(Mailbox.subjectContains("Request received")));
 * mail.assertExactly(Mailbox.to(REQUESTER), 1, Duration.ofSeconds(2));
 * </pre>
 */
public interface Mailbox {

    /** Everything received so far. */
    List<ReceivedMail> received();

    /** Everything received so far that matches. */
    default List<ReceivedMail> received(Predicate<ReceivedMail> match) {
        return received().stream().filter(match).toList();
    }

    /** Waits until at least {@code count} received emails match; returns every match. */
    default List<ReceivedMail> await(Predicate<ReceivedMail> match, int count) {
        return Awaitility.await().atMost(TestEvents.TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> received(match), seen -> seen.size() >= count);
    }

    /** Waits for one matching email; fails if more than one matches. */
    default ReceivedMail awaitOne(Predicate<ReceivedMail> match) {
        List<ReceivedMail> matches = await(match, 1);
        if (matches.size() != 1) {
            throw new AssertionError("expected one matching email, got " + matches.size() + ": " + subjects(matches));
        }
        return matches.get(0);
    }

    /**
     * Waits until {@code count} emails match, then checks over {@code settle} that no further one arrives;
     * returns them.
     */
    default List<ReceivedMail> assertExactly(Predicate<ReceivedMail> match, int count, Duration settle) {
        if (count > 0) {
            await(match, count);
        }
        List<ReceivedMail> seen = Awaitility.await().during(settle).atMost(settle.plus(TestEvents.TIMEOUT))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> received(match), matches -> matches.size() == count);
        return seen;
    }

    /** Checks over {@code settle} that no email matches. */
    default void assertNone(Predicate<ReceivedMail> match, Duration settle) {
        assertExactly(match, 0, settle);
    }

    /** Emails delivered to an address (ignoring case). */
    static Predicate<ReceivedMail> to(String address) {
        return mail -> mail.deliveredTo(address);
    }

    static Predicate<ReceivedMail> subjectContains(String words) {
        return mail -> mail.subject() != null && mail.subject().contains(words);
    }

    /** Emails carrying a header with this exact value (header name ignoring case). */
    static Predicate<ReceivedMail> header(String name, String value) {
        return mail -> value.equals(mail.header(name));
    }

    private static List<String> subjects(List<ReceivedMail> mails) {
        return mails.stream().map(mail -> mail.deliveredTo() + ": " + mail.subject()).toList();
    }
}
