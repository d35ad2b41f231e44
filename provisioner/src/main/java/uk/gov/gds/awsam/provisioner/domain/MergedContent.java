package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.provisioner.domain.MergedJson.allowOnly;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.object;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.reject;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.text;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.withComment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import uk.gov.gds.awsam.contract.AccountId;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.Sha256;
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
 * files, with content that matches its digest, and parses them ({@link MergedJson}, through the {@link Json} port).
 */
public final class MergedContent {

    private static final TerraformLayout LAYOUT = TerraformLayout.DEFAULT;

    private final Json json;

    public MergedContent(Json json) {
        this.json = json;
    }

    /** The account file of a NEW_ACCOUNT request, checked against the request's account name. */
    public AccountSpec account(List<String> subjects, List<MergedFile> files, String bootstrapRoleName) {
        if (subjects.size() != 1) {
            throw reject("a new-account request names exactly one account, this one names " + subjects);
        }
        String name = subjects.get(0);
        String path = LAYOUT.accountFile(name);
        MergedFile file = onlyFile(files, path);
        if (file.content() == null) {
            throw reject(path + " is absent at the merge commit");
        }
        return MergedAccountFile.read(name, path, MergedJson.parse(json, file), bootstrapRoleName);
    }

    /**
     * The account an ACCOUNT_CLOSURE request closes: the one closure file {@code <accounts>/<account id>.closure.tf.json},
     * whose one local {@code account_<id>_closure} names that account (id, name in AWS, reason) and nothing else. The
     * request's subjects, if any, must name the same account (by id or name).
     */
    public AccountClosure.Target closure(List<String> subjects, List<MergedFile> files) {
        String expected = LAYOUT.accountClosureFile("<account id>");
        String path = files.isEmpty() ? expected : files.get(0).path();
        String prefix = LAYOUT.accountsDirectory() + "/";
        String id = path.startsWith(prefix) && path.endsWith(TerraformLayout.CLOSURE_SUFFIX)
                ? path.substring(prefix.length(), path.length() - TerraformLayout.CLOSURE_SUFFIX.length()) : "";
        if (!AccountId.isValid(id)) {
            throw reject("unexpected file " + path + " in the merged change (expected only " + expected + ")");
        }
        MergedFile file = onlyFile(files, path);
        if (file.content() == null) {
            throw reject(path + " is absent at the merge commit");
        }
        Map<String, Object> root = MergedJson.parse(json, file);
        allowOnly(root, withComment(TerraformLayout.ACCOUNT_CLOSURE_BLOCKS), path + ": unexpected top-level block");
        Map<String, Object> locals = object(root.get(TerraformLayout.LOCALS), path + ": no \"locals\" block");
        String local = TerraformLayout.closureLocal(id);
        allowOnly(locals, withComment(Set.of(local)), path + ": unexpected local");
        Map<String, Object> mark = object(locals.get(local), path + ": no local " + local);
        allowOnly(mark, withComment(Set.of(TerraformLayout.CLOSURE_ACCOUNT_ID, TerraformLayout.CLOSURE_ACCOUNT_NAME,
                TerraformLayout.CLOSURE_REASON)), path + ": unexpected attribute");
        String markedId = text(mark, TerraformLayout.CLOSURE_ACCOUNT_ID, path);
        if (!id.equals(markedId)) {
            throw reject(path + ": account_id \"" + markedId + "\" is not the account " + id + " the file is named by");
        }
        String name = text(mark, TerraformLayout.CLOSURE_ACCOUNT_NAME, path);
        String reason = text(mark, TerraformLayout.CLOSURE_REASON, path);
        if (!subjects.isEmpty() && !subjects.equals(List.of(id)) && !subjects.equals(List.of(name))) {
            throw reject("the request is for " + subjects + ", the merged closure file for account " + id + " (" + name + ")");
        }
        return new AccountClosure.Target(id, name, reason);
    }

    /**
     * The users a USER_ACCESS request adds: each subject's file must be present, name that user and nothing
     * else, and ask for no groups other than {@code groups}.
     */
    public List<String> usersToAdd(List<String> subjects, List<MergedFile> files, List<String> groups) {
        List<String> emails = userSubjects(subjects);
        Map<String, MergedFile> byPath = userFiles(emails, files);
        for (String email : emails) {
            MergedFile file = byPath.get(userPath(email));
            if (file.content() == null) {
                throw reject(file.path() + " is absent at the merge commit: " + email + " was not reviewed for access");
            }
            MergedUserFile.check(email, file.path(), MergedJson.parse(json, file), groups);
        }
        return emails;
    }

    /** The users a USER_REMOVAL request removes: each subject's file must be deleted at the merge commit. */
    public List<String> usersToRemove(List<String> subjects, List<MergedFile> files) {
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
        if (!Sha256.hex(file.content()).equalsIgnoreCase(file.sha256())) {
            throw reject(file.path() + ": the content does not match its SHA-256 " + file.sha256());
        }
    }

}
