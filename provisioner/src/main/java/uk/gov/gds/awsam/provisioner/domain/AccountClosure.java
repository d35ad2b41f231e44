package uk.gov.gds.awsam.provisioner.domain;

import static java.lang.System.Logger.Level.INFO;
import static uk.gov.gds.awsam.events.ResumableStage.CLOSE_ACCOUNT;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.Organizations.OrgAccount;

/**
 * Closes a merged account, each step safe to redo: refuses the management account, the gds-users account and an
 * account outside the organisation; queues the closure while the organisation's closure quota (a tenth of its active
 * member accounts, at least 10, at most 1000, in a rolling 30 days) or the closures in flight are reached; moves the
 * account to the suspended unit, calls CloseAccount (not when it is already closing or closed) and follows it to
 * SUSPENDED, however long AWS takes. Waits end the pass ({@link Waiting}), queued ones announced at once.
 */
public final class AccountClosure {

    /** How long a closure counts against the quota, and how long AWS can reinstate a closed account. */
    public static final Duration QUOTA_WINDOW = Duration.ofDays(30);
    public static final Duration REINSTATABLE = Duration.ofDays(90);
    /** What a queued closure waits for (its {@link Waiting#key()}): the quota, or the closures in flight. */
    public static final String QUOTA_WAIT = "closure-quota";
    public static final String IN_FLIGHT_WAIT = "closures-in-flight";
    public static final List<String> QUEUED_WAITS = List.of(QUOTA_WAIT, IN_FLIGHT_WAIT);
    /** How the wait for an accepted closure to be SUSPENDED begins ({@link Waiting#key()}: this and the account id). */
    private static final String FOLLOW_WAIT = "suspended:";

    private static final System.Logger LOG = System.getLogger(AccountClosure.class.getName());

    /** The account a merged closure file marks: its id, its name in AWS, and why it is closed. */
    public record Target(String accountId, String accountName, String reason) { }

    /** The accepted closure: the unit it was moved to and when CloseAccount was accepted (or found done). */
    public record Closing(String suspendedParentId, Instant requestedAt) { }

    /** The unit closed accounts are moved to ({@code provisioner.accounts.suspended-parent-id}); empty: not configured. */
    @FunctionalInterface
    public interface SuspendedUnit {
        Optional<String> parentId();
    }

    private final Organizations organizations;
    private final AwsPolicy policy;
    private final PollPolicy following;
    private final SuspendedUnit suspended;
    private final String gdsUsersAccountId;
    private final int closuresAtOnce;

    /** @param poll the looks at DescribeAccount: its back-off; a closure is followed past its timeout, never failed for slowness */
    public AccountClosure(Organizations organizations, AwsPolicy policy, PollPolicy poll, SuspendedUnit suspended, String gdsUsersAccountId,
            int closuresAtOnce) {
        this.organizations = organizations;
        this.policy = policy;
        this.following = new PollPolicy(poll.schedule(), ChronoUnit.FOREVER.getDuration());
        this.suspended = suspended;
        this.gdsUsersAccountId = gdsUsersAccountId;
        this.closuresAtOnce = closuresAtOnce;
    }

    /**
     * Moves the account to the suspended unit and has AWS close it, once the quota and the closures in flight allow.
     *
     * @param counted when each closure the provisioner announced in the last 30 days was requested
     */
    public Closing close(Run run, Target target, List<Instant> counted) {
        return StepFailed.during(CLOSE_ACCOUNT, () -> {
            String id = target.accountId();
            String unit = suspended.parentId().orElseThrow(() -> StepFailed.permanent(CLOSE_ACCOUNT,
                    "no suspended unit is configured (provisioner.accounts.suspended-parent-id), so account " + id + " was not closed",
                    "an engineer configures the organisational unit closed accounts go to, then retries the request from its page"));
            OrgAccount account = closable(run, target);
            if (account.active()) {
                checkQuota(run, counted);
            }
            moveTo(run, id, unit);
            if (account.active()) {
                try {
                    policy.write(run, CLOSE_ACCOUNT, Write.CLOSE_ACCOUNT, id, () -> organizations.closeAccount(id));
                    LOG.log(INFO, "CloseAccount {0} ({1}): {2}", id, target.accountName(), target.reason());
                } catch (AwsCallFailed refused) {
                    switch (refused.code()) {
                        case "CLOSE_ACCOUNT_QUOTA_EXCEEDED" -> throw policy.poll(run, CLOSE_ACCOUNT, QUOTA_WAIT, following, "the closure quota",
                                "AWS refuses more closures for now (CLOSE_ACCOUNT_QUOTA_EXCEEDED): accounts closed outside this service count"
                                        + " too; trying again later", AccountClosure::never).queued(null);
                        case "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED" -> throw inFlight(run, "AWS refuses more closures at once"
                                + " (CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED)");
                        case "AccountAlreadyClosedException" -> LOG.log(INFO, "Account {0} is already closing", id);
                        default -> throw refused;
                    }
                }
            }
            return new Closing(unit, run.progress("closure-requested:" + id, run::now));
        });
    }

    /** Follows the closure until AWS shows the account SUSPENDED; returns when it was seen so. */
    public Instant awaitSuspended(Run run, Target target) {
        String id = target.accountId();
        OrgAccount account = StepFailed.during(CLOSE_ACCOUNT, () -> closable(run, target));
        String key = FOLLOW_WAIT + id;
        if ("SUSPENDED".equals(account.status())) {
            policy.arrived(run, key);
            policy.seen(Write.ACCOUNT_SUSPENDED, id);
            return run.progress("closed-at:" + id, run::now);
        }
        if (account.active()) {
            throw StepFailed.permanent(CLOSE_ACCOUNT, "account " + id + " is ACTIVE again while it was being closed (reinstated?)",
                    "an engineer finds out who reinstated the account; a new closure request closes it again");
        }
        throw policy.poll(run, CLOSE_ACCOUNT, key, following, "AWS to finish closing the account", "account " + id + " is "
                + account.status(), AccountClosure::never);
    }

    /** Whether a wait is the follow of an accepted closure to SUSPENDED (its AccountClosing published before it). */
    public static boolean followsClosure(Waiting waiting) {
        return waiting.stage() == CLOSE_ACCOUNT && waiting.key().startsWith(FOLLOW_WAIT);
    }

    /** The account to close, refused (for good) when it is not in the organisation or is the management or gds-users account. */
    private OrgAccount closable(Run run, Target target) {
        String id = target.accountId();
        String management = run.progress("management-account", () -> policy.call(run, CLOSE_ACCOUNT, organizations::managementAccountId));
        String refused = id.equals(management) ? "the organisation's management account"
                : id.equals(gdsUsersAccountId) ? "the gds-users account, where everyone's IAM user is" : null;
        if (refused != null) {
            throw StepFailed.permanent(CLOSE_ACCOUNT, "account " + id + " is " + refused + " and is never closed by this service",
                    "nothing to do: the closure request was for the wrong account; a new request names the account to close");
        }
        return policy.call(run, CLOSE_ACCOUNT, () -> organizations.account(id)).orElseThrow(() -> StepFailed.permanent(CLOSE_ACCOUNT,
                "account " + id + " (" + target.accountName() + ") is not in the organisation, so it cannot be closed from it",
                "check the account id: a new closure request names an account of the organisation"));
    }

    private void checkQuota(Run run, List<Instant> counted) {
        List<OrgAccount> accounts = policy.call(run, CLOSE_ACCOUNT, organizations::accounts);
        String management = run.progress("management-account", () -> policy.call(run, CLOSE_ACCOUNT, organizations::managementAccountId));
        long active = accounts.stream().filter(a -> a.active() && !a.id().equals(management)).count();
        long quota = Math.max(10, Math.min(1000, active / 10));
        if (counted.size() >= quota) {
            Instant until = counted.stream().min(Instant::compareTo).orElseThrow().plus(QUOTA_WINDOW);
            throw new Waiting(Duration.between(run.now(), until).isNegative() ? Duration.ZERO : Duration.between(run.now(), until),
                    CLOSE_ACCOUNT, QUOTA_WAIT, "the closure quota", "the organisation may close " + quota + " accounts in 30 days (a tenth"
                            + " of its " + active + " active member accounts, at least 10, at most 1000) and " + counted.size()
                            + " were closed in the last 30 days; this one goes when the oldest of them is 30 days old", true).queued(until);
        }
        long pending = accounts.stream().filter(a -> "PENDING_CLOSURE".equals(a.status())).count();
        if (pending >= closuresAtOnce) {
            throw inFlight(run, pending + " accounts are PENDING_CLOSURE and the provisioner closes at most " + closuresAtOnce + " at once");
        }
        policy.arrived(run, IN_FLIGHT_WAIT);
    }

    private Waiting inFlight(Run run, String seen) {
        Waiting waiting = policy.poll(run, CLOSE_ACCOUNT, IN_FLIGHT_WAIT, following, "closures in flight", seen, AccountClosure::never);
        return waiting.queued(run.now().plus(waiting.delay()));
    }

    /** A closure's waits have no timeout ({@link #following}): AWS and the quota take their time; waiting is never a failure. */
    private static StepFailed never() {
        throw new IllegalStateException("a closure's wait timed out, which it never does");
    }

    private void moveTo(Run run, String id, String unit) {
        String current = policy.call(run, CLOSE_ACCOUNT, () -> organizations.parentOf(id));
        if (current.equals(unit)) {
            return;
        }
        try {
            policy.write(run, CLOSE_ACCOUNT, Write.MOVE_ACCOUNT, id, () -> organizations.moveAccount(id, current, unit));
            LOG.log(INFO, "Moved account {0} from {1} to the suspended unit {2}", id, current, unit);
        } catch (AwsCallFailed failed) {
            if (failed.is(Kind.NOT_FOUND) && !failed.code().equals("AccountNotFoundException")) {
                throw StepFailed.permanent(CLOSE_ACCOUNT, "the suspended unit " + unit + " does not exist: " + failed.getMessage(),
                        "an engineer creates the unit or corrects provisioner.accounts.suspended-parent-id, then retries");
            }
            if (!failed.code().equals("DuplicateAccountException")) {
                throw failed;
            }
        }
    }
}
