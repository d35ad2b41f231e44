package uk.gov.gds.awsam.pr.domain;

/** The part of a {@code pull_request} webhook payload pr-service acts on. */
public record PullRequestEvent(String action, String repository, String sender, PullRequestState pullRequest) {

    public boolean closed() {
        return action.equals("closed");
    }
}
