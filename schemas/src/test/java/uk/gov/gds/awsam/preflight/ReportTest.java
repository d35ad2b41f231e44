package uk.gov.gds.awsam.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void aFailureFailsTheReportAndSaysWhatToChange() {
        Report report = new Report("pr-service", List.of(
                Finding.pass("github", "reach the repository", "gds/aws-billing"),
                Finding.fail("github", "read the organisation's members", "grant the App Members: read"),
                Finding.cannotCheck("github", "webhook ping", "the token may not read hooks")));

        assertThat(report.passed()).isFalse();
        assertThat(report.httpStatus()).isEqualTo(Report.FAILED_STATUS);
        assertThat(report.text()).contains("FAIL          github    read the organisation's members: grant the App Members: read")
                .contains("CANNOT-CHECK  github    webhook ping: the token may not read hooks")
                .endsWith("pr-service: preflight FAILED, 1 to fix\n");
    }

    @Test
    void cannotCheckDoesNotFailButIsCounted() {
        Report report = new Report("notifier", List.of(Finding.pass("smtp", "connect", "smtp.example.org:587"),
                Finding.cannotCheck("smtp", "login", "no user is configured")));

        assertThat(report.passed()).isTrue();
        assertThat(report.httpStatus()).isEqualTo(200);
        assertThat(report.text()).startsWith("# notifier\n").endsWith("notifier: preflight passed (1 not checked: see above)\n");
    }
}
