package uk.gov.gds.awsam.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.preflight.Finding;
import uk.gov.gds.awsam.testsupport.mail.MailServer;

/**
 * The SMTP preflight's TLS step against a relay that offers no STARTTLS (GreenMail): what production's settings
 * make of it, without starting the application.
 */
class SmtpPreflightTest {

    private static MailServer relay;

    @BeforeAll
    static void relay() {
        relay = MailServer.startWithLogin("notifier", "secret");
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @Test
    void startTlsRequiredButNotOfferedFailsSayingWhatToSet() {
        List<Finding> findings = check(false, "REQUIRED");

        assertThat(findings).extracting(Finding::line)
                .contains("FAIL          smtp      TLS: the relay at 127.0.0.1:" + relay.smtpPort()
                        + " does not offer STARTTLS, which SMTP_START_TLS=REQUIRED needs: point SMTP_HOST/SMTP_PORT at the relay's "
                        + "submission port (587), or for a relay that speaks TLS from the first byte (465) set SMTP_TLS=true")
                .contains("CANNOT-CHECK  smtp      log in (AUTH): an earlier check failed");
    }

    @Test
    void startTlsOptionalAndNotOfferedPassesSayingItIsNotRequired() {
        assertThat(check(false, "OPTIONAL")).extracting(Finding::line).anyMatch(line -> line.startsWith(
                "PASS          smtp      TLS: the relay does not offer STARTTLS, and it is not required by this configuration"));
    }

    @Test
    void smtpsAgainstAPlainPortFailsTheHandshake() {
        assertThat(check(true, "OPTIONAL")).extracting(Finding::line)
                .anyMatch(line -> line.startsWith("FAIL          smtp      TLS: the TLS handshake with 127.0.0.1:" + relay.smtpPort() + " failed")
                        && line.endsWith("SMTP_TLS=true is only for a port that speaks TLS from the first byte (465)"));
    }

    private static List<Finding> check(boolean tls, String startTls) {
        return new SmtpPreflight(new SmtpPreflight.Settings(relay.host(), relay.smtpPort(), tls, startTls, "REQUIRED",
                Optional.of("notifier"), Optional.of("secret"), "from@notifier.test")).check();
    }
}
