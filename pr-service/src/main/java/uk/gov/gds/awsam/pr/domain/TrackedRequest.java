package uk.gov.gds.awsam.pr.domain;

import java.util.List;

/**
 * What pr-service knows of one request, rebuilt from the topics: the TerraformGenerated it acted on (kind,
 * subjects, repository, branches, the paths of its files, and where the record is, so that a retry reads it
 * again), the pull request it opened and the PrOpened that said so, and whether it has already published the
 * pull request's conclusion. Fields are null until the event that brings them is seen.
 */
public record TrackedRequest(String requestId, String generatedEventId, Journey journey, List<String> subjects,
        String repository, String baseBranch, String branch, List<String> paths, RecordLocation generatedAt, Integer number,
        String openedEventId, Conclusion conclusion) {

    public enum Conclusion {
        OPEN, MERGED, CLOSED,
        /** Merged into another branch than the base: failed at PR_MERGE, which an engineer may retry. */
        MERGED_ELSEWHERE
    }

    /** A record's place on its topic. */
    public record RecordLocation(int partition, long offset) {
    }

    static TrackedRequest empty(String requestId) {
        return new TrackedRequest(requestId, null, null, List.of(), null, null, null, List.of(), null, null, null, Conclusion.OPEN);
    }

    /** Known from its TerraformGenerated: the request's own files and branch. */
    public boolean generated() {
        return generatedEventId != null;
    }

    public boolean concluded() {
        return conclusion != Conclusion.OPEN;
    }

    /** The id of the PrOpened of the pull request in hand: as published, else derived from the TerraformGenerated. */
    @Override
    public String openedEventId() {
        return openedEventId != null ? openedEventId : EventIds.opened(generatedEventId);
    }

    TrackedRequest withGenerated(ChangeRequest change, RecordLocation location) {
        return new TrackedRequest(requestId, change.eventId(), change.journey(), change.subjects(), change.repository(),
                change.baseBranch(), change.branch(), change.paths(), location != null ? location : generatedAt, number, openedEventId,
                conclusion);
    }

    TrackedRequest withOpened(int pullNumber, String eventId) {
        return new TrackedRequest(requestId, generatedEventId, journey, subjects, repository, baseBranch, branch, paths, generatedAt,
                pullNumber, eventId, conclusion);
    }

    TrackedRequest withConclusion(Conclusion concluded) {
        return new TrackedRequest(requestId, generatedEventId, journey, subjects, repository, baseBranch, branch, paths, generatedAt,
                number, openedEventId, concluded);
    }
}
