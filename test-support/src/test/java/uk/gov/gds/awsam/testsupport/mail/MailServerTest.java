package uk.gov.gds.awsam.testsupport.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailServerTest {

    private MailServer server;

    @BeforeEach
    void start() {
        server = MailServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anEmailToTwoPeopleArrivesOnceForEachWithBothPartsAndItsMessageId() throws MessagingException {
        send("<one@test>", "Hello", "plain words", "<p>html words</p>", "a@example.com", "b@example.com");

        ReceivedMail toA = server.awaitOne(Mailbox.to("A@example.com"));
        assertThat(toA.messageId()).isEqualTo("<one@test>");
        assertThat(toA.subject()).isEqualTo("Hello");
        assertThat(toA.from()).isEqualTo("sender@example.com");
        assertThat(toA.to()).containsExactly("a@example.com", "b@example.com");
        assertThat(toA.text()).contains("plain words");
        assertThat(toA.html()).contains("<p>html words</p>");
        assertThat(toA.header("message-id")).isEqualTo("<one@test>");
        assertThat(server.awaitOne(Mailbox.to("b@example.com")).messageId()).isEqualTo("<one@test>");
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void smtpStopsRefusingConnectionsAndStartsAgainOnTheSamePortKeepingWhatArrived() throws MessagingException {
        int port = server.smtpPort();
        send("<before@test>", "before", "1", "<p>1</p>", "c@example.com");
        server.awaitOne(Mailbox.header("Message-ID", "<before@test>"));

        server.stopSmtp();
        assertThat(server.isSmtpRunning()).isFalse();
        assertThatThrownBy(() -> send("<during@test>", "during", "2", "<p>2</p>", "c@example.com"))
                .isInstanceOf(MessagingException.class);

        server.startSmtp();
        assertThat(server.smtpPort()).isEqualTo(port);
        send("<after@test>", "after", "3", "<p>3</p>", "c@example.com");
        assertThat(server.assertExactly(Mailbox.to("c@example.com"), 2, Duration.ofMillis(300)))
                .extracting(ReceivedMail::messageId).containsExactlyInAnyOrder("<before@test>", "<after@test>");
    }

    @Test
    void purgeForgetsWhatArrived() throws MessagingException {
        send("<p@test>", "p", "x", "<p>x</p>", "d@example.com");
        server.awaitOne(Mailbox.to("d@example.com"));
        server.purge();
        assertThat(server.received()).isEmpty();
    }

    private void send(String messageId, String subject, String text, String html, String... to) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", server.host());
        properties.put("mail.smtp.port", String.valueOf(server.smtpPort()));
        properties.put("mail.smtp.connectiontimeout", "2000");
        MimeMessage message = new MimeMessage(Session.getInstance(properties)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("sender@example.com"));
        for (String recipient : to) {
            message.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(html, "text/html; charset=UTF-8");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        Transport.send(message);
    }
}
