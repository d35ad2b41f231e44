package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.Optional;

/** A repository pr-service writes to, with the labels, assignees and reviewers its pull requests get. */
public record RepositorySettings(String name, String baseBranch, List<String> labels, List<String> assignees, List<String> reviewers,
        List<String> teamReviewers) {

    public RepositorySettings {
        labels = List.copyOf(labels);
        assignees = List.copyOf(assignees);
        reviewers = List.copyOf(reviewers);
        teamReviewers = List.copyOf(teamReviewers);
    }

    /** The two repositories of the system; pr-service writes to no other. */
    public record Repositories(RepositorySettings billing, RepositorySettings users) {

        public Optional<RepositorySettings> find(String repository) {
            if (repository == null) {
                return Optional.empty();
            }
            if (billing.name().equalsIgnoreCase(repository)) {
                return Optional.of(billing);
            }
            return users.name().equalsIgnoreCase(repository) ? Optional.of(users) : Optional.empty();
        }
    }
}
