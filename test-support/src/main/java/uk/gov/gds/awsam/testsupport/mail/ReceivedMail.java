package uk.gov.gds.awsam.testsupport.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One email as it reached the SMTP server, decoded: who it was addressed to (the envelope recipient it was
 * delivered to, and the To/Cc headers), its subject, its plain-text and HTML parts and every header.
 *
 * @param deliveredTo the mailbox the SMTP server delivered this copy to (the envelope recipient), lower case
 * @param messageId   the Message-ID header, with its angle brackets
 * @param from        the From header's address
 * @param to          the To header's addresses
 * @param cc          the Cc header's addresses
 * @param subject     the decoded Subject
 * @param text        the text/plain part, or null when there is none
 * @param html        the text/html part, or null when there is none
 * @param headers     every header, by name as sent, in order
 */
public record ReceivedMail(String deliveredTo, String messageId, String from, List<String> to, List<String> cc,
        String subject, String text, String html, Map<String, List<String>> headers) {

    /** Decodes a message the in-JVM GreenMail stored for a mailbox. */
    public static ReceivedMail of(String deliveredTo, MimeMessage message) {
        try {
            Parts parts = new Parts();
            parts.collect(message);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
            }
            Address[] from = message.getFrom();
            return new ReceivedMail(deliveredTo.toLowerCase(Locale.ROOT), message.getMessageID(),
                    from == null || from.length == 0 ? null : address(from[0]),
                    addresses(message.getRecipients(MimeMessage.RecipientType.TO)),
                    addresses(message.getRecipients(MimeMessage.RecipientType.CC)),
                    message.getSubject(), parts.text, parts.html, Collections.unmodifiableMap(headers));
        } catch (MessagingException e) {
            throw new IllegalStateException("could not decode a received message", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a raw RFC 5322 message, e.g. the {@code mimeMessage} the GreenMail standalone API returns. */
    public static ReceivedMail parse(String deliveredTo, String rawMessage) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(rawMessage.getBytes(StandardCharsets.UTF_8)));
            return of(deliveredTo, message);
        } catch (MessagingException e) {
            throw new IllegalStateException("not a MIME message", e);
        }
    }

    /** The first value of a header (names compared ignoring case), or null. */
    public String header(String name) {
        return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
    }

    /** Whether this copy was delivered to {@code address} (ignoring case). */
    public boolean deliveredTo(String address) {
        return deliveredTo.equalsIgnoreCase(address);
    }

    /** Subject, text and HTML together, for "does this appear anywhere in the email" checks. */
    public String everything() {
        return String.join("\n", String.valueOf(subject), String.valueOf(text), String.valueOf(html),
                String.valueOf(headers));
    }

    private static List<String> addresses(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        for (Address address : addresses) {
            list.add(address(address));
        }
        return List.copyOf(list);
    }

    private static String address(Address address) {
        return address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
    }

    /** Walks a MIME tree keeping the first text/plain and text/html parts that are not attachments. */
    private static final class Parts {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i));
                }
            } else if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                if (part.isMimeType("text/plain") && text == null) {
                    text = part.getContent().toString();
                } else if (part.isMimeType("text/html") && html == null) {
                    html = part.getContent().toString();
                }
            }
        }
    }
}
