package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

class TagsTest {

    @Test
    void keepsOnlyWhatAwsAllowsInATagValue() {
        assertThat(Tags.value("GOV.UK Pay: +44 20 7946 0000 / pay@x.gov.uk = ok_1-2")).isEqualTo("GOV.UK Pay: +44 20 7946 0000 / pay@x.gov.uk = ok_1-2");
        assertThat(Tags.value("${var.secret}")).isEqualTo("var.secret");
        assertThat(Tags.value("%{ if x }y%{ endif }")).isEqualTo("if x y endif");
        assertThat(Tags.value("\"quoted\" 'single' <b>&amp;</b>")).isEqualTo("quoted single b amp /b");
        assertThat(Tags.value("line\nbreak\r\ttab\u2028sep")).isEqualTo("line break tab sep");
        assertThat(Tags.value("zero\u200Bwidth \u202Eoverride non\u00A0breaking")).isEqualTo("zero width override non breaking");
        assertThat(Tags.value("emoji 😀 dropped")).isEqualTo("emoji dropped");
    }

    @Test
    void keepsLettersAndDigitsOfEveryScriptComposed() {
        assertThat(Tags.value("Zoë Ångström 日本語 ٣")).isEqualTo("Zoë Ångström 日本語 ٣");
        assertThat(Tags.value("e\u0301")).isEqualTo("é");
    }

    @Test
    void blankValuesAreEmpty() {
        assertThat(Tags.value(null)).isEmpty();
        assertThat(Tags.value(" \t\n ")).isEmpty();
        assertThat(Tags.value("${}")).isEmpty();
    }

    @Test
    void cutsAt256CharactersNeverInsideASurrogatePair() {
        assertThat(Tags.value("a".repeat(300))).hasSize(256);
        String value = Tags.value("𝒜".repeat(300));
        assertThat(value.codePointCount(0, value.length())).isEqualTo(256);
        assertThat(Tags.value("a".repeat(255) + " b")).hasSize(255);
    }

    @Test
    void aLongListKeepsWholeEmailsAndSaysHowManyMore() {
        List<String> emails = IntStream.range(0, 20).mapToObj(i -> "person.number" + i + "@digital.cabinet-office.gov.uk").toList();

        String joined = Tags.joinedWithin(emails, Tags.MAX_VALUE_LENGTH);

        assertThat(joined).hasSizeLessThanOrEqualTo(256).endsWith(" and 15 more")
                .startsWith("person.number0@digital.cabinet-office.gov.uk person.number1@");
        assertThat(Tags.joinedWithin(emails.subList(0, 2), 256)).isEqualTo(emails.get(0) + " " + emails.get(1));
    }

    @Test
    void everyFieldOfTheRequestIsATagAndBlankOnesAreDropped() {
        Map<String, String> tags = Tags.of("id", "r@x.gov.uk", GeneratorEvents.account(Requests.account("pay").setCostCentre("  ").build()),
                List.of("a@x.gov.uk"));

        assertThat(tags.keySet()).allMatch(key -> Tags.KEY.matcher(key).matches())
                .contains("account-name", "description", "organisation", "team-name", "team-email", "team-lead-name",
                        "team-lead-email", "team-lead-phone", "team-lead-role", "service-name", "out-of-hours-support",
                        "out-of-hours-phone", "out-of-hours-email", "alert-priority", "critical-resources", "holds-pii",
                        "holds-pci-data", "admin-user-emails", "requested-by", "request-id")
                .doesNotContain("cost-centre");
        assertThat(tags).containsEntry("holds-pii", "true").containsEntry("alert-priority", "P2");
    }
}
