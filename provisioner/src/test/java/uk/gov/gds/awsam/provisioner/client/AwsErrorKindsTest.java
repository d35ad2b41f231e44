package uk.gov.gds.awsam.provisioner.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.contract.AwsErrorCodes;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed;

/** The provisioner's kinds of AWS failure are the contract's, by name, and retries exactly what the contract calls retryable. */
class AwsErrorKindsTest {

    @Test
    void everyContractKindIsAProvisionerKindWithTheSameRetryability() {
        for (AwsErrorCodes.Kind kind : AwsErrorCodes.Kind.values()) {
            AwsCallFailed.Kind mine = AwsCallFailed.Kind.valueOf(kind.name());
            assertThat(mine.disposition() == AwsCallFailed.Disposition.RETRY).as(kind.name()).isEqualTo(kind.retryable());
        }
        assertThat(AwsCallFailed.Kind.values()).hasSameSizeAs(AwsErrorCodes.Kind.values());
    }
}
