package uk.gov.gds.awsam.contract;

/**
 * The name of an account's root MFA credential on the YubiKeys ({@code ykman oath accounts add "<name>" <secret>}):
 * the one name the provisioner asks the agent to seed and, at closure, to delete, and the name the closure's pull
 * request tells the reviewer (issue 19: one contract, not a copy in each service).
 */
public final class RootMfaCredential {

    /** The issuer part of the name, as AWS's console shows it. */
    public static final String ISSUER = "Amazon Web Services";

    private RootMfaCredential() {
    }

    /** {@code Amazon Web Services:root-mfa@<account id>}. */
    public static String nameFor(String accountId) {
        return ISSUER + ":root-mfa@" + accountId;
    }
}
