package uk.gov.gds.awsam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one rule of each value of a request, and the words it says what is wrong in. */
class RequestContractTest {

    @Test
    void accountNamesAreLowerCaseWordsOfLettersJoinedBySingleDashes() {
        assertThat(AccountName.problems("pay-platform-staging")).isEmpty();
        assertThat(AccountName.problems("pay2")).containsExactly("must be lower-case words of the letters a to z, separated by single dashes");
        assertThat(AccountName.problems("pay--x")).containsExactly("must be lower-case words of the letters a to z, separated by single dashes");
        assertThat(AccountName.problems("a-b-c-d-e-f")).containsExactly("must be at most 5 words");
        assertThat(AccountName.problems("a".repeat(51))).containsExactly("must be at most 50 characters");
        assertThat(AccountName.problems("A".repeat(51))).hasSize(2);
        assertThat(AccountName.problems(null)).containsExactly("is required");
        assertThat(new AccountName("pay").value()).isEqualTo("pay");
        assertThatThrownBy(() -> new AccountName("${x}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("account name must be lower-case words of the letters a to z, separated by single dashes");
    }

    @Test
    void iamUserEmailsAreLowerCasedAsciiEmailsOfAtMost64Characters() {
        assertThat(IamUserEmail.of("Jane.Doe@X.GOV.UK").value()).isEqualTo("jane.doe@x.gov.uk");
        assertThat(IamUserEmail.of("Jane.Doe@X.GOV.UK").domain()).isEqualTo("x.gov.uk");
        assertThat(IamUserEmail.problem("a".repeat(55) + "@x.gov.uk")).isEmpty();
        assertThat(IamUserEmail.problem("a".repeat(56) + "@x.gov.uk")).contains("must be at most 64 characters");
        assertThat(IamUserEmail.problem("a,b@x.gov.uk")).contains("must be an email address (name@domain) of letters, digits and . _ + = - only");
        assertThat(IamUserEmail.problem("a..b@x.gov.uk")).contains("must be an email address (name@domain) of letters, digits and . _ + = - only");
        assertThat(IamUserEmail.problem(" ")).contains("is required");
        assertThatThrownBy(() -> new IamUserEmail("Jane@x.gov.uk")).hasMessage("IAM user email must be in lower case");
    }

    @Test
    void aLookAlikeLetterIsRefusedBeforeLowerCasingCouldTurnItIntoAscii() {
        String kelvin = "jane@\u212Aeep.gov.uk";
        assertThat(kelvin.toLowerCase(java.util.Locale.ROOT)).isEqualTo("jane@keep.gov.uk");

        assertThat(IamUserEmail.problem(kelvin)).contains("must be an email address of ASCII letters, digits and . _ + = - only");
        assertThatThrownBy(() -> IamUserEmail.of(kelvin)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contactEmailsMayBeLongerThanAnIamUserName() {
        String email = "a".repeat(100) + "@x.gov.uk";
        assertThat(EmailAddress.of(email).value()).isEqualTo(email);
        assertThat(EmailAddress.isValid("Ada@Example.org")).isTrue();
        assertThat(EmailAddress.isValid("ada")).isFalse();
        assertThat(EmailAddress.isValid(null)).isFalse();
        assertThat(EmailAddress.problem("a".repeat(250) + "@x.uk", EmailAddress.MAX_LENGTH)).contains("must be at most 254 characters");
    }

    @Test
    void accountIdsAreTwelveDigitsAndRefusalsNameTheValue() {
        assertThat(AccountId.isValid("210987654321")).isTrue();
        assertThat(AccountId.isValid("21098765432")).isFalse();
        assertThat(AccountId.isValid("21098765432a")).isFalse();
        assertThat(AccountId.isValid("\u0662".repeat(12))).isFalse();
        assertThat(AccountId.isValid(null)).isFalse();
        assertThat(new AccountId("210987654321").value()).isEqualTo("210987654321");
        assertThatThrownBy(() -> new AccountId("1234")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("account id \"1234\" is not a 12-digit AWS account id");
    }

    @Test
    void parentIdsAreARootOrAnOrganisationalUnitAsAwsSpellsThem() {
        assertThat(ParentId.isValid("r-ab12")).isTrue();
        assertThat(ParentId.isValid("ou-ab12-cdef3456")).isTrue();
        assertThat(ParentId.isValid("ou-ab12")).isFalse();
        assertThat(ParentId.isValid("r-AB12")).isFalse();
        assertThat(ParentId.isValid("123456789012")).isFalse();
        assertThat(ParentId.isValid(null)).isFalse();
        assertThatThrownBy(() -> new ParentId("ou-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parent id \"ou-x\" is not an organisational unit id (ou-...) or a root id (r-...)");
    }

    @Test
    void tagTextIsWhatAwsAllowsInATagValueWithPlainSpacesOnly() {
        assertThat(TagText.problem("Zoë Ångström 日本語 ٣ x² GOV.UK Pay: +44 / a@b = ok_1-2")).isEmpty();
        assertThat(TagText.problem("𝒜".repeat(256))).isEmpty();
        assertThat(TagText.problem("𝒜".repeat(257))).contains("must be at most 256 characters");
        assertThat(TagText.problem("non\u00A0breaking")).contains("may contain only letters, digits, spaces and _ . : / = + - @ (what AWS allows in a tag value)");
        assertThat(TagText.problem("${x}")).isPresent();
    }

    @Test
    void anyTextFittedToATagValueMeetsTheRule() {
        assertThat(TagText.fitted("  ${var.secret} \n and\u200Bmore  ")).isEqualTo("var.secret and more");
        assertThat(TagText.fitted("a".repeat(255) + " b")).hasSize(255);
        assertThat(TagText.fitted(null)).isEmpty();
        for (String raw : new String[] {"\"quoted\" 'x' <b>", "emoji 😀 x", "e\u0301", "\t\n", "𝒜".repeat(300)}) {
            assertThat(TagText.problem(TagText.fitted(raw))).as(raw).isEmpty();
        }
    }
}
