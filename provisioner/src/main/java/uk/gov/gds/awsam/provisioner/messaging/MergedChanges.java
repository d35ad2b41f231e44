package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.provisioner.config.ProvisionerConfig;
import uk.gov.gds.awsam.provisioner.domain.AccountProvisioning;
import uk.gov.gds.awsam.provisioner.domain.AccountSpec;
import uk.gov.gds.awsam.provisioner.domain.CreatedUser;
import uk.gov.gds.awsam.provisioner.domain.MergedContent;
import uk.gov.gds.awsam.provisioner.domain.MergedFile;
import uk.gov.gds.awsam.provisioner.domain.ProvisionedAccount;
import uk.gov.gds.awsam.provisioner.domain.RemovedUser;
import uk.gov.gds.awsam.provisioner.domain.Journal;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.UserProvisioning;
import uk.gov.gds.awsam.provisioner.domain.UserRemoval;

/**
 * PrMerged: applies what was merged. A new account gives AccountCreated then RootMfaRequested; user access
 * gives one UserCreated per user; user removal one UserRemoved per user. Each event once per request, even
 * when the PrMerged is delivered again (the ids derive from it; what was published is known).
 */
@ApplicationScoped
public class MergedChanges {

    /** The YubiKeys every root MFA credential is seeded on. */
    static final int KEYS_REQUIRED = 2;
    private static final Logger LOG = Logger.getLogger(MergedChanges.class);

    private final Handling handling;
    private final ProvisionerEvents events;
    private final AccountProvisioning accounts;
    private final UserProvisioning users;
    private final UserRemoval removals;
    private final ProvisionerConfig config;
    private final Journal journal;

    public MergedChanges(Handling handling, ProvisionerEvents events, AccountProvisioning accounts, UserProvisioning users,
            UserRemoval removals, ProvisionerConfig config, Journal journal) {
        this.journal = journal;
        this.handling = handling;
        this.events = events;
        this.accounts = accounts;
        this.users = users;
        this.removals = removals;
        this.config = config;
    }

    @Incoming("pr-merged")
    @Blocking(value = "provisioner-workers", ordered = false)
    public CompletionStage<Void> onMerged(Message<PrMerged> message) {
        PrMerged merged = message.getPayload();
        return handling.handle(message, merged.getRequestId(), merged.getEventId(), run -> apply(run, merged));
    }

    /**
     * Applies a merge (again): on its first delivery, on a redelivery, or when an engineer retries a stage that
     * follows it. Each event it gives derives its id from the merge, so it is published once however often this
     * runs; each AWS step finds what an earlier run did.
     */
    public void apply(Run run, PrMerged merged) {
        if (run.passes() == 1) {
            LOG.infof("PrMerged %s: %s %s merged by %s in %s#%d", merged.getEventId(), merged.getKind(), merged.getSubjects(),
                    merged.getMergedBy(), merged.getRepository(), merged.getNumber());
        }
        if (!reviewedWhereItShouldBe(run, merged)) {
            return;
        }
        switch (merged.getKind()) {
            case NEW_ACCOUNT -> newAccount(run, merged);
            case USER_ACCESS -> userAccess(run, merged);
            case USER_REMOVAL -> userRemoval(run, merged);
        }
    }

    private void newAccount(Run run, PrMerged merged) {
        String cause = merged.getEventId();
        String createdId = Envelope.derivedEventId(cause, EventType.ACCOUNT_CREATED);
        String mfaId = Envelope.derivedEventId(cause, EventType.ROOT_MFA_REQUESTED);
        if (handling.published(createdId) && handling.published(mfaId)) {
            LOG.infof("The account of PrMerged %s is already announced", cause);
            return;
        }
        String subject = String.join(",", merged.getSubjects());
        Instant started = run.progress("started", Instant::now);
        StepFailed failed = handling.attempt(run, ResumableStage.CREATE_ACCOUNT, subject, () -> {
            AccountSpec spec = MergedContent.account(merged.getSubjects(), files(merged), config.accounts().bootstrapRoleName());
            ProvisionedAccount account = accounts.provision(run, spec);
            if (events.publishOnce(AccountCreated.newBuilder()
                    .setEventId(createdId).setRequestId(merged.getRequestId()).setOccurredAt(Instant.now()).setCausationId(cause)
                    .setAccountId(account.accountId()).setAccountName(account.name()).setRootEmail(account.rootEmail())
                    .setCreateAccountRequestId(account.createAccountRequestId())
                    .setAdminUserEmails(spec.trustedUsers())
                    .build())) {
                handling.count("provisioner.accounts", "outcome", account.adopted() ? "adopted" : "created");
                handling.timed("provisioner.account.provisioning", Duration.between(started, Instant.now()));
            }
            events.publishOnce(RootMfaRequested.newBuilder()
                    .setEventId(mfaId).setRequestId(merged.getRequestId()).setOccurredAt(Instant.now()).setCausationId(createdId)
                    .setAccountId(account.accountId()).setAccountName(account.name()).setRootEmail(account.rootEmail())
                    .setCredentialName(credentialName(account.accountId()))
                    .setKeysRequired(KEYS_REQUIRED)
                    .setConsoleSignInUrl(config.accounts().consoleSignInUrl())
                    .build());
        });
        Handling.rethrowIfRetryable(failed);
    }

    private void userAccess(Run run, PrMerged merged) {
        String cause = merged.getEventId();
        List<String> emails = verified(run, merged, () -> MergedContent.usersToAdd(merged.getSubjects(), files(merged), config.users().groups()));
        StepFailed retryable = null;
        Set<String> failedUsers = run.progress("failed-users", HashSet::new);
        for (String email : emails) {
            String eventId = Envelope.derivedEventId(cause, EventType.USER_CREATED, email);
            if (failedUsers.contains(email) || handling.published(eventId)) {
                continue;
            }
            StepFailed failed = handling.attempt(run, ResumableStage.CREATE_USER, email, () -> {
                CreatedUser user = users.create(run, email);
                events.publishOnce(UserCreated.newBuilder()
                        .setEventId(eventId).setRequestId(merged.getRequestId()).setOccurredAt(Instant.now()).setCausationId(cause)
                        .setUserName(user.userName()).setArn(user.arn()).setGroups(user.groups())
                        .setSealedInitialPassword(user.sealedInitialPassword())
                        .setAdopted(user.adopted())
                        .build());
                journal.forget(merged.getRequestId(), email);
                handling.count("provisioner.users.created", "password", user.sealedInitialPassword() == null ? "kept" : "new");
            });
            if (failed != null) {
                failedUsers.add(email);
                retryable = failed.retryable() ? failed : retryable;
            }
        }
        Handling.rethrowIfRetryable(retryable);
    }

    private void userRemoval(Run run, PrMerged merged) {
        String cause = merged.getEventId();
        List<String> emails = verified(run, merged, () -> MergedContent.usersToRemove(merged.getSubjects(), files(merged)));
        StepFailed retryable = null;
        Set<String> failedUsers = run.progress("failed-users", HashSet::new);
        for (String email : emails) {
            String eventId = Envelope.derivedEventId(cause, EventType.USER_REMOVED, email);
            if (failedUsers.contains(email) || handling.published(eventId)) {
                continue;
            }
            StepFailed failed = handling.attempt(run, ResumableStage.REMOVE_USER, email, () -> {
                RemovedUser removed = removals.remove(run, email);
                events.publishOnce(UserRemoved.newBuilder()
                        .setEventId(eventId).setRequestId(merged.getRequestId()).setOccurredAt(Instant.now()).setCausationId(cause)
                        .setUserName(removed.userName()).setRemoved(removed.removed())
                        .setTrustPoliciesStillNamingUser(removed.trustPoliciesStillNamingUser())
                        .setUnreadableAccounts(removed.unreadableAccounts())
                        .setUserExisted(removed.userExisted())
                        .build());
                journal.forget(merged.getRequestId(), email);
                handling.count("provisioner.users.removed");
            });
            if (failed != null) {
                failedUsers.add(email);
                retryable = failed.retryable() ? failed : retryable;
            }
        }
        Handling.rethrowIfRetryable(retryable);
    }

    /**
     * Accounts must have been merged in the billing repository and users in the users repository: each has its
     * own reviewers (codeowners). Otherwise RequestFailed, and nothing is applied.
     */
    private boolean reviewedWhereItShouldBe(Run run, PrMerged merged) {
        String expected = merged.getKind() == RequestKind.NEW_ACCOUNT ? config.repositories().billing() : config.repositories().users();
        StepFailed failed = handling.attempt(run, ResumableStage.VERIFY_MERGED_CONTENT, String.join(",", merged.getSubjects()), () -> {
            if (!expected.equalsIgnoreCase(merged.getRepository())) {
                throw StepFailed.permanent(ResumableStage.VERIFY_MERGED_CONTENT, "a " + merged.getKind() + " change was merged in "
                        + merged.getRepository() + "#" + merged.getNumber() + ", but is applied only from " + expected,
                        "the change must be reviewed by the codeowners of " + expected + ": a new request opens its pull request there");
            }
        });
        return failed == null;
    }

    /** The users of a merged change; when the content does not match, RequestFailed and none. */
    private List<String> verified(Run run, PrMerged merged, java.util.function.Supplier<List<String>> read) {
        List<List<String>> users = new java.util.ArrayList<>();
        handling.attempt(run, ResumableStage.VERIFY_MERGED_CONTENT, String.join(",", merged.getSubjects()), () -> users.add(read.get()));
        return users.isEmpty() ? List.of() : users.get(0);
    }

    static String credentialName(String accountId) {
        return "Amazon Web Services:root-mfa@" + accountId;
    }

    private static List<MergedFile> files(PrMerged merged) {
        return merged.getFiles().stream().map(MergedChanges::file).toList();
    }

    private static MergedFile file(FileChange change) {
        return new MergedFile(change.getPath(), change.getContent(), change.getSha256());
    }
}
