package uk.gov.gds.awsam.provisioner.domain;

/** One of a request's files as it is at the merge commit: content null when absent (deleted). */
public record MergedFile(String path, String content, String sha256) {
}
