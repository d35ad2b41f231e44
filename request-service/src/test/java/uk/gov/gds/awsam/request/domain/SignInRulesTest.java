package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.request.domain.SignInRules.Outcome;
import uk.gov.gds.awsam.request.domain.SignInRules.Person;

/** Who a token names, as providers differ: where the email and groups are, and whether the email was verified. */
class SignInRulesTest {

    private static final SignInRules KEYCLOAK = new SignInRules("email", true, "groups", "engineer", List.of());

    @Test
    void aVerifiedEmailIsThePersonAndTheEngineerGroupMakesAnEngineer() {
        assertThat(KEYCLOAK.person(claims("email", "Ada@Example.org", "email_verified", true, "groups", List.of("engineer"))))
                .isEqualTo(new Outcome.SignedIn(new Person("ada@example.org", true)));
        assertThat(KEYCLOAK.person(claims("email", "ada@example.org", "email_verified", true, "groups", List.of("readers"))))
                .isEqualTo(new Outcome.SignedIn(new Person("ada@example.org", false)));
    }

    @Test
    void noEmailOrOneTheProviderHasNotVerifiedIsRefused() {
        assertThat(KEYCLOAK.person(claims("email_verified", true))).isInstanceOf(Outcome.Refused.class);
        assertThat(KEYCLOAK.person(claims("email", "", "email_verified", true))).isInstanceOf(Outcome.Refused.class);
        assertThat(KEYCLOAK.person(claims("email", "ada@example.org"))).isInstanceOf(Outcome.Refused.class);
        assertThat(KEYCLOAK.person(claims("email", "ada@example.org", "email_verified", false)))
                .isEqualTo(new Outcome.Refused("your identity provider has not verified your email address (email_verified is not true)"));
        assertThat(new SignInRules("email", false, "groups", "engineer", List.of()).person(claims("email", "ada@example.org")))
                .isInstanceOf(Outcome.SignedIn.class);
    }

    @Test
    void entraMayCarryTheEmailElsewhereAndGoogleSendsNoGroups() {
        SignInRules entra = new SignInRules("preferred_username", true, "roles", "Engineers", List.of());
        assertThat(entra.person(claims("preferred_username", "ada@example.org", "email_verified", "true", "roles", List.of("Engineers"))))
                .isEqualTo(new Outcome.SignedIn(new Person("ada@example.org", true)));
        SignInRules google = new SignInRules("email", true, "groups", "engineer", List.of("Grace@Example.org"));
        assertThat(google.person(claims("email", "grace@example.org", "email_verified", true)))
                .isEqualTo(new Outcome.SignedIn(new Person("grace@example.org", true)));
        assertThat(google.person(claims("email", "ada@example.org", "email_verified", true)))
                .isEqualTo(new Outcome.SignedIn(new Person("ada@example.org", false)));
        SignInRules nested = new SignInRules("email", true, "realm_access/roles", "engineer", List.of());
        assertThat(nested.person(claims("email", "ada@example.org", "email_verified", true, "realm_access", Map.of("roles", List.of("engineer")))))
                .isEqualTo(new Outcome.SignedIn(new Person("ada@example.org", true)));
    }

    private static java.util.function.Function<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims::get;
    }
}
