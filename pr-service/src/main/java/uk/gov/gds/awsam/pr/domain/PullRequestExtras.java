package uk.gov.gds.awsam.pr.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a request's pull request gets once it is open: labels, assignees, requested reviewers. Best effort:
 * a refusal (a reviewer who is not a collaborator, a missing permission) becomes a {@link Warning} that says
 * what to change, never a failed request; a rate limit is waited out like any other (it is thrown, and the
 * attempt runs again). Safe to run again on a pull request that has them: only missing labels and assignees
 * are added, and reviews are requested again only where none is requested and nobody has reviewed yet.
 */
public final class PullRequestExtras {

    /** An extra that could not be added: which one ({@code labels}, {@code assignees}, {@code reviewers}) and what happened. */
    public record Warning(String extra, String text) {
    }

    private final GitHubPort github;

    public PullRequestExtras(GitHubPort github) {
        this.github = github;
    }

    public List<Warning> add(RepositorySettings settings, PullRequestState pr, boolean created) {
        List<Warning> warnings = new ArrayList<>();
        String repository = pr.repository();
        List<String> labels = missing(settings.labels(), created ? List.of() : pr.labels());
        if (!labels.isEmpty()) {
            try {
                github.addLabels(repository, pr.number(), labels);
            } catch (GitHubFailure refused) {
                warnings.add(warning("labels", "Labels " + String.join(", ", labels) + " were not added", refused,
                        "Issues: write (labels are added through the issues API)", repository));
            }
        }
        List<String> assignees = missing(settings.assignees(), created ? List.of() : pr.assignees());
        if (!assignees.isEmpty()) {
            try {
                List<String> dropped = missing(assignees, github.addAssignees(repository, pr.number(), assignees));
                if (!dropped.isEmpty()) {
                    warnings.add(new Warning("assignees", String.join(", ", dropped) + " could not be assigned: GitHub assigns only"
                            + " people with access to " + repository + ". Give them access, or change the assignees pr-service is"
                            + " configured with."));
                }
            } catch (GitHubFailure refused) {
                warnings.add(warning("assignees", "Nobody was assigned", refused, "Issues: write", repository));
            }
        }
        boolean wanted = !settings.reviewers().isEmpty() || !settings.teamReviewers().isEmpty();
        if (wanted && (created || !pr.reviewsRequested())) {
            try {
                if (created || !github.reviewed(repository, pr.number())) {
                    warnings.addAll(requestReviews(settings, pr));
                }
            } catch (GitHubFailure unreadable) {
                warnings.add(warning("reviewers", "Whether reviews were requested could not be read", unreadable,
                        "Pull requests: read", repository));
            }
        }
        return warnings;
    }

    private List<Warning> requestReviews(RepositorySettings settings, PullRequestState pr) {
        try {
            github.requestReviewers(pr.repository(), pr.number(), settings.reviewers(), settings.teamReviewers());
            return List.of();
        } catch (GitHubFailure refused) {
            if (refused.rateLimited()) {
                throw refused;
            }
            if (refused.kind() != GitHubFailure.Kind.INVALID || settings.reviewers().size() + settings.teamReviewers().size() == 1) {
                return List.of(reviewersWarning(names(settings.reviewers(), settings.teamReviewers()), refused, pr.repository()));
            }
        }
        // GitHub refuses the whole request for one reviewer it will not take: ask for each on its own, to name who
        List<String> refusedNames = new ArrayList<>();
        GitHubFailure last = null;
        for (String user : settings.reviewers()) {
            last = requestOne(pr, List.of(user), List.of(), refusedNames, user, last);
        }
        for (String team : settings.teamReviewers()) {
            last = requestOne(pr, List.of(), List.of(team), refusedNames, "team " + team, last);
        }
        return last == null ? List.of() : List.of(reviewersWarning(refusedNames, last, pr.repository()));
    }

    private GitHubFailure requestOne(PullRequestState pr, List<String> users, List<String> teams, List<String> refusedNames, String name,
            GitHubFailure last) {
        try {
            github.requestReviewers(pr.repository(), pr.number(), users, teams);
            return last;
        } catch (GitHubFailure refused) {
            if (refused.rateLimited()) {
                throw refused;
            }
            refusedNames.add(name);
            return refused;
        }
    }

    private static Warning reviewersWarning(List<String> names, GitHubFailure refused, String repository) {
        String what = "Review was not requested from " + String.join(", ", names) + ": " + sentence(refused.getMessage());
        if (refused.kind() == GitHubFailure.Kind.INVALID) {
            return new Warning("reviewers", what + " GitHub asks for reviews only from collaborators of " + repository
                    + " and teams with access to it: give them access, or change the reviewers pr-service is configured with.");
        }
        return new Warning("reviewers", what + " " + permission("Pull requests: write", repository));
    }

    private static Warning warning(String extra, String what, GitHubFailure refused, String permission, String repository) {
        if (refused.rateLimited()) {
            throw refused;
        }
        String next = switch (refused.kind()) {
            case REFUSED, NOT_FOUND -> permission(permission, repository);
            case UNAVAILABLE -> "GitHub did not answer; add them by hand if they matter.";
            default -> "Check the names pr-service is configured with.";
        };
        return new Warning(extra, what + ": " + sentence(refused.getMessage()) + " " + next);
    }

    /** The text, ending with exactly one full stop. */
    private static String sentence(String text) {
        String trimmed = text.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    private static String permission(String permission, String repository) {
        return "pr-service's GitHub App (or token) needs " + permission + " on " + repository + ".";
    }

    private static List<String> names(List<String> users, List<String> teams) {
        List<String> names = new ArrayList<>(users);
        teams.forEach(t -> names.add("team " + t));
        return names;
    }

    /** Those of {@code wanted} not in {@code present} (case-insensitive, as GitHub treats logins and label names). */
    private static List<String> missing(List<String> wanted, List<String> present) {
        List<String> lower = present.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return wanted.stream().filter(w -> !lower.contains(w.toLowerCase(Locale.ROOT))).toList();
    }
}
