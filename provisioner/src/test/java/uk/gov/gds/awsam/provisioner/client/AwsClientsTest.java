package uk.gov.gds.awsam.provisioner.client;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.accounts;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.assumedRole;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.role;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.user;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.testing.AwsStandIn;

/**
 * Each AWS call is made with the credentials meant for it: Organizations and the member accounts through the
 * billing account's org-admin-access role, gds-users IAM through its own role, both assumed with the base
 * credentials (the default provider chain in production).
 */
class AwsClientsTest {

    private static final String ORG_ROLE = "arn:aws:iam::000000000001:role/org-admin-access";
    private static final String GDS_USERS_ROLE = "arn:aws:iam::622626885786:role/provisioner";

    @Test
    void organizationsMemberAccountsAndGdsUsersEachUseTheirOwnRole() {
        try (AwsStandIn aws = new AwsStandIn();
                AwsClients clients = aws.clients(Optional.of(ORG_ROLE), Optional.of(GDS_USERS_ROLE))) {
            aws.query("AssumeRole", assumedRole("ASIAMEMBER"));
            stubAssume(aws, ORG_ROLE, "ASIAORGADMIN");
            stubAssume(aws, GDS_USERS_ROLE, "ASIAGDSUSERS");
            aws.organizations("ListAccounts", accounts());
            aws.query("GetUser", user("arn:aws:iam::622626885786:user/someone@example.gov.uk"));
            aws.query("GetRole", role("arn:aws:iam::111122223333:role/bootstrap", "{}"));

            new AwsOrganizations(clients.organizations()).accounts();
            new AwsGdsUsers(clients.gdsUsersIam()).user("someone@example.gov.uk");
            try (MemberAccount member = new AwsMemberAccounts(clients).assume("111122223333", "bootstrap")) {
                member.role("bootstrap");
            }

            assertThat(signer(aws.organizationsCalls("ListAccounts").get(0))).isEqualTo("ASIAORGADMIN");
            assertThat(signer(aws.queryCalls("GetUser").get(0))).isEqualTo("ASIAGDSUSERS");
            LoggedRequest memberAssume = aws.queryCalls("AssumeRole").stream()
                    .filter(r -> r.getBodyAsString().contains("111122223333")).findFirst().orElseThrow();
            assertThat(signer(memberAssume)).isEqualTo("ASIAORGADMIN");
            assertThat(signer(aws.queryCalls("GetRole").get(0))).isEqualTo("ASIAMEMBER");
            assertThat(aws.queryCalls("AssumeRole").stream().filter(r -> !r.getBodyAsString().contains("111122223333")))
                    .allSatisfy(r -> assertThat(signer(r)).isEqualTo("AKIDBASE"));
        }
    }

    private static void stubAssume(AwsStandIn aws, String roleArn, String accessKeyId) {
        aws.queryWhere("AssumeRole", "RoleArn", roleArn, assumedRole(accessKeyId));
    }

    /** The access key id a request was signed with (SigV4 Authorization header). */
    private static String signer(LoggedRequest request) {
        String authorization = request.getHeader("Authorization");
        int start = authorization.indexOf("Credential=") + "Credential=".length();
        return authorization.substring(start, authorization.indexOf('/', start));
    }
}
