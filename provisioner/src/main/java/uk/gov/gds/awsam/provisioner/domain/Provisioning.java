package uk.gov.gds.awsam.provisioner.domain;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.Facts.Failed;

/**
 * The provisioner's one call per event, each giving its facts to the {@link Publisher} as they happen (between
 * the AWS writes, so a crash leaves every write safe to redo). A merge: a new account gives AccountCreated then
 * RootMfaRequested; user access one UserCreated per user; user removal one UserRemoved per user; a closure
 * AccountClosing then AccountClosed (queued, RequestWaiting, while the closure quota is reached). A seeding: root
 * MFA verified and the bootstrap role trusting the request's admins, RootSecured. Each fact once per request, even
 * when its event is delivered again or an engineer retries a stage (the ids derive from the event; what was
 * published is known); a failure is a {@link Failed} fact.
 */
public final class Provisioning {

    private static final System.Logger LOG = System.getLogger(Provisioning.class.getName());

    /** What was merged: a {@code PrMerged}. */
    public record Merge(String eventId, String requestId, Kind kind, List<String> subjects, List<MergedFile> files, String repository,
            int number) {
        public enum Kind { NEW_ACCOUNT, USER_ACCESS, USER_REMOVAL, ACCOUNT_CLOSURE }
    }

    /**
     * Root MFA seeded on an account (a {@code RootMfaSeeded}), with the account the provisioner announced for the
     * request ({@code announced} null when it announced none) and the admins it named then (as reviewed).
     */
    public record Seeding(String eventId, String requestId, String accountId, boolean rootSignInTested, String announced,
            List<String> adminUserEmails) { }

    private final Publisher publisher;
    private final MergedContent content;
    private final AccountProvisioning accounts;
    private final UserProvisioning users;
    private final UserRemoval removals;
    private final RootSecuring roots;
    private final AccountClosure closures;
    private final Journal journal;
    private final String billingRepository;
    private final String usersRepository;
    private final String bootstrapRoleName;
    private final List<String> groups;

    public Provisioning(Publisher publisher, MergedContent content, AccountProvisioning accounts, UserProvisioning users, UserRemoval removals,
            RootSecuring roots, AccountClosure closures, Journal journal, String billingRepository, String usersRepository, String bootstrapRoleName,
            List<String> groups) {
        this.publisher = publisher;
        this.content = content;
        this.accounts = accounts;
        this.users = users;
        this.removals = removals;
        this.roots = roots;
        this.closures = closures;
        this.journal = journal;
        this.billingRepository = billingRepository;
        this.usersRepository = usersRepository;
        this.bootstrapRoleName = bootstrapRoleName;
        this.groups = List.copyOf(groups);
    }

    /**
     * Applies a merge (again): on its first delivery, on a redelivery, or when an engineer retries a stage that
     * follows it. Each AWS step finds what an earlier run did.
     */
    public void apply(Run run, Merge merged) {
        if (!reviewedWhereItShouldBe(run, merged)) {
            return;
        }
        switch (merged.kind()) {
            case NEW_ACCOUNT -> newAccount(run, merged);
            case USER_ACCESS -> eachUser(run, merged, EventType.USER_CREATED, ResumableStage.CREATE_USER,
                    () -> content.usersToAdd(merged.subjects(), merged.files(), groups),
                    (email, eventId) -> new Facts.UserCreated(eventId, merged.requestId(), merged.eventId(), users.create(run, email)));
            case USER_REMOVAL -> eachUser(run, merged, EventType.USER_REMOVED, ResumableStage.REMOVE_USER,
                    () -> content.usersToRemove(merged.subjects(), merged.files()),
                    (email, eventId) -> new Facts.UserRemoved(eventId, merged.requestId(), merged.eventId(), removals.remove(run, email)));
            case ACCOUNT_CLOSURE -> closeAccount(run, merged);
        }
    }

    /**
     * Closes the account of the merged closure file: AccountClosing once AWS accepted CloseAccount (after the quota
     * queue), AccountClosed once it is SUSPENDED; each once, whatever step a redelivery or a retry finds done.
     */
    private void closeAccount(Run run, Merge merged) {
        String cause = merged.eventId();
        String closingId = Envelope.derivedEventId(cause, EventType.ACCOUNT_CLOSING);
        String closedId = Envelope.derivedEventId(cause, EventType.ACCOUNT_CLOSED);
        if (publisher.published(closedId)) {
            LOG.log(INFO, "The closure of PrMerged {0} is already announced", cause);
            return;
        }
        StepFailed failed = attempt(run, ResumableStage.CLOSE_ACCOUNT, String.join(",", merged.subjects()), () -> {
            AccountClosure.Target target = content.closure(merged.subjects(), merged.files());
            if (!publisher.published(closingId)) {
                List<Instant> counted = publisher.closuresRequestedSince(run.now().minus(AccountClosure.QUOTA_WINDOW));
                AccountClosure.Closing closing = closures.close(run, target, counted);
                publisher.publish(new Facts.AccountClosing(closingId, merged.requestId(), cause, target.accountId(), target.accountName(),
                        closing.suspendedParentId(), closing.requestedAt()));
            }
            Instant closedAt = closures.awaitSuspended(run, target);
            publisher.publish(new Facts.AccountClosed(closedId, merged.requestId(), closingId, target.accountId(), target.accountName(), closedAt));
        });
        rethrowIfRetryable(failed);
    }

    private void newAccount(Run run, Merge merged) {
        String cause = merged.eventId();
        String createdId = Envelope.derivedEventId(cause, EventType.ACCOUNT_CREATED);
        String mfaId = Envelope.derivedEventId(cause, EventType.ROOT_MFA_REQUESTED);
        if (publisher.published(createdId) && publisher.published(mfaId)) {
            LOG.log(INFO, "The account of PrMerged {0} is already announced", cause);
            return;
        }
        Instant started = run.progress("started", Instant::now);
        StepFailed failed = attempt(run, ResumableStage.CREATE_ACCOUNT, String.join(",", merged.subjects()), () -> {
            AccountSpec spec = content.account(merged.subjects(), merged.files(), bootstrapRoleName);
            ProvisionedAccount account = accounts.provision(run, spec);
            publisher.publish(new Facts.AccountCreated(createdId, merged.requestId(), cause, account, spec.trustedUsers(), started));
            publisher.publish(new Facts.RootMfaRequested(mfaId, merged.requestId(), createdId, account));
        });
        rethrowIfRetryable(failed);
    }

    /** One fact per user of the merge, published as soon as that user is done; a user that failed is not tried again. */
    private void eachUser(Run run, Merge merged, EventType type, ResumableStage stage, Supplier<List<String>> read,
            BiFunction<String, String, Facts.Fact> done) {
        List<String> emails = verified(run, merged, read);
        StepFailed retryable = null;
        Set<String> failedUsers = run.progress("failed-users", HashSet::new);
        for (String email : emails) {
            String eventId = Envelope.derivedEventId(merged.eventId(), type, email);
            if (failedUsers.contains(email) || publisher.published(eventId)) {
                continue;
            }
            StepFailed failed = attempt(run, stage, email, () -> {
                publisher.publish(done.apply(email, eventId));
                journal.forget(merged.requestId(), email);
            });
            if (failed != null) {
                failedUsers.add(email);
                retryable = failed.retryable() ? failed : retryable;
            }
        }
        rethrowIfRetryable(retryable);
    }

    /**
     * Accounts (and their closures) must have been merged in the billing repository and users in the users repository: each has its
     * own reviewers (codeowners). Otherwise RequestFailed, and nothing is applied.
     */
    private boolean reviewedWhereItShouldBe(Run run, Merge merged) {
        boolean account = merged.kind() == Merge.Kind.NEW_ACCOUNT || merged.kind() == Merge.Kind.ACCOUNT_CLOSURE;
        String expected = account ? billingRepository : usersRepository;
        StepFailed failed = attempt(run, ResumableStage.VERIFY_MERGED_CONTENT, String.join(",", merged.subjects()), () -> {
            if (!expected.equalsIgnoreCase(merged.repository())) {
                throw StepFailed.permanent(ResumableStage.VERIFY_MERGED_CONTENT, "a " + merged.kind() + " change was merged in "
                        + merged.repository() + "#" + merged.number() + ", but is applied only from " + expected,
                        "the change must be reviewed by the codeowners of " + expected + ": a new request opens its pull request there");
            }
        });
        return failed == null;
    }

    /** The users of a merged change; when the content does not match, RequestFailed and none. */
    private List<String> verified(Run run, Merge merged, Supplier<List<String>> read) {
        List<List<String>> found = new ArrayList<>();
        attempt(run, ResumableStage.VERIFY_MERGED_CONTENT, String.join(",", merged.subjects()), () -> found.add(read.get()));
        return found.isEmpty() ? List.of() : found.get(0);
    }

    /**
     * Secures root for a seeding (again), without a second seeding when an engineer retries SECURE_ROOT: verifies
     * root MFA and makes the bootstrap role trust the request's admins.
     */
    public void secure(Run run, Seeding seeded) {
        String cause = seeded.eventId();
        String securedId = Envelope.derivedEventId(cause, EventType.ROOT_SECURED);
        if (publisher.published(securedId)) {
            LOG.log(INFO, "RootSecured for RootMfaSeeded {0} is already published", cause);
            return;
        }
        StepFailed failed = attempt(run, ResumableStage.SECURE_ROOT, seeded.accountId(), () -> {
            if (seeded.announced() == null) {
                throw StepFailed.permanent(ResumableStage.SECURE_ROOT,
                        "the provisioner announced no account for this request (no AccountCreated), so it does not know whom to trust",
                        "an engineer checks the request's timeline: the account must be created (AccountCreated) before root is secured");
            }
            if (!seeded.announced().equals(seeded.accountId())) {
                throw StepFailed.permanent(ResumableStage.SECURE_ROOT, "RootMfaSeeded names account " + seeded.accountId()
                        + ", but the request's account is " + seeded.announced(),
                        "the engineer seeds root MFA for account " + seeded.announced() + " with the yubikey-agent");
            }
            if (!seeded.rootSignInTested()) {
                LOG.log(WARNING, "The engineer did not confirm a root sign-in with MFA for account {0}", seeded.accountId());
            }
            SecuredRoot secured = roots.secure(run, seeded.announced(), seeded.adminUserEmails());
            publisher.publish(new Facts.RootSecured(securedId, seeded.requestId(), cause, secured));
        });
        rethrowIfRetryable(failed);
    }

    /**
     * Runs one step; when it fails, publishes the failure (a {@link Failed}) and returns it (null on success) for
     * {@link #rethrowIfRetryable} when the other steps are done. A wait or a stop goes through.
     */
    StepFailed attempt(Run run, ResumableStage stageOfUnexpected, String subject, Runnable step) {
        StepFailed failed;
        try {
            step.run();
            return null;
        } catch (StepFailed stepFailed) {
            failed = stepFailed;
        } catch (Stopping | Waiting passing) {
            throw passing;
        } catch (RuntimeException unexpected) {
            LOG.log(ERROR, "Unexpected failure at " + stageOfUnexpected + " for " + subject, unexpected);
            failed = StepFailed.retryable(stageOfUnexpected, "unexpected failure: " + unexpected, 1, unexpected);
        }
        publisher.publish(Failed.of(run, subject, failed));
        return failed;
    }

    /** Throws (sending the record to the dead-letter topic) when the failure may pass on a replay. */
    private static void rethrowIfRetryable(StepFailed failed) {
        if (failed != null && failed.retryable()) {
            throw failed;
        }
    }
}
