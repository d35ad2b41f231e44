package uk.gov.gds.awsam.testsupport.github;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who exists on the sandbox's GitHub and what the caller may do, as strictly as GitHub: users and teams not
 * made here do not exist (404); a review may be requested only from a collaborator of the repository or a team
 * with access to it (422); a team is looked up only with the organisation's Members permission (403); and every
 * call needs its repository permission (403 "Resource not accessible by integration", with the
 * {@code X-Accepted-GitHub-Permissions} header GitHub sends). Logins and slugs are case-insensitive, as on GitHub.
 */
final class SandboxPeople {

    /**
     * The permissions of pr-service's GitHub App as its README asks for them without team reviewers: Webhooks read
     * for the preflight; Members read only where team reviewers are configured (a test grants it).
     */
    static final Set<String> DEFAULT_PERMISSIONS = Set.of("contents:write", "pull_requests:write", "issues:write", "metadata:read",
            "repository_hooks:read");

    private final Set<String> users = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Set<String>> collaborators = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Map<String, Set<String>>> teams = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> permissions = new LinkedHashSet<>(DEFAULT_PERMISSIONS);

    SandboxPeople() {
        users.add(SandboxState.BOT_LOGIN);
    }

    synchronized void user(String login) {
        users.add(login);
    }

    synchronized boolean exists(String login) {
        return users.contains(login);
    }

    /** A user with write access to a repository (and so a possible reviewer and assignee). */
    synchronized void collaborator(String repository, String login) {
        users.add(login);
        collaborators.computeIfAbsent(repository, r -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)).add(login);
    }

    synchronized void notCollaborator(String repository, String login) {
        collaborators.getOrDefault(repository, new TreeSet<>()).remove(login);
    }

    synchronized boolean collaborates(String repository, String login) {
        return collaborators.getOrDefault(repository, Set.of()).contains(login) || login.equalsIgnoreCase(SandboxState.BOT_LOGIN);
    }

    /** A team of {@code org} with access to the given repositories. */
    synchronized void team(String org, String slug, Set<String> repositories) {
        Set<String> access = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        access.addAll(repositories);
        teams.computeIfAbsent(org, o -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER)).put(slug, access);
    }

    synchronized boolean teamExists(String org, String slug) {
        return teams.getOrDefault(org, Map.of()).containsKey(slug);
    }

    synchronized boolean teamHasAccess(String org, String slug, String repository) {
        return teams.getOrDefault(org, Map.of()).getOrDefault(slug, Set.of()).contains(repository);
    }

    /** A repository renamed or transferred: its collaborators and the teams' access go with it, as on GitHub. */
    synchronized void renamed(String from, String to) {
        Set<String> logins = collaborators.remove(from);
        if (logins != null) {
            collaborators.put(to, logins);
        }
        teams.values().forEach(slugs -> slugs.values().forEach(access -> {
            if (access.remove(from)) {
                access.add(to);
            }
        }));
    }

    /** The caller's permissions, {@code name:read|write} (e.g. {@code members:read}); replaces what was there. */
    synchronized void permissions(Set<String> granted) {
        permissions.clear();
        permissions.addAll(granted);
    }

    /** Whether the caller holds {@code name} at {@code level} ({@code write} includes {@code read}). */
    synchronized boolean may(String name, String level) {
        return permissions.contains(name + ":write") || level.equals("read") && permissions.contains(name + ":read");
    }

    static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
