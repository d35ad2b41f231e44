package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.provisioner.client.JacksonJson;

class TrustPolicyTest {

    private static final String ONE = "arn:aws:iam::622626885786:user/admin.one@digital.cabinet-office.gov.uk";
    private static final String TWO = "arn:aws:iam::622626885786:user/admin.two@digital.cabinet-office.gov.uk";

    private final TrustPolicy policy = new TrustPolicy(new JacksonJson());

    @Test
    void trustsExactlyTheUsersInOrderWithMfaAndNothingElse() {
        assertThat(policy.trusting(List.of(ONE, TWO))).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"" + ONE + "\",\"" + TWO + "\"]},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}");
    }

    @Test
    void neverTrustsAnAccountRootOrNobody() {
        assertThatThrownBy(() -> policy.trusting(List.of("arn:aws:iam::622626885786:root"))).hasMessageContaining("not an IAM user ARN");
        assertThatThrownBy(() -> policy.trusting(List.of())).hasMessageContaining("at least one principal");
    }

    @Test
    void findsAUserNamedInAnyStatementInStringOrListForm() {
        String single = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ONE + "\"}}}";
        String list = policy.trusting(List.of(TWO, ONE));
        String service = "{\"Statement\":[{\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}}]}";

        assertThat(policy.names(single, "admin.one@digital.cabinet-office.gov.uk")).isTrue();
        assertThat(policy.names(list, "Admin.One@digital.cabinet-office.gov.uk")).isTrue();
        assertThat(policy.names(list, "one@digital.cabinet-office.gov.uk")).isFalse();
        assertThat(policy.names(service, "admin.one@digital.cabinet-office.gov.uk")).isFalse();
    }

    @Test
    void theSameDocumentIsTheSameJsonWhateverItsKeyOrderAndWhitespace() {
        String written = policy.trusting(List.of(ONE));
        String asIamGivesIt = "{ \"Statement\" : [ { \"Action\" : \"sts:AssumeRole\", \"Effect\" : \"Allow\", \"Principal\" : { \"AWS\" : [ \""
                + ONE + "\" ] }, \"Condition\" : { \"Bool\" : { \"aws:MultiFactorAuthPresent\" : \"true\" } } } ], \"Version\" : \"2012-10-17\" }";

        assertThat(policy.sameDocument(asIamGivesIt, written)).isTrue();
        assertThat(policy.sameDocument(policy.trusting(List.of(TWO)), written)).isFalse();
        assertThat(policy.sameDocument("{ not json", written)).isFalse();
    }
}
