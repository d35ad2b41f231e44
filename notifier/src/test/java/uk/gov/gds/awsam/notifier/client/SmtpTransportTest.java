package uk.gov.gds.awsam.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.vertx.ext.mail.SMTPException;

class SmtpTransportTest {

    @Test
    void onlyAPermanentSmtpReplyIsGivenUpOn() {
        assertThat(SmtpTransport.isPermanent(new SMTPException("550 no such user", 550, List.of("no such user"), false))).isTrue();
        assertThat(SmtpTransport.isPermanent(new RuntimeException("wrapped",
                new SMTPException("554 rejected", 554, List.of("rejected"), false)))).isTrue();
        assertThat(SmtpTransport.isPermanent(new SMTPException("451 try later", 451, List.of("try later"), false))).isFalse();
        assertThat(SmtpTransport.isPermanent(new ConnectException("Connection refused"))).isFalse();
        assertThat(SmtpTransport.isPermanent(new TimeoutException())).isFalse();
    }
}
