package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumableStageTest {

    @Test
    void aStageIsFoundByTheNameRequestFailedCarriesAndHasOneOwner() {
        assertThat(ResumableStage.named("SECURE_ROOT")).contains(ResumableStage.SECURE_ROOT);
        assertThat(ResumableStage.SECURE_ROOT.owner().source()).isEqualTo("provisioner");
        assertThat(ResumableStage.OPEN_PR.owner().source()).isEqualTo("pr-service");
        assertThat(ResumableStage.GENERATE_TERRAFORM.owner().source()).isEqualTo("terraform-generator");
        assertThat(ResumableStage.named("CLOSE_ACCOUNT").map(ResumableStage::owner)).contains(ResumableStage.Service.PROVISIONER);
        assertThat(ResumableStage.named("NO_SUCH_STAGE")).isEmpty();
    }
}
