package uk.gov.gds.awsam.notifier.domain;

import java.util.Objects;

/**
 * What the emails point people to: the mailboxes and the links, from configuration.
 *
 * @param requestService      base URL of request-service; a request's page is {@code <base>/requests/<id>}
 * @param yubikeyAgentCommand the command to seed root MFA, with {@code {requestId}} and {@code {accountId}}
 */
public record Settings(String teamMailbox, String engineersMailbox, String requestService, String gdsUsersSignIn,
        String switchRole, String accountsGuide, String cliTooling, String gdsUsersAccountId, String yubikeyAgentCommand) {

    public Settings {
        Objects.requireNonNull(teamMailbox, "teamMailbox");
        Objects.requireNonNull(engineersMailbox, "engineersMailbox");
        requestService = withoutTrailingSlash(Objects.requireNonNull(requestService, "requestService"));
    }

    /** The page where people follow a request. */
    public String statusUrl(String requestId) {
        return requestService + "/requests/" + requestId;
    }

    public String agentCommand(String requestId, String accountId) {
        return yubikeyAgentCommand.replace("{requestId}", requestId).replace("{accountId}", accountId);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
