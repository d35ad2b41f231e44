package uk.gov.gds.awsam.provisioner.config;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.config.ProductionSettings;

/**
 * What production needs of the provisioner's configuration (docs/configuration.md): AWS's own endpoints or a
 * reachable one, the organisations role it applies accounts with, the real gds-users account, and every check
 * that only an emulator may switch off still on.
 */
public final class ProductionRules {

    private ProductionRules() {
    }

    public static ProductionSettings of(Config config) {
        ProductionSettings settings = new ProductionSettings("provisioner", config).brokerAndRegistry();
        if (settings.value("provisioner.aws.endpoint").isPresent()) {
            settings.notLoopback("provisioner.aws.endpoint", "PROVISIONER_AWS_ENDPOINT");
        }
        boolean accessKey = settings.value("provisioner.aws.access-key-id").isPresent();
        boolean secretKey = settings.value("provisioner.aws.secret-access-key").isPresent();
        return settings
                .that(accessKey == secretKey, accessKey ? "provisioner.aws.secret-access-key" : "provisioner.aws.access-key-id",
                        accessKey ? "PROVISIONER_AWS_SECRET_ACCESS_KEY" : "PROVISIONER_AWS_ACCESS_KEY_ID",
                        "is not set, but its pair is: give both static keys, or neither for the default credentials chain")
                .required("provisioner.aws.organizations-role-arn", "PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN")
                .arnIfSet("provisioner.aws.organizations-role-arn", "PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN")
                .arnIfSet("provisioner.aws.gds-users-role-arn", "PROVISIONER_AWS_GDS_USERS_ROLE_ARN")
                .arnIfSet("provisioner.accounts.audit-role-trusted-principal-arn", "PROVISIONER_ACCOUNTS_AUDIT_ROLE_TRUSTED_PRINCIPAL_ARN")
                .accountId("provisioner.aws.gds-users-account-id", "PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID")
                .required("provisioner.notifier-public-key", "PROVISIONER_NOTIFIER_PUBLIC_KEY")
                .is("provisioner.accounts.verify-root-mfa", "PROVISIONER_ACCOUNTS_VERIFY_ROOT_MFA", true,
                        "the admins are trusted only once AWS shows root MFA (false is for emulators that cannot show it)")
                .is("provisioner.users.delete-service-specific-credentials", "PROVISIONER_USERS_DELETE_SERVICE_SPECIFIC_CREDENTIALS", true,
                        "a removed user keeps no CodeCommit or Keyspaces credentials (false is for emulators without that API)");
    }
}
