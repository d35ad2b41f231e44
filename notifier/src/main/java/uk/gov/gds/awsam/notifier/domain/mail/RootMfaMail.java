package uk.gov.gds.awsam.notifier.domain.mail;

/** An engineer must seed root MFA for a new account on two YubiKeys, with the YubiKey agent. */
public record RootMfaMail(String requestId, String accountName, String accountId, String rootEmail, String credentialName,
        int keysRequired, String consoleSignInUrl, String agentCommand, String statusUrl) {
}
