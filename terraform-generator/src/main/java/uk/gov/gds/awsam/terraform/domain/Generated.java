package uk.gov.gds.awsam.terraform.domain;

import java.time.Instant;
import java.util.List;

/** The change the generator made of a request: what TerraformGenerated says ({@code messaging} maps it to the event). */
public record Generated(String eventId, String requestId, Instant occurredAt, String causationId, Kind kind, List<String> subjects,
        String requesterEmail, String repository, String baseBranch, String branch, String commitMessage, String prTitle,
        String prBody, List<FileEdit> changes) {

    public Generated {
        subjects = List.copyOf(subjects);
        changes = List.copyOf(changes);
    }

    /** One file of the change: written with {@code content} (and its SHA-256), or deleted when {@code content} is null. */
    public record FileEdit(String path, String content, String sha256) {
    }
}
