package uk.gov.gds.awsam.provisioner.domain;

/**
 * An account that exists, is in its organisational unit and whose bootstrap role can be assumed.
 *
 * @param createAccountRequestId the CreateAccount request, null when an existing account was adopted
 */
public record ProvisionedAccount(String accountId, String name, String rootEmail, String createAccountRequestId,
        String bootstrapRoleArn) {

    public boolean adopted() {
        return createAccountRequestId == null;
    }
}
