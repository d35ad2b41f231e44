package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustPolicyTest {

    private static final String ONE = "arn:aws:iam::622626885786:user/admin.one@digital.cabinet-office.gov.uk";
    private static final String TWO = "arn:aws:iam::622626885786:user/admin.two@digital.cabinet-office.gov.uk";

    @Test
    void trustsExactlyTheUsersInOrderWithMfaAndNothingElse() {
        assertThat(TrustPolicy.trusting(List.of(ONE, TWO))).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"" + ONE + "\",\"" + TWO + "\"]},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}");
    }

    @Test
    void neverTrustsAnAccountRootOrNobody() {
        assertThatThrownBy(() -> TrustPolicy.trusting(List.of("arn:aws:iam::622626885786:root"))).hasMessageContaining("not an IAM user ARN");
        assertThatThrownBy(() -> TrustPolicy.trusting(List.of())).hasMessageContaining("at least one principal");
    }

    @Test
    void findsAUserNamedInAnyStatementInStringOrListForm() {
        String single = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ONE + "\"}}}";
        String list = TrustPolicy.trusting(List.of(TWO, ONE));
        String service = "{\"Statement\":[{\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}}]}";

        assertThat(TrustPolicy.names(single, "admin.one@digital.cabinet-office.gov.uk")).isTrue();
        assertThat(TrustPolicy.names(list, "Admin.One@digital.cabinet-office.gov.uk")).isTrue();
        assertThat(TrustPolicy.names(list, "one@digital.cabinet-office.gov.uk")).isFalse();
        assertThat(TrustPolicy.names(service, "admin.one@digital.cabinet-office.gov.uk")).isFalse();
    }
}
