package uk.gov.gds.awsam.provisioner.domain;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed.Kind;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus.State;
import uk.gov.gds.awsam.provisioner.domain.Organizations.OrgAccount;

/**
 * Applies a merged account: adopts the account that already has the root email (a redelivered event, or an
 * account made by hand), or creates it within the cap on creations in flight and waits until AWS finishes;
 * moves it to its organisational unit; then waits until its bootstrap role can be assumed.
 */
public final class AccountProvisioning {

    private static final Logger LOG = Logger.getLogger(AccountProvisioning.class);

    /** What each FAILED reason of DescribeCreateAccountStatus means, for the engineer who reads RequestFailed. */
    private static final Map<String, String> FAILURE_REASONS = Map.ofEntries(
            Map.entry("ACCOUNT_LIMIT_EXCEEDED", "the organisation has reached its limit of accounts; ask AWS Support for a higher quota"),
            Map.entry("EMAIL_ALREADY_EXISTS", "an AWS account outside the organisation already uses this root email"),
            Map.entry("INVALID_EMAIL", "AWS refused the root email address"),
            Map.entry("INVALID_ADDRESS", "AWS refused the organisation's address"),
            Map.entry("GOVCLOUD_ACCOUNT_ALREADY_EXISTS", "a GovCloud account already exists for this account"),
            Map.entry("INVALID_IDENTITY_FOR_BUSINESS_VALIDATION", "the identity for business validation is invalid"),
            Map.entry("INVALID_PAYMENT_INSTRUMENT", "the organisation's payment instrument is invalid"),
            Map.entry("MISSING_BUSINESS_VALIDATION", "the organisation has not completed business validation"),
            Map.entry("MISSING_PAYMENT_INSTRUMENT", "the organisation has no valid payment instrument"),
            Map.entry("FAILED_BUSINESS_VALIDATION", "the organisation failed business validation"),
            Map.entry("UNKNOWN_BUSINESS_VALIDATION", "business validation failed for an unknown reason; contact AWS Support"),
            Map.entry("UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED", "the tags cannot be applied with the organisation's resource policy"),
            Map.entry("PENDING_BUSINESS_VALIDATION", "business validation of the organisation is still pending"),
            Map.entry("INTERNAL_FAILURE", "AWS failed internally"),
            Map.entry("CONCURRENT_ACCOUNT_MODIFICATION", "another change to the organisation's accounts was in progress"));

    private final Organizations organizations;
    private final MemberAccounts members;
    private final CreationSlots slots;
    private final Retrier retrier;
    private final PollPolicy createStatusPoll;
    private final PollPolicy readiness;

    public AccountProvisioning(Organizations organizations, MemberAccounts members, CreationSlots slots, Retrier retrier,
            PollPolicy createStatusPoll, PollPolicy readiness) {
        this.organizations = organizations;
        this.members = members;
        this.slots = slots;
        this.retrier = retrier;
        this.createStatusPoll = createStatusPoll;
        this.readiness = readiness;
    }

    public ProvisionedAccount provision(AccountSpec spec) {
        Optional<OrgAccount> existing = StepFailed.during(Stage.CREATE_ACCOUNT, () -> findByEmail(spec.email()));
        String accountId;
        String createRequestId = null;
        if (existing.isPresent()) {
            accountId = adopt(existing.get(), spec);
        } else {
            CreateAccountStatus created = StepFailed.during(Stage.CREATE_ACCOUNT, () -> create(spec));
            accountId = created.accountId();
            createRequestId = created.requestId();
        }
        spec.parent().ifPresent(parent -> StepFailed.during(Stage.MOVE_ACCOUNT, () -> moveTo(accountId, parent)));
        String roleArn = StepFailed.during(Stage.ACCOUNT_READINESS, () -> awaitAssumable(accountId, spec.roleName()));
        return new ProvisionedAccount(accountId, spec.name(), spec.email(), createRequestId, roleArn);
    }

    private Optional<OrgAccount> findByEmail(String email) {
        return retrier.call(Stage.CREATE_ACCOUNT, organizations::accounts).stream()
                .filter(account -> account.email() != null && account.email().equalsIgnoreCase(email))
                .findFirst();
    }

    private String adopt(OrgAccount account, AccountSpec spec) {
        if (!account.active()) {
            throw StepFailed.permanent(Stage.CREATE_ACCOUNT, "account " + account.id() + " (" + account.name() + ") already has the root email "
                    + spec.email() + " but is " + account.status() + ", not ACTIVE");
        }
        if (!spec.name().equals(account.name())) {
            LOG.warnf("Adopting account %s named %s for the request's account %s: it already has the root email %s",
                    account.id(), account.name(), spec.name(), spec.email());
        } else {
            LOG.infof("Adopting account %s (%s): it already has the root email %s", account.id(), account.name(), spec.email());
        }
        return account.id();
    }

    /** Creates the account, waiting for a slot; returns a SUCCEEDED status, or the adopted account's for EMAIL_ALREADY_EXISTS. */
    private CreateAccountStatus create(AccountSpec spec) {
        for (int attempt = 1;; attempt++) {
            CreateAccountStatus status;
            try (CreationSlots.Slot held = slots.take()) {
                status = retrier.call(Stage.CREATE_ACCOUNT, () -> organizations.createAccount(spec));
                LOG.infof("CreateAccount %s for %s (%s): %s", status.requestId(), spec.name(), spec.email(), status.state());
                status = awaitCreation(status, spec);
            }
            if (status.state() == State.SUCCEEDED) {
                return status;
            }
            String reason = status.failureReason() == null ? "UNKNOWN" : status.failureReason();
            switch (reason) {
                case "EMAIL_ALREADY_EXISTS" -> {
                    OrgAccount account = awaitByEmail(spec);
                    adopt(account, spec);
                    return new CreateAccountStatus(null, State.SUCCEEDED, account.id(), null);
                }
                case "CONCURRENT_ACCOUNT_MODIFICATION" -> {
                    if (attempt >= retrier.maxAttempts()) {
                        throw new StepFailed(Stage.CREATE_ACCOUNT, failed(status) + " (gave up after " + attempt + " attempts)", true, attempt, null);
                    }
                    Duration delay = retrier.backoff().after(attempt);
                    LOG.warnf("%s; creating again in %d ms", failed(status), delay.toMillis());
                    retrier.pauseOrFail(Stage.CREATE_ACCOUNT, delay, attempt);
                }
                case "INTERNAL_FAILURE", "PENDING_BUSINESS_VALIDATION" ->
                    throw new StepFailed(Stage.CREATE_ACCOUNT, failed(status), true, attempt, null);
                default -> throw new StepFailed(Stage.CREATE_ACCOUNT, failed(status), false, attempt, null);
            }
        }
    }

    private CreateAccountStatus awaitCreation(CreateAccountStatus started, AccountSpec spec) {
        long deadline = System.nanoTime() + createStatusPoll.timeout().toNanos();
        CreateAccountStatus status = started;
        for (int look = 1; status.state() == State.IN_PROGRESS; look++) {
            if (System.nanoTime() - deadline > 0) {
                throw new StepFailed(Stage.CREATE_ACCOUNT, "account creation " + started.requestId() + " for " + spec.name()
                        + " was still IN_PROGRESS after " + createStatusPoll.timeout(), true, look, null);
            }
            retrier.pauseOrFail(Stage.CREATE_ACCOUNT, createStatusPoll.backoff().after(look), look);
            String requestId = started.requestId();
            status = retrier.call(Stage.CREATE_ACCOUNT, () -> organizations.createAccountStatus(requestId));
        }
        return status;
    }

    /**
     * After EMAIL_ALREADY_EXISTS: the account with that email shows in ListAccounts (at once, or when a creation
     * still in progress for it finishes), unless it is outside the organisation.
     */
    private OrgAccount awaitByEmail(AccountSpec spec) {
        long deadline = System.nanoTime() + createStatusPoll.timeout().toNanos();
        for (int look = 1;; look++) {
            Optional<OrgAccount> found = findByEmail(spec.email());
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw StepFailed.permanent(Stage.CREATE_ACCOUNT, "EMAIL_ALREADY_EXISTS: " + spec.email()
                        + " is the root email of an AWS account outside the organisation; choose another root email");
            }
            retrier.pauseOrFail(Stage.CREATE_ACCOUNT, createStatusPoll.backoff().after(look), look);
        }
    }

    private Void moveTo(String accountId, String parentId) {
        String current = retrier.call(Stage.MOVE_ACCOUNT, () -> organizations.parentOf(accountId));
        if (current.equals(parentId)) {
            return null;
        }
        try {
            retrier.run(Stage.MOVE_ACCOUNT, () -> organizations.moveAccount(accountId, current, parentId));
            LOG.infof("Moved account %s from %s to %s", accountId, current, parentId);
        } catch (AwsCallFailed failed) {
            if (!failed.code().equals("DuplicateAccountException")) {
                throw failed;
            }
        }
        return null;
    }

    /** Retries until the role can be assumed and seen from inside the account (IAM is eventually consistent). */
    private String awaitAssumable(String accountId, String roleName) {
        long deadline = System.nanoTime() + readiness.timeout().toNanos();
        String lastProblem;
        for (int look = 1;; look++) {
            try (MemberAccount account = retrier.call(Stage.ACCOUNT_READINESS, () -> members.assume(accountId, roleName))) {
                Optional<Role> role = retrier.call(Stage.ACCOUNT_READINESS, () -> account.role(roleName));
                if (role.isPresent()) {
                    LOG.infof("Role %s of account %s can be assumed (look %d)", role.get().arn(), accountId, look);
                    return role.get().arn();
                }
                lastProblem = "role " + roleName + " does not exist yet";
            } catch (AwsCallFailed failed) {
                if (!failed.is(Kind.ACCESS_DENIED) && !failed.is(Kind.NOT_FOUND)) {
                    throw failed;
                }
                lastProblem = failed.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StepFailed(Stage.ACCOUNT_READINESS, "the " + roleName + " role of account " + accountId
                        + " could not be assumed within " + readiness.timeout() + ": " + lastProblem, true, look, null);
            }
            Duration delay = readiness.backoff().after(look);
            LOG.infof("Account %s not ready (%s); looking again in %d ms", accountId, lastProblem, delay.toMillis());
            retrier.pauseOrFail(Stage.ACCOUNT_READINESS, delay, look);
        }
    }

    private static String failed(CreateAccountStatus status) {
        String reason = status.failureReason() == null ? "UNKNOWN" : status.failureReason().toUpperCase(Locale.ROOT);
        return "account creation " + status.requestId() + " FAILED: " + reason + ": "
                + FAILURE_REASONS.getOrDefault(reason, "see DescribeCreateAccountStatus");
    }
}
