package uk.gov.gds.awsam.pr.domain;

import java.util.List;

/**
 * What pr-service knows of one request, rebuilt from the topics: the TerraformGenerated it acted on (kind,
 * subjects, repository, branches, the paths of its files), the pull request it opened, and whether it has
 * already published the pull request's conclusion. Fields are null until the event that brings them is seen.
 */
public record TrackedRequest(String requestId, String generatedEventId, Journey journey, List<String> subjects,
        String repository, String baseBranch, String branch, List<String> paths, Integer number, Conclusion conclusion) {

    public enum Conclusion {
        OPEN, MERGED, CLOSED
    }

    static TrackedRequest empty(String requestId) {
        return new TrackedRequest(requestId, null, null, List.of(), null, null, null, List.of(), null, Conclusion.OPEN);
    }

    /** Known from its TerraformGenerated: the request's own files and branch. */
    public boolean generated() {
        return generatedEventId != null;
    }

    public boolean concluded() {
        return conclusion != Conclusion.OPEN;
    }

    /** The PrOpened event id, derived from the TerraformGenerated it answers. */
    public String openedEventId() {
        return EventIds.opened(generatedEventId);
    }

    TrackedRequest withGenerated(ChangeRequest change) {
        return new TrackedRequest(requestId, change.eventId(), change.journey(), change.subjects(), change.repository(),
                change.baseBranch(), change.branch(), change.paths(), number, conclusion);
    }

    TrackedRequest withNumber(int pullNumber) {
        return new TrackedRequest(requestId, generatedEventId, journey, subjects, repository, baseBranch, branch, paths, pullNumber,
                conclusion);
    }

    TrackedRequest withConclusion(Conclusion concluded) {
        return new TrackedRequest(requestId, generatedEventId, journey, subjects, repository, baseBranch, branch, paths, number,
                concluded);
    }
}
