package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratorSettingsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "billing-repository | not-a-repository",
        "users-repository   | gds/aws users",
        "base-branch        | ../main",
        "root-email-domain  | Digital.Example",
        "parent-id          | ou-not-valid",
        "users-group        | cross account access",
        "status-page-base-url | javascript:alert(1)",
    })
    void aBadSettingIsRefusedNamingIt(String setting, String value) {
        assertThatThrownBy(() -> with(setting, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("terraform." + setting);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "r-ab12",
        "ou-ab12-abcdefgh",
        "ou-abcd-12345678",
    })
    void acceptsRootsAndOrganisationalUnits(String parentId) {
        assertThat(with("parent-id", parentId).parentId()).isEqualTo(parentId);
    }

    @org.junit.jupiter.api.Test
    void theStatusPageBaseUrlLosesATrailingSlash() {
        assertThat(with("status-page-base-url", "http://127.0.0.1:8080/").statusPageBaseUrl()).contains("http://127.0.0.1:8080");
    }

    private static GeneratorSettings with(String setting, String value) {
        GeneratorSettings s = Requests.SETTINGS;
        return new GeneratorSettings(
                setting.equals("billing-repository") ? value : s.billingRepository(),
                setting.equals("users-repository") ? value : s.usersRepository(),
                setting.equals("base-branch") ? value : s.baseBranch(),
                setting.equals("root-email-domain") ? value : s.rootEmailDomain(),
                setting.equals("parent-id") ? value : s.parentId(),
                setting.equals("users-group") ? value : s.usersGroup(),
                setting.equals("status-page-base-url") ? Optional.of(value) : s.statusPageBaseUrl());
    }
}
