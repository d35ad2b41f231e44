package uk.gov.gds.awsam.provisioner.domain;

/**
 * An account that exists, is in its organisational unit, whose bootstrap role can be assumed, and that has the
 * provisioner's audit role.
 *
 * @param createAccountRequestId the CreateAccount request, null when an existing account was adopted
 */
public record ProvisionedAccount(String accountId, String name, String rootEmail, String createAccountRequestId,
        String bootstrapRoleArn, String auditRoleArn) {

    public boolean adopted() {
        return createAccountRequestId == null;
    }
}
