package uk.gov.gds.awsam.pr.domain;

import uk.gov.gds.awsam.contract.Sha256;

/** A file of a repository: its whole UTF-8 content, or null when the file is absent (or to be deleted). */
public record FileContent(String path, String content) {

    public boolean deleted() {
        return content == null;
    }

    /** Lower-case hex SHA-256 of the content's UTF-8 bytes; null for an absent file. */
    public String sha256() {
        return content == null ? null : Sha256.hex(content);
    }
}
