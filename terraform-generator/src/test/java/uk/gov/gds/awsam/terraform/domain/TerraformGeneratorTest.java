package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.TerraformGenerated;

class TerraformGeneratorTest {

    private final TerraformGenerator generator = new TerraformGenerator(Requests.SETTINGS);

    @Test
    void theSameRequestGivesTheSameEventByteForByteButItsTime() {
        RequestSubmitted request = Requests.newAccount("same", Requests.account("pay-staging").build());

        TerraformGenerated first = GeneratorEvents.generate(generator, request, Instant.parse("2026-01-01T00:00:00Z"));
        TerraformGenerated again = GeneratorEvents.generate(generator, request, Instant.parse("2026-06-01T00:00:00Z"));

        assertThat(again.getEventId()).isEqualTo(Envelope.derivedEventId(request.getEventId(), EventType.TERRAFORM_GENERATED))
                .isEqualTo(first.getEventId());
        assertThat(again.getCausationId()).isEqualTo(request.getEventId());
        again.setOccurredAt(first.getOccurredAt());
        assertThat(again).isEqualTo(first);
    }

    @Test
    void everyChangeCarriesTheSha256OfItsContent() {
        TerraformGenerated generated = GeneratorEvents.generate(generator, Requests.userAccess("sha", "a@x.gov.uk", "b@x.gov.uk"), Instant.EPOCH);

        for (FileChange change : generated.getChanges()) {
            assertThat(change.getSha256()).isEqualTo(Sha256.hex(change.getContent())).hasSize(64);
        }
    }

    @Test
    void theAccountFileNamesTheTrustedAdminsWhereTheProvisionerReadsThem() {
        TerraformGenerated generated = GeneratorEvents.generate(generator, Requests.newAccount("trust",
                Requests.account("pay-staging").setAdminUserEmails(List.of("Admin.One@x.gov.uk", "b@x.gov.uk")).build()), Instant.EPOCH);

        Map<String, Object> file = TerraformJsonValidator.parse(generated.getChanges().get(0).getContent());
        assertThat(generated.getChanges()).extracting(FileChange::getPath).containsExactly("terraform/accounts/pay-staging.tf.json");
        assertThat(file).extractingByKey("locals").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("pay-staging_bootstrap_trusted_users", List.of("admin.one@x.gov.uk", "b@x.gov.uk"));
        assertThat(generated.getRepository()).isEqualTo("gds/aws-billing-account");
        assertThat(generated.getSubjects()).containsExactly("pay-staging");
    }

    @Test
    void aUserRemovalDeletesEachPersonsFile() {
        TerraformGenerated generated = GeneratorEvents.generate(generator, Requests.userRemoval("removal", "b@x.gov.uk", "A@x.gov.uk"), Instant.EPOCH);

        assertThat(generated.getRepository()).isEqualTo("gds/aws-users");
        assertThat(generated.getChanges()).extracting(FileChange::getPath)
                .containsExactly("terraform/users/a@x.gov.uk.tf.json", "terraform/users/b@x.gov.uk.tf.json");
        assertThat(generated.getChanges()).allSatisfy(change -> {
            assertThat(change.getContent()).isNull();
            assertThat(change.getSha256()).isNull();
        });
        assertThat(generated.getSubjects()).containsExactly("b@x.gov.uk", "a@x.gov.uk");
    }

    @Test
    void theCommitCreditsTheRequester() {
        TerraformGenerated generated = GeneratorEvents.generate(generator, Requests.userAccess("credit", "a@x.gov.uk"), Instant.EPOCH);

        assertThat(generated.getCommitMessage()).endsWith("\nCo-authored-by: Jane O Neil <" + Requests.REQUESTER + ">\n")
                .startsWith(generated.getPrTitle() + "\n\n");
    }

    @Test
    void anInvalidRequestIsRefusedAndAnsweredWithANonRetryableFailure() {
        RequestSubmitted request = Requests.submitted("no-account", RequestKind.NEW_ACCOUNT).build();

        assertThatThrownBy(() -> GeneratorEvents.generate(generator, request, Instant.EPOCH)).isInstanceOf(InvalidRequestException.class);

        RequestFailed failed = GeneratorEvents.failed(TerraformGenerator.failure(GeneratorEvents.submitted(request), new InvalidRequestException("account", "missing"), Instant.EPOCH));
        assertThat(failed.getStage()).isEqualTo("GENERATE_TERRAFORM");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getAttempt()).isEqualTo(1);
        assertThat(failed.getReason()).isEqualTo("invalid request: account: missing");
        assertThat(failed.getEventId()).isEqualTo(Envelope.derivedEventId(request.getEventId(), EventType.REQUEST_FAILED));
        assertThat(failed.getCausationId()).isEqualTo(request.getEventId());
        assertThat(failed.getRequestId()).isEqualTo(request.getRequestId());
    }
}
