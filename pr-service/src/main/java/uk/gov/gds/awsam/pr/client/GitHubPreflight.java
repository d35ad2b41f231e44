package uk.gov.gds.awsam.pr.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.RepositorySettings;
import uk.gov.gds.awsam.preflight.Finding;

/**
 * pr-service's preflight of GitHub, with the credentials and the HTTP client every journey uses ({@link GitHubHttp}:
 * the budget's gate, the timeout, the one classification of GitHub's answers; nothing retried: a preflight says what
 * it saw). It writes nothing but a webhook {@code ping}. Each check turns GitHub's refusal into what to change, naming
 * the setting or the App permission; a rate limit is a cannot-check (try again after it).
 * <ol>
 * <li>authentication: the App's JWT ({@code GET /app}), its installation ({@code GET /app/installations/{id}}) and an
 * installation token; or the token ({@code GET /user}, and a classic token's {@code X-OAuth-Scopes});</li>
 * <li>each repository ({@code GET /repos/{o}/{r}}), then the App installation's permissions (or the token's
 * {@code permissions.push} on each repository);</li>
 * <li>each repository's webhook ({@code GET …/hooks}): active, to {@code pr.webhook.public-url}, with the
 * {@code pull_request} event, a content type pr-service reads and a secret; then {@code POST …/hooks/{id}/pings} and
 * {@code GET …/hooks/{id}/deliveries} until the ping's delivery shows pr-service's answer.</li>
 * </ol>
 */
public final class GitHubPreflight {

    static final String SYSTEM = "github";
    /** GitHub gives a delivery 10 s; the ping's delivery is looked for a little longer. */
    static final Duration PING_WAIT = Duration.ofSeconds(20);
    private static final Duration POLL_EVERY = Duration.ofMillis(500);
    private static final String ACCEPT = "grant it in the App's settings (Permissions & events), then accept the new permissions in the"
            + " organisation (Settings → GitHub Apps → the App → Review request)";

    /** What the preflight checks against: the two repositories, whether labels or assignees are added, the webhook's public URL. */
    public record Settings(RepositorySettings.Repositories repositories, boolean issuesUsed, Optional<String> webhookUrl) {
    }

    /** An App permission pr-service needs: GitHub's name, the level, the name in the App's settings, and what it is for. */
    record Needed(String name, String level, String shown, String forWhat) {
    }

    private final GitHubHttp http;
    private final Credentials credentials;
    private final Settings settings;
    private final Clock clock;

    GitHubPreflight(GitHubHttp http, Credentials credentials, Settings settings, Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every check, in order; later checks are skipped (cannot-check) when what they need failed. */
    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        Optional<JsonNode> permissions;
        String who;
        try {
            if (credentials instanceof Credentials.AppInstallation app) {
                permissions = app(app, findings);
                who = permissions.isPresent() ? "the App" : null;
            } else {
                permissions = Optional.empty();
                who = token(findings) ? "the token" : null;
            }
        } catch (GitHubFailure failure) {
            findings.add(failed("authenticate", failure, "check GitHub's address (PR_GITHUB_API_URL) and that this network reaches it"));
            who = null;
            permissions = Optional.empty();
        }
        if (who == null) {
            findings.add(Finding.cannotCheck(SYSTEM, "repositories, permissions and webhooks", "GitHub did not accept the credentials (above)"));
            return findings;
        }
        List<String> reachable = new ArrayList<>();
        for (RepositorySettings repository : List.of(settings.repositories().billing(), settings.repositories().users())) {
            repository(repository.name(), credentials instanceof Credentials.AppInstallation, findings).ifPresent(reachable::add);
        }
        permissions.ifPresent(granted -> appPermissions(granted, findings));
        List<String> withoutHook = new ArrayList<>();
        for (String repository : reachable) {
            if (!webhook(repository, findings)) {
                withoutHook.add(repository);
            }
        }
        if (!withoutHook.isEmpty()) {
            noRepositoryWebhook(withoutHook, findings);
        }
        return findings;
    }

    // ---- 1. authentication ---------------------------------------------------------------------------------

    /** The App's JWT, its installation, an installation token: the installation's permissions, or empty if any step failed. */
    private Optional<JsonNode> app(Credentials.AppInstallation app, List<Finding> findings) {
        GitHubHttp.Reply self = app.asApp("/app");
        if (!self.ok()) {
            findings.add(Finding.fail(SYSTEM, "authenticate as the GitHub App", said(self) + ": GitHub refused the App's JWT: check"
                    + " PR_GITHUB_APP_ID (" + app.appId() + ") is the App's id (its settings page, \"App ID\") and that"
                    + " PR_GITHUB_APP_PRIVATE_KEY is the path of a private key generated for that App (Private keys → Generate)"));
            return Optional.empty();
        }
        findings.add(Finding.pass(SYSTEM, "authenticate as the GitHub App", "App " + self.body().path("slug").asText("?") + " (id "
                + app.appId() + ") accepted its JWT"));
        GitHubHttp.Reply installation = app.asApp("/app/installations/" + app.installationId());
        if (!installation.ok()) {
            findings.add(Finding.fail(SYSTEM, "find the App's installation", said(installation) + ": PR_GITHUB_APP_INSTALLATION_ID ("
                    + app.installationId() + ") is not an installation of App " + app.appId() + ": install the App on the organisation"
                    + " and set the number at the end of the installation's settings URL"));
            return Optional.empty();
        }
        try {
            app.authorization();
        } catch (GitHubFailure failure) {
            findings.add(failed("make an installation token", failure, "check the installation is not suspended and the App may"
                    + " access the repositories (installation → Repository access)"));
            return Optional.empty();
        }
        findings.add(Finding.pass(SYSTEM, "make an installation token", "installation " + app.installationId() + " on "
                + installation.body().path("account").path("login").asText("?")));
        return Optional.of(installation.body().path("permissions"));
    }

    /** {@code GET /user} with the token; a classic token's scopes must include {@code repo}. */
    private boolean token(List<Finding> findings) {
        GitHubHttp.Reply user = http.exchange("GET", "/user", null);
        if (!user.ok()) {
            findings.add(Finding.fail(SYSTEM, "authenticate with the token", said(user) + ": PR_GITHUB_TOKEN is not accepted (wrong,"
                    + " expired or revoked): make a new one as pr-service/README.md says, or configure the App (PR_GITHUB_APP_ID,"
                    + " PR_GITHUB_APP_INSTALLATION_ID, PR_GITHUB_APP_PRIVATE_KEY)"));
            return false;
        }
        String login = user.body().path("login").asText("?");
        String scopes = user.header().apply("X-OAuth-Scopes");
        if (scopes != null) {
            Set<String> granted = new HashSet<>();
            for (String scope : scopes.split(",")) {
                granted.add(scope.trim());
            }
            if (!granted.contains("repo")) {
                findings.add(Finding.fail(SYSTEM, "authenticate with the token", "the classic token of " + login + " has the scopes ["
                        + scopes.trim() + "] but not repo: make a token with the repo scope (or a fine-grained one) and set"
                        + " PR_GITHUB_TOKEN"));
                return false;
            }
        }
        findings.add(Finding.pass(SYSTEM, "authenticate with the token", "token of " + login
                + (scopes == null ? " (fine-grained or App token: no scopes to read)" : ", scopes " + scopes.trim())));
        return true;
    }

    // ---- 2. repositories and permissions ---------------------------------------------------------------------

    private Optional<String> repository(String repository, boolean asApp, List<Finding> findings) {
        String check = "reach " + repository;
        String setting = repository.equals(settings.repositories().billing().name()) ? "PR_BILLING_NAME" : "PR_USERS_NAME";
        try {
            GitHubHttp.Reply reply = http.exchange("GET", "/repos/" + repository, null);
            if (!reply.ok()) {
                findings.add(Finding.fail(SYSTEM, check, said(reply) + ": check " + setting + " names it (owner/name) and that "
                        + (asApp ? "the App's installation includes it (installation → Repository access)" : "the token may read it")));
                return Optional.empty();
            }
            String fullName = reply.body().path("full_name").asText(repository);
            if (!fullName.equalsIgnoreCase(repository)) {
                findings.add(Finding.fail(SYSTEM, check, "GitHub has moved " + repository + " to " + fullName + " (renamed or transferred): set "
                        + setting + " to " + fullName + ". Calls to the old name are redirected, but GitHub's webhooks name " + fullName
                        + ", which pr-service ignores until then"));
                return Optional.of(repository);
            }
            if (!asApp && !reply.body().path("permissions").path("push").asBoolean(false)) {
                findings.add(Finding.fail(SYSTEM, check, "the token's user may read " + repository + " but not push to it: give the user"
                        + " write access to it (or a fine-grained token Contents and Pull requests read and write)"));
                return Optional.of(repository);
            }
            findings.add(Finding.pass(SYSTEM, check, "default branch " + reply.body().path("default_branch").asText("?")
                    + (asApp ? "" : ", the token may push")));
            return Optional.of(repository);
        } catch (GitHubFailure failure) {
            findings.add(failed(check, failure, "check " + setting + " and that GitHub answers"));
            return Optional.empty();
        }
    }

    /** Each permission the configured features need, from the installation's {@code permissions}; each missing one its own failure. */
    private void appPermissions(JsonNode granted, List<Finding> findings) {
        for (Needed needed : needed()) {
            String has = granted.path(needed.name()).asText("");
            boolean enough = has.equals("write") || has.equals("admin") || has.equals(needed.level()) && needed.level().equals("read");
            String check = "App permission " + needed.shown() + " (" + needed.name() + ": " + needed.level() + ")";
            if (enough) {
                findings.add(Finding.pass(SYSTEM, check, "granted (" + has + ")"));
            } else {
                findings.add(Finding.fail(SYSTEM, check, (has.isEmpty() ? "not granted" : "only " + has) + "; needed for "
                        + needed.forWhat() + ": " + ACCEPT));
            }
        }
    }

    /** What the configuration needs: always contents, pull requests, metadata, webhooks (read); issues, members where used. */
    List<Needed> needed() {
        List<Needed> needed = new ArrayList<>();
        needed.add(new Needed("contents", "write", "Contents: Read and write", "branches and commits"));
        needed.add(new Needed("pull_requests", "write", "Pull requests: Read and write", "pull requests and review requests"));
        needed.add(new Needed("metadata", "read", "Metadata: Read-only", "every repository call"));
        if (settings.issuesUsed()) {
            needed.add(new Needed("issues", "write", "Issues: Read and write", "labels and assignees (the issues API)"));
        }
        boolean teams = !settings.repositories().billing().teamReviewers().isEmpty()
                || !settings.repositories().users().teamReviewers().isEmpty();
        if (teams) {
            needed.add(new Needed("members", "read", "Members (organisation): Read-only",
                    "team reviewers (GitHub resolves a team slug only for an App that may read the organisation's members)"));
        }
        needed.add(new Needed("repository_hooks", "read", "Webhooks: Read-only", "this preflight's webhook check (list, ping, deliveries)"));
        return needed;
    }

    // ---- 3. the webhook --------------------------------------------------------------------------------------

    /** The repository's webhook, checked and pinged; false when the repository has no webhook to the URL at all. */
    private boolean webhook(String repository, List<Finding> findings) {
        String check = "webhook of " + repository;
        if (settings.webhookUrl().filter(u -> !u.isBlank()).isEmpty()) {
            findings.add(Finding.cannotCheck(SYSTEM, check, "PR_WEBHOOK_PUBLIC_URL (pr.webhook.public-url) is not set: set it to the URL"
                    + " GitHub delivers to (https://<pr-service's public address>/webhooks/github) to check the webhook"));
            return true;
        }
        String url = settings.webhookUrl().get().strip();
        try {
            GitHubHttp.Reply hooks = http.exchange("GET", "/repos/" + repository + "/hooks?per_page=100", null);
            if (hooks.status() == 403 || hooks.status() == 404) {
                findings.add(Finding.cannotCheck(SYSTEM, check, said(hooks) + ": these credentials may not read the repository's"
                        + " webhooks; the App's Webhooks: Read-only permission (repository_hooks), or for a token admin on the"
                        + " repository, would allow it"));
                return true;
            }
            if (!hooks.ok()) {
                throw hooks.failure();
            }
            JsonNode hook = null;
            JsonNode inactive = null;
            for (JsonNode candidate : hooks.body()) {
                if (sameUrl(candidate.path("config").path("url").asText(""), url)) {
                    if (candidate.path("active").asBoolean(false)) {
                        hook = candidate;
                    } else {
                        inactive = candidate;
                    }
                }
            }
            if (hook == null && inactive == null) {
                return false;
            }
            if (hook == null) {
                findings.add(Finding.fail(SYSTEM, check, "the webhook " + inactive.path("id").asText() + " to " + url + " is not active:"
                        + " tick Active in " + repository + " → Settings → Webhooks → Edit"));
                return true;
            }
            if (configured(repository, url, hook, findings)) {
                ping(repository, url, hook.path("id").asLong(), findings);
            }
        } catch (GitHubFailure failure) {
            findings.add(failed(check, failure, "check that GitHub answers and try again"));
        }
        return true;
    }

    /**
     * Repositories without a webhook to the URL: fine when the GitHub App's own webhook delivers there (the README's
     * production path), which is then checked by its configuration and latest delivery (GitHub offers no ping for
     * it); otherwise each repository fails saying how to make its webhook.
     */
    private void noRepositoryWebhook(List<String> repositories, List<Finding> findings) {
        String url = settings.webhookUrl().get().strip();
        if (credentials instanceof Credentials.AppInstallation app) {
            try {
                GitHubHttp.Reply config = app.asApp("/app/hook/config");
                if (config.ok() && sameUrl(config.body().path("url").asText(""), url)) {
                    appWebhook(app, url, config.body(), findings);
                    return;
                }
            } catch (GitHubFailure failure) {
                findings.add(failed("the App's webhook", failure, "check that GitHub answers and try again"));
                return;
            }
        }
        for (String repository : repositories) {
            findings.add(Finding.fail(SYSTEM, "webhook of " + repository, "no webhook delivers to " + url + ": create one in " + repository
                    + " → Settings → Webhooks → Add webhook: Payload URL " + url + ", Content type application/json"
                    + " (application/x-www-form-urlencoded works too), Secret = the value of PR_WEBHOOK_SECRET, events: Pull requests"
                    + " only, Active" + (credentials instanceof Credentials.AppInstallation
                            ? " (or give the App's own webhook that URL: App settings → Webhook)" : "")));
        }
    }

    private void appWebhook(Credentials.AppInstallation app, String url, JsonNode config, List<Finding> findings) {
        String check = "the App's webhook";
        GitHubHttp.Reply self = app.asApp("/app");
        if (!self.ok()) {
            findings.add(Finding.cannotCheck(SYSTEM, check, said(self) + ": the App's events cannot be read"));
            return;
        }
        List<String> events = new ArrayList<>();
        self.body().path("events").forEach(e -> events.add(e.asText()));
        if (!events.contains("pull_request")) {
            findings.add(Finding.fail(SYSTEM, check, "the App's webhook to " + url + " is not subscribed to Pull request (events " + events
                    + "): tick it under Subscribe to events in the App's settings"));
            return;
        }
        if (!config.has("secret")) {
            findings.add(Finding.fail(SYSTEM, check, "the App's webhook to " + url + " has no secret: set it to the value of"
                    + " PR_WEBHOOK_SECRET in the App's settings (pr-service refuses unsigned deliveries)"));
            return;
        }
        findings.add(Finding.pass(SYSTEM, check, "the App's webhook delivers to " + url + " (content type "
                + config.path("content_type").asText("json") + ", events " + events + ", a secret set)"));
        GitHubHttp.Reply deliveries = app.asApp("/app/hook/deliveries?per_page=1");
        JsonNode latest = deliveries.ok() && deliveries.body().size() > 0 ? deliveries.body().get(0) : null;
        String checkLatest = "the App webhook's latest delivery";
        if (latest == null || latest.path("status_code").asInt(0) == 0 && latest.path("status").asText().isEmpty()) {
            findings.add(Finding.cannotCheck(SYSTEM, checkLatest, deliveries.ok() ? "no delivery yet, and GitHub offers no ping for an"
                    + " App's webhook: after the first pull request concludes, run the preflight again (or Redeliver one from the App's"
                    + " Advanced tab)" : said(deliveries) + ": the App's deliveries cannot be read"));
            return;
        }
        verdict(checkLatest, url, latest, findings);
    }

    private boolean configured(String repository, String url, JsonNode hook, List<Finding> findings) {
        String check = "webhook of " + repository;
        List<String> wrong = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (JsonNode event : hook.path("events")) {
            events.add(event.asText());
        }
        if (!events.contains("pull_request") && !events.contains("*")) {
            wrong.add("it does not send Pull requests (events " + events + "): tick Pull requests under \"Let me select individual events\"");
        }
        String type = hook.path("config").path("content_type").asText("");
        if (!type.equals("json") && !type.equals("form")) {
            wrong.add("its content type is \"" + type + "\": choose application/json (or application/x-www-form-urlencoded)");
        }
        if (!hook.path("config").has("secret")) {
            wrong.add("it has no secret: set the Secret to the value of PR_WEBHOOK_SECRET (pr-service refuses unsigned deliveries)");
        }
        if (!wrong.isEmpty()) {
            findings.add(Finding.fail(SYSTEM, check, "the webhook " + hook.path("id").asText() + " to " + url + ": " + String.join("; ", wrong)
                    + " (" + repository + " → Settings → Webhooks → Edit)"));
            return false;
        }
        findings.add(Finding.pass(SYSTEM, check, "webhook " + hook.path("id").asText() + " to " + url + ", content type " + type
                + ", events " + events + ", a secret set"));
        return true;
    }

    /** Pings the hook and waits, bounded, for the ping's delivery to show pr-service's answer. */
    private void ping(String repository, String url, long hookId, List<Finding> findings) {
        String check = "ping the webhook of " + repository;
        String hookPath = "/repos/" + repository + "/hooks/" + hookId;
        GitHubHttp.Reply before = http.exchange("GET", hookPath + "/deliveries?per_page=100", null);
        if (!before.ok()) {
            findings.add(Finding.cannotCheck(SYSTEM, check, said(before) + ": these credentials may not read the webhook's deliveries;"
                    + " the App's Webhooks: Read-only permission (repository_hooks) would allow it"));
            return;
        }
        Set<String> seen = new HashSet<>(before.body().findValuesAsText("guid"));
        GitHubHttp.Reply ping = http.exchange("POST", hookPath + "/pings", Map.of());
        if (!ping.ok()) {
            findings.add(Finding.cannotCheck(SYSTEM, check, said(ping) + ": these credentials may not ping the webhook; the App's"
                    + " Webhooks: Read-only permission (repository_hooks) would allow it"));
            return;
        }
        Instant deadline = clock.instant().plus(PING_WAIT);
        while (true) {
            Optional<JsonNode> delivery = newPing(hookPath, seen);
            if (delivery.isPresent() && delivery.get().path("status_code").asInt(0) != 0) {
                verdict(check, url, delivery.get(), findings);
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                findings.add(Finding.fail(SYSTEM, check, delivery.map(d -> "GitHub could not deliver the ping to " + url + " (\""
                        + d.path("status").asText() + "\")").orElse("no delivery of the ping showed within " + PING_WAIT.toSeconds() + " s")
                        + ": check " + url + " reaches pr-service from GitHub (DNS, the Ingress, TLS) and see " + repository
                        + " → Settings → Webhooks → Recent Deliveries"));
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_EVERY.toMillis()));
        }
    }

    private Optional<JsonNode> newPing(String hookPath, Set<String> seen) {
        GitHubHttp.Reply deliveries = http.exchange("GET", hookPath + "/deliveries?per_page=100", null);
        if (!deliveries.ok()) {
            throw deliveries.failure();
        }
        for (JsonNode delivery : deliveries.body()) {
            if (delivery.path("event").asText().equals("ping") && !seen.contains(delivery.path("guid").asText())) {
                return Optional.of(delivery);
            }
        }
        return Optional.empty();
    }

    private static void verdict(String check, String url, JsonNode delivery, List<Finding> findings) {
        int code = delivery.path("status_code").asInt();
        String event = delivery.path("event").asText("ping");
        if (code >= 200 && code < 300) {
            findings.add(Finding.pass(SYSTEM, check, "pr-service answered GitHub's signed " + event + " " + code + " at " + url
                    + ": the URL reaches it and the secret matches PR_WEBHOOK_SECRET"));
        } else if (code == 401 || code == 403) {
            findings.add(Finding.fail(SYSTEM, check, "pr-service answered GitHub's " + event + " " + code + ": the hook's secret differs from"
                    + " PR_WEBHOOK_SECRET (pr.webhook.secret): set the webhook's Secret (Settings → Webhooks → Edit) to the value of"
                    + " PR_WEBHOOK_SECRET, or PR_WEBHOOK_SECRET to the webhook's"));
        } else {
            findings.add(Finding.fail(SYSTEM, check, "GitHub's " + event + " to " + url + " got " + code + " (\"" + delivery.path("status").asText()
                    + "\"): check " + url + " is pr-service's /webhooks/github and reaches it (the Ingress, a proxy in between)"));
        }
    }

    // ---- words -------------------------------------------------------------------------------------------------

    private static boolean sameUrl(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        String trimmed = url.strip();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** {@code GitHub answered 403 Resource not accessible by integration}. */
    private static String said(GitHubHttp.Reply reply) {
        String message = GitHubErrors.message(reply.body());
        return "GitHub answered " + reply.status() + (message.isEmpty() ? "" : " " + message);
    }

    private static Finding failed(String check, GitHubFailure failure, String whatToChange) {
        if (failure.rateLimited()) {
            return Finding.cannotCheck(SYSTEM, check, "GitHub asked pr-service to wait" + failure.until().map(u -> " until " + u).orElse("")
                    + " (" + failure.getMessage() + "): run the preflight again after that");
        }
        return Finding.fail(SYSTEM, check, failure.getMessage() + ": " + whatToChange);
    }
}
