package uk.gov.gds.awsam.pr.domain;

import java.util.List;

/** What terraform-generator asks for (a TerraformGenerated event): the files to commit and the pull request to open. */
public record ChangeRequest(String eventId, String requestId, Journey journey, List<String> subjects, String repository,
        String baseBranch, String branch, String commitMessage, String title, String body, List<FileContent> changes) {

    public ChangeRequest {
        subjects = List.copyOf(subjects);
        changes = List.copyOf(changes);
    }

    public List<String> paths() {
        return changes.stream().map(FileContent::path).toList();
    }
}
