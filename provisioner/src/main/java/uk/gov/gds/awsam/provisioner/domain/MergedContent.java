package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.provisioner.domain.MergedJson.reject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.TerraformLayout;

/**
 * What was reviewed is what is applied: reads the merged Terraform JSON of a request and refuses (with a
 * reason for RequestFailed, never retryable) anything that no longer matches the request or that the
 * provisioner would not apply exactly as written: other accounts or users, other resources, unknown
 * attributes, Terraform interpolation, duplicate JSON keys, content that does not match its SHA-256.
 *
 * <p>The files are laid out as the contract in {@code schemas} says ({@link TerraformLayout#DEFAULT}): one account
 * file for a new account ({@link MergedAccountFile}); one file per user, present to add the user
 * ({@link MergedUserFile}), deleted to remove it. This class checks that the merged change holds exactly those
 * files, with content that matches its digest.
 */
public final class MergedContent {

    private static final TerraformLayout LAYOUT = TerraformLayout.DEFAULT;

    private MergedContent() {
    }

    /** The account file of a NEW_ACCOUNT request, checked against the request's account name. */
    public static AccountSpec account(List<String> subjects, List<MergedFile> files, String bootstrapRoleName) {
        if (subjects.size() != 1) {
            throw reject("a new-account request names exactly one account, this one names " + subjects);
        }
        String name = subjects.get(0);
        String path = LAYOUT.accountFile(name);
        MergedFile file = onlyFile(files, path);
        if (file.content() == null) {
            throw reject(path + " is absent at the merge commit");
        }
        return MergedAccountFile.read(name, file, bootstrapRoleName);
    }

    /**
     * The users a USER_ACCESS request adds: each subject's file must be present, name that user and nothing
     * else, and ask for no groups other than {@code groups}.
     */
    public static List<String> usersToAdd(List<String> subjects, List<MergedFile> files, List<String> groups) {
        List<String> emails = userSubjects(subjects);
        Map<String, MergedFile> byPath = userFiles(emails, files);
        for (String email : emails) {
            MergedFile file = byPath.get(userPath(email));
            if (file.content() == null) {
                throw reject(file.path() + " is absent at the merge commit: " + email + " was not reviewed for access");
            }
            MergedUserFile.check(email, file, groups);
        }
        return emails;
    }

    /** The users a USER_REMOVAL request removes: each subject's file must be deleted at the merge commit. */
    public static List<String> usersToRemove(List<String> subjects, List<MergedFile> files) {
        List<String> emails = userSubjects(subjects);
        Map<String, MergedFile> byPath = userFiles(emails, files);
        for (String email : emails) {
            MergedFile file = byPath.get(userPath(email));
            if (file.content() != null) {
                throw reject(file.path() + " is still present at the merge commit: the removal of " + email + " was not merged");
            }
        }
        return emails;
    }

    /** The path of a user's file: the lower-cased email is the file name. */
    public static String userPath(String email) {
        return LAYOUT.userFile(email);
    }

    private static List<String> userSubjects(List<String> subjects) {
        if (subjects.isEmpty()) {
            throw reject("the request names no users");
        }
        Set<String> emails = new LinkedHashSet<>();
        for (String subject : subjects) {
            IamUserEmail.problem(subject.strip()).ifPresent(problem -> {
                throw reject("\"" + subject + "\" cannot name an IAM user: it " + problem);
            });
            emails.add(IamUserEmail.of(subject.strip()).value());
        }
        return List.copyOf(emails);
    }

    private static Map<String, MergedFile> userFiles(List<String> emails, List<MergedFile> files) {
        Map<String, MergedFile> byPath = new LinkedHashMap<>();
        for (MergedFile file : files) {
            if (byPath.put(file.path(), file) != null) {
                throw reject(file.path() + " is listed twice in the merged change");
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        for (String email : emails) {
            expected.add(userPath(email));
        }
        for (String path : byPath.keySet()) {
            if (!expected.contains(path)) {
                throw reject("unexpected file " + path + " in the merged change (the request is for " + emails + ")");
            }
        }
        for (String path : expected) {
            if (!byPath.containsKey(path)) {
                throw reject(path + " is missing from the merged change");
            }
        }
        byPath.values().forEach(MergedContent::checkDigest);
        return byPath;
    }

    private static MergedFile onlyFile(List<MergedFile> files, String path) {
        MergedFile found = null;
        for (MergedFile file : files) {
            if (!file.path().equals(path)) {
                throw reject("unexpected file " + file.path() + " in the merged change (expected only " + path + ")");
            }
            if (found != null) {
                throw reject(path + " is listed twice in the merged change");
            }
            found = file;
        }
        if (found == null) {
            throw reject(path + " is missing from the merged change");
        }
        checkDigest(found);
        return found;
    }

    private static void checkDigest(MergedFile file) {
        if (file.content() == null || file.sha256() == null) {
            return;
        }
        if (!sha256(file.content()).equalsIgnoreCase(file.sha256())) {
            throw reject(file.path() + ": the content does not match its SHA-256 " + file.sha256());
        }
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
