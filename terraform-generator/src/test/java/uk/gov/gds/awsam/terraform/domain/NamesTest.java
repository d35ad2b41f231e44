package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class NamesTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void branchesFollowTheContract() {
        assertThat(Names.branch(Kind.NEW_ACCOUNT, List.of("pay-staging"), ID))
                .isEqualTo("aws-accounts/new-account/pay-staging/" + ID);
        assertThat(Names.branch(Kind.USER_ACCESS, List.of("jane.doe@x.gov.uk"), ID))
                .isEqualTo("aws-accounts/user-access/jane-doe/" + ID);
        assertThat(Names.branch(Kind.USER_REMOVAL, List.of("jane.doe@x.gov.uk", "b@x.gov.uk", "c@x.gov.uk"), ID))
                .isEqualTo("aws-accounts/user-removal/jane-doe-and-2-more/" + ID);
    }

    @Test
    void subjectSlugsFitFortyCharacters() {
        assertThat(Names.subjectSlug(Kind.NEW_ACCOUNT, List.of("digital-identity-verification-platform-integration")))
                .isEqualTo("digital-identity-verification-platform-i");
        // cut at 40 would end with a dash: it is dropped
        assertThat(Names.subjectSlug(Kind.NEW_ACCOUNT, List.of("abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi")))
                .isEqualTo("abcdefghi-abcdefghi-abcdefghi-abcdefghi");
        String longLocal = "a.very.long.local.part.of.an.email.address.indeed@x.gov.uk";
        assertThat(Names.subjectSlug(Kind.USER_ACCESS, List.of(longLocal, "b@x.gov.uk")))
                .hasSizeLessThanOrEqualTo(40).endsWith("-and-1-more").matches("[a-z0-9-]{1,40}");
        assertThat(Names.subjectSlug(Kind.USER_ACCESS, List.of("___@x.gov.uk"))).isEqualTo("user");
        assertThat(Names.subjectSlug(Kind.USER_ACCESS, List.of("+=,@x.gov.uk", "b@x.gov.uk"))).isEqualTo("user-and-1-more");
    }

    @Test
    void userResourceKeysAreValidIdentifiersAndTellApartEmailsThatReadAlike() {
        String dotted = Names.userResourceKey("a.b@x.gov.uk");
        String underscored = Names.userResourceKey("a_b@x.gov.uk");

        assertThat(dotted).startsWith("user_a_b_at_x_gov_uk_").matches(Names.TERRAFORM_IDENTIFIER);
        assertThat(underscored).startsWith("user_a_b_at_x_gov_uk_").isNotEqualTo(dotted);
        assertThat(Names.userResourceKey("x+=,y@x.gov.uk")).matches(Names.TERRAFORM_IDENTIFIER);
        assertThat(Names.userResourceKey("a.b@x.gov.uk")).isEqualTo(dotted);
    }

    @Test
    void displayNamesComeFromTheLocalPart() {
        assertThat(Names.displayName("jane.o-neil+aws@x.gov.uk")).isEqualTo("Jane O Neil");
        assertThat(Names.displayName("zoë_smith2@x.gov.uk")).isEqualTo("Zoë Smith2");
        assertThat(Names.displayName("+++@x.gov.uk")).isEqualTo("+++@x.gov.uk");
    }
}
