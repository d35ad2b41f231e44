package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.TagText;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.testsupport.ContractSamples;

/**
 * request-service's rules refuse exactly what the request contract refuses, in its words, on the same generated
 * inputs terraform-generator's {@code RequestContractTest} checks its own rules with: so the two services accept and
 * refuse the same account names and IAM user emails. Only texts already trimmed and in NFC are fed, since the edge
 * trims and normalises a text before checking it, and the generator sees it as the edge published it.
 */
class RequestContractTest {

    private static final RequestRules RULES = new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of("GDS"), 50, 10);

    @Test
    void accountNamesAreRefusedExactlyAsTheContractRefusesThem() {
        List<String> names = ContractSamples.accountNames().stream().filter(RequestContractTest::asTheEdgeKeepsIt).toList();
        assertThat(names).hasSizeGreaterThan(1_000);
        assertThat(names.stream().filter(AccountName::isValid).count()).as("valid samples").isGreaterThan(200);

        for (String name : names) {
            Map<String, Object> body = Bodies.account(name);

            assertThat(errorsOn("name", RULES.account(body).errors())).as(name).isEqualTo(AccountName.problems(name));
        }
    }

    @Test
    void emailsOfPeopleAreRefusedExactlyAsTheContractRefusesThem() {
        List<String> emails = ContractSamples.emails().stream().filter(RequestContractTest::asTheEdgeKeepsIt).toList();
        assertThat(emails.stream().filter(IamUserEmail::isValid).count()).as("valid samples").isGreaterThan(200);

        for (String email : emails) {
            RequestRules inItsDomain = new RequestRules(List.of(domainOf(email)), List.of("GDS"), List.of(), 50, 10);
            List<String> expected = IamUserEmail.problem(email).stream().toList();

            assertThat(errorsOn("userEmails[0]", inItsDomain.users(Map.of("userEmails", List.of(email))).errors()))
                    .as(email).isEqualTo(expected);
            assertThat(errorsOn("requester", inItsDomain.requester(email).errors())).as(email).isEqualTo(expected);
            if (expected.isEmpty()) {
                assertThat(inItsDomain.requester(email).value()).isEqualTo(IamUserEmail.of(email).value());
            }
        }
    }

    @Test
    void textsThatBecomeTagValuesAreRefusedExactlyAsTheContractRefusesThem() {
        List<String> texts = ContractSamples.texts().stream().filter(RequestContractTest::asTheEdgeKeepsIt).toList();

        for (String text : texts) {
            Map<String, Object> body = Bodies.account("pay");
            body.put("description", text);

            assertThat(errorsOn("description", RULES.account(body).errors())).as(text)
                    .isEqualTo(TagText.problem(text).stream().toList());
        }
    }

    private static boolean asTheEdgeKeepsIt(String text) {
        return !text.isBlank() && text.equals(Normalizer.normalize(text.strip(), Normalizer.Form.NFC));
    }

    private static String domainOf(String email) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return Optional.of(domain).filter(d -> !d.isBlank()).orElse(Bodies.DOMAIN);
    }

    private static List<String> errorsOn(String field, List<FieldError> errors) {
        return errors.stream().filter(error -> error.field().equals(field)).map(FieldError::message).toList();
    }
}
