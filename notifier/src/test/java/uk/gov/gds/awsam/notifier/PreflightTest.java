package uk.gov.gds.awsam.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import uk.gov.gds.awsam.notifier.support.NotifierKeysTestResource;
import uk.gov.gds.awsam.notifier.support.SentJournalTestResource;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.mail.GreenMailLoginTestResource;
import uk.gov.gds.awsam.testsupport.mail.InjectMailServer;
import uk.gov.gds.awsam.testsupport.mail.MailServer;

/**
 * {@code POST /preflight} against GreenMail with a user whose password it checks, as a relay does: it passes with the
 * notifier's configuration; it fails, naming the user and the variables to fix, once the relay's password has been
 * changed; and it fails, naming host:port, while the relay refuses connections. It never sends an email.
 */
@QuarkusTest
@TestProfile(PreflightTest.RelayWithLogin.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GreenMailLoginTestResource.class)
@WithTestResource(NotifierKeysTestResource.class)
@WithTestResource(SentJournalTestResource.class)
class PreflightTest {

    static final String USER = GreenMailLoginTestResource.USER;
    static final String PASSWORD = GreenMailLoginTestResource.PASSWORD;

    /** An application of its own (with GreenMailLoginTestResource), never one shared with tests whose relay needs no login. */
    public static class RelayWithLogin implements QuarkusTestProfile {
    }

    @InjectMailServer
    MailServer mail;

    @AfterEach
    void relayAsConfigured() {
        mail.changePassword(USER, PASSWORD);
        mail.startSmtp();
    }

    @Test
    void passesAgainstTheRelayAndSendsNothing() {
        String report = given().when().post("/preflight").then().statusCode(200).contentType("text/plain").extract().asString();

        assertThat(report).startsWith("# notifier\n")
                .contains("PASS          smtp      connect to the relay: 127.0.0.1:" + mail.smtpPort() + " accepts connections")
                .contains("PASS          smtp      greet the relay (EHLO): 220 ")
                .contains("PASS          smtp      TLS: not required by this configuration (SMTP_START_TLS=DISABLED")
                .contains("PASS          smtp      log in (AUTH): the relay accepted the login of user " + USER + " (AUTH PLAIN)")
                .contains("PASS          smtp      the relay accepts the From address (MAIL FROM, then RSET): "
                        + "aws-account-management@digital.cabinet-office.gov.uk accepted")
                .endsWith("notifier: preflight passed\n")
                .doesNotContain(PASSWORD);
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void answersTheReportAsJsonWhenAskedFor() {
        given().accept("application/json").when().post("/preflight").then().statusCode(200).contentType("application/json")
                .body("service", is("notifier")).body("findings.outcome", hasItem("PASS"))
                .body("findings.find { it.check == 'log in (AUTH)' }.outcome", is("PASS"));
    }

    @Test
    void aPasswordTheRelayRefusesFailsNamingTheUserAndTheVariables() {
        mail.changePassword(USER, "rotated-by-the-relay-owners");

        String report = given().when().post("/preflight").then().statusCode(503).extract().asString();

        assertThat(report)
                .contains("FAIL          smtp      log in (AUTH): the relay refused the login for user " + USER
                        + " ('535 5.7.8  Authentication credentials invalid'): check SMTP_USERNAME and SMTP_PASSWORD")
                .contains("CANNOT-CHECK  smtp      the relay accepts the From address (MAIL FROM, then RSET): an earlier check failed")
                .endsWith("notifier: preflight FAILED, 1 to fix\n")
                .doesNotContain(PASSWORD).doesNotContain("rotated-by-the-relay-owners");
    }

    @Test
    void aRelayThatCannotBeReachedFailsNamingHostAndPort() {
        mail.stopSmtp();

        String report = given().when().post("/preflight").then().statusCode(503).extract().asString();

        assertThat(report)
                .contains("FAIL          smtp      connect to the relay: could not connect to 127.0.0.1:" + mail.smtpPort())
                .contains("check SMTP_HOST and SMTP_PORT")
                .contains("CANNOT-CHECK  smtp      log in (AUTH): an earlier check failed")
                .endsWith("notifier: preflight FAILED, 1 to fix\n");
    }
}
