package uk.gov.gds.awsam.pr.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file of a repository: its whole UTF-8 content, or null when the file is absent (or to be deleted). */
public record FileContent(String path, String content) {

    public boolean deleted() {
        return content == null;
    }

    /** Lower-case hex SHA-256 of the content's UTF-8 bytes; null for an absent file. */
    public String sha256() {
        if (content == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
