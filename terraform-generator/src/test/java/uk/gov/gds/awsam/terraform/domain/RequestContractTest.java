package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.List;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.TagText;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.testsupport.ContractSamples;

/**
 * The generator refuses exactly what the request contract refuses, on the same generated inputs request-service's
 * {@code RequestContractTest} checks its rules with: so whatever the edge accepts the generator turns into files, and
 * whatever the edge refuses the generator refuses too. Texts are fed trimmed and in NFC, as the edge publishes them.
 */
class RequestContractTest {

    @Test
    void accountNamesAreRefusedExactlyAsTheContractRefusesThem() {
        List<String> names = ContractSamples.accountNames().stream().filter(RequestContractTest::asTheEdgePublishesIt).toList();
        assertThat(names.stream().filter(AccountName::isValid).count()).as("valid samples").isGreaterThan(200);

        for (String name : names) {
            var request = Requests.submitted("contract", RequestKind.NEW_ACCOUNT).setAccount(Requests.account(name).build()).build();
            List<String> problems = AccountName.problems(name);
            if (problems.isEmpty()) {
                assertThat(ValidRequest.of(GeneratorEvents.submitted(request)).account().name()).isEqualTo(name);
            } else {
                assertThatThrownBy(() -> ValidRequest.of(GeneratorEvents.submitted(request))).as(name).isInstanceOf(InvalidRequestException.class)
                        .hasMessageStartingWith("account.name: " + String.join(", ", problems));
            }
        }
    }

    @Test
    void emailsOfPeopleAreRefusedExactlyAsTheContractRefusesThem() {
        List<String> emails = ContractSamples.emails().stream().filter(RequestContractTest::asTheEdgePublishesIt).toList();
        assertThat(emails.stream().filter(IamUserEmail::isValid).count()).as("valid samples").isGreaterThan(200);

        for (String email : emails) {
            var request = Requests.userAccess("contract", email);
            var problem = IamUserEmail.problem(email);
            if (problem.isEmpty()) {
                assertThat(ValidRequest.of(GeneratorEvents.submitted(request)).userEmails()).containsExactly(IamUserEmail.of(email).value());
            } else {
                assertThatThrownBy(() -> ValidRequest.of(GeneratorEvents.submitted(request))).as(email).isInstanceOf(InvalidRequestException.class)
                        .hasMessageStartingWith("userEmails[0]: " + problem.get());
            }
        }
    }

    @Test
    void closureReasonsAreRefusedExactlyAsTheContractRefusesThem() {
        List<String> reasons = ContractSamples.texts().stream().filter(RequestContractTest::asTheEdgePublishesIt).toList();
        assertThat(reasons.stream().filter(r -> TagText.problem(r).isEmpty()).count()).as("valid samples").isGreaterThan(100);

        for (String reason : reasons) {
            var request = Requests.closure("contract", "123456789012", "pay", reason);
            var problem = TagText.problem(reason);
            if (problem.isEmpty()) {
                assertThat(ValidRequest.of(GeneratorEvents.submitted(request)).closure().reason()).isEqualTo(reason);
            } else {
                assertThatThrownBy(() -> ValidRequest.of(GeneratorEvents.submitted(request))).as(reason).isInstanceOf(InvalidRequestException.class)
                        .hasMessageStartingWith("closure.reason: " + problem.get());
            }
        }
    }

    @Test
    void aTextTheEdgeAcceptsIsTaggedUnchangedAndAnyOtherIsFittedToTheRule() {
        for (String text : ContractSamples.texts()) {
            String tagged = Tags.value(text);

            assertThat(TagText.problem(tagged)).as(text).isEmpty();
            if (asTheEdgePublishesIt(text) && TagText.problem(text).isEmpty()) {
                assertThat(tagged).as(text).isEqualTo(text.replaceAll(" {2,}", " "));
            }
        }
    }

    private static boolean asTheEdgePublishesIt(String text) {
        return !text.isBlank() && text.equals(Normalizer.normalize(text.strip(), Normalizer.Form.NFC));
    }
}
