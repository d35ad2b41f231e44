package uk.gov.gds.awsam.provisioner.domain;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;
import static uk.gov.gds.awsam.events.ResumableStage.ACCOUNT_READINESS;
import static uk.gov.gds.awsam.events.ResumableStage.AUDIT_ROLE;
import static uk.gov.gds.awsam.events.ResumableStage.CHECK_ADMINS;
import static uk.gov.gds.awsam.events.ResumableStage.CREATE_ACCOUNT;
import static uk.gov.gds.awsam.events.ResumableStage.MOVE_ACCOUNT;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus.State;
import uk.gov.gds.awsam.provisioner.domain.Organizations.OrgAccount;

/**
 * Applies a merged account, step by step, each safe to redo: checks that every admin has a gds-users IAM user
 * (before anything irreversible); adopts the account that has the root email when it is this request's (its tag)
 * or nobody's, follows a creation of it already in progress, or creates it within the cap on creations in flight;
 * moves it to its unit; waits until its bootstrap role can be assumed; and gives it the audit role. Waits end the
 * pass ({@link Waiting}); what a pass established is kept in the run's progress.
 */
public final class AccountProvisioning {

    /** Tag of accounts (and users) the provisioner created or claimed: the request they belong to. */
    public static final String REQUEST_TAG = "aws-accounts:request-id";
    /** Tag of an account claimed by a request rather than created by it. */
    public static final String ADOPTED_TAG = "aws-accounts:adopted";

    private static final System.Logger LOG = System.getLogger(AccountProvisioning.class.getName());

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

    /** What the passes of one handling have established. */
    static final class Progress {
        boolean adminsChecked;
        String accountId;
        String createRequestId;
        boolean emailTakenElsewhere;
        int concurrentModifications;
        boolean moved;
        String bootstrapRoleArn;
        String auditRoleArn;
    }

    private final Organizations organizations;
    private final MemberAccounts members;
    private final GdsUsers gdsUsers;
    private final CreationSlots slots;
    private final AwsPolicy policy;
    private final PollPolicy createStatusPoll;
    private final PollPolicy readiness;
    private final PollPolicy adoptedReadiness;
    private final AuditRoles auditRoles;

    public AccountProvisioning(Organizations organizations, MemberAccounts members, GdsUsers gdsUsers, CreationSlots slots, AwsPolicy policy,
            PollPolicy createStatusPoll, PollPolicy readiness, PollPolicy adoptedReadiness, AuditRoles auditRoles) {
        this.adoptedReadiness = adoptedReadiness;
        this.organizations = organizations;
        this.members = members;
        this.gdsUsers = gdsUsers;
        this.slots = slots;
        this.policy = policy;
        this.createStatusPoll = createStatusPoll;
        this.readiness = readiness;
        this.auditRoles = auditRoles;
    }

    public ProvisionedAccount provision(Run run, AccountSpec spec) {
        Progress p = run.progress("account:" + spec.name(), Progress::new);
        if (!p.adminsChecked) {
            checkAdmins(run, spec);
            p.adminsChecked = true;
        }
        if (p.accountId == null) {
            locate(run, spec, p);
        }
        if (spec.parent().isPresent() && !p.moved) {
            StepFailed.during(MOVE_ACCOUNT, () -> moveTo(run, p.accountId, spec.parent().get(), spec.name()));
            p.moved = true;
        }
        if (p.bootstrapRoleArn == null) {
            p.bootstrapRoleArn = awaitBootstrap(run, spec, p);
        }
        if (p.auditRoleArn == null) {
            p.auditRoleArn = StepFailed.during(AUDIT_ROLE, () -> audit(run, spec, p));
        }
        return new ProvisionedAccount(p.accountId, spec.name(), spec.email(), p.createRequestId, p.bootstrapRoleArn, p.auditRoleArn);
    }

    /** Every admin needs a gds-users IAM user for the bootstrap role to trust: checked before anything is created. */
    private void checkAdmins(Run run, AccountSpec spec) {
        List<String> missing = new ArrayList<>();
        for (String email : spec.trustedUsers()) {
            if (StepFailed.during(CHECK_ADMINS, () -> policy.call(run, CHECK_ADMINS, () -> gdsUsers.user(email))).isEmpty()) {
                missing.add(email);
            }
        }
        if (!missing.isEmpty()) {
            throw StepFailed.permanent(CHECK_ADMINS, "the account's admins " + missing + " have no IAM user in gds-users, so its bootstrap"
                    + " role could not trust them; nothing was created in AWS",
                    "ask for user access for " + String.join(", ", missing) + " first (a user access request); once their IAM users"
                            + " exist, an engineer retries this request from its page and the account is created");
        }
    }

    private void locate(Run run, AccountSpec spec, Progress p) {
        if (p.createRequestId == null) {
            Optional<OrgAccount> existing = StepFailed.during(CREATE_ACCOUNT, () -> findByEmail(run, spec.email()));
            if (existing.isPresent()) {
                adoptIfOurs(run, spec, existing.get(), p);
                return;
            }
            if (p.emailTakenElsewhere) {
                throw policy.poll(run, CREATE_ACCOUNT, "email-owner", createStatusPoll, "AWS to show the account that has the root email",
                        "EMAIL_ALREADY_EXISTS for " + spec.email() + " and no account of the organisation has it yet",
                        () -> StepFailed.permanent(CREATE_ACCOUNT, "EMAIL_ALREADY_EXISTS: " + spec.email()
                                + " is the root email of an AWS account outside the organisation",
                                "the requester chooses another root email (a new request); nothing was created"));
            }
            Optional<CreateAccountStatus> inProgress = StepFailed.during(CREATE_ACCOUNT, () -> policy.call(run, CREATE_ACCOUNT,
                    () -> organizations.creations(List.of(State.IN_PROGRESS))).stream()
                    .filter(status -> spec.name().equals(status.accountName())).findFirst());
            if (inProgress.isPresent()) {
                p.createRequestId = inProgress.get().requestId();
                LOG.log(INFO, "Following creation {0} of {1}, already in progress", p.createRequestId, spec.name());
            } else {
                create(run, spec, p);
            }
        }
        CreateAccountStatus status = StepFailed.during(CREATE_ACCOUNT,
                () -> policy.call(run, CREATE_ACCOUNT, () -> organizations.createAccountStatus(p.createRequestId)));
        String key = "create-account:" + p.createRequestId;
        switch (status.state()) {
            case IN_PROGRESS -> throw policy.poll(run, CREATE_ACCOUNT, key, createStatusPoll, "AWS to finish creating the account",
                    "CreateAccount " + p.createRequestId + " for " + spec.name() + " is IN_PROGRESS",
                    () -> StepFailed.retryable(CREATE_ACCOUNT, "account creation " + p.createRequestId + " for " + spec.name()
                            + " was still IN_PROGRESS after " + createStatusPoll.timeout(), 1, null));
            case SUCCEEDED -> {
                policy.arrived(run, key);
                slots.release(run.requestId());
                String owner = StepFailed.during(CREATE_ACCOUNT, () -> policy.call(run, CREATE_ACCOUNT,
                        () -> organizations.tags(status.accountId()))).get(REQUEST_TAG);
                if (owner != null && !owner.equals(run.requestId())) {
                    throw belongsToAnother(status.accountId(), spec, owner);
                }
                LOG.log(INFO, "CreateAccount {0} for {1} SUCCEEDED: account {2}", p.createRequestId, spec.name(), status.accountId());
                p.accountId = status.accountId();
            }
            case FAILED -> {
                policy.arrived(run, key);
                slots.release(run.requestId());
                failed(run, spec, p, status);
            }
        }
    }

    private void create(Run run, AccountSpec spec, Progress p) {
        if (!slots.tryTake(run.requestId())) {
            throw policy.poll(run, CREATE_ACCOUNT, "creation-slot", createStatusPoll, "a free account creation slot",
                    slots.inFlight() + " of " + slots.capacity() + " account creations are in flight",
                    () -> StepFailed.retryable(CREATE_ACCOUNT, "no account creation slot came free within " + createStatusPoll.timeout(), 1, null));
        }
        policy.arrived(run, "creation-slot");
        run.atEnd(() -> slots.release(run.requestId()));
        CreateAccountStatus started = StepFailed.during(CREATE_ACCOUNT, () -> policy.write(run, CREATE_ACCOUNT, Write.CREATE_ACCOUNT,
                spec.name(), () -> organizations.createAccount(spec, Map.of(REQUEST_TAG, run.requestId()))));
        p.createRequestId = started.requestId();
        LOG.log(INFO, "CreateAccount {0} for {1} ({2}): {3}", started.requestId(), spec.name(), spec.email(), started.state());
    }

    private void failed(Run run, AccountSpec spec, Progress p, CreateAccountStatus status) {
        String reason = status.failureReason() == null ? "UNKNOWN" : status.failureReason().toUpperCase(Locale.ROOT);
        String failed = "account creation " + status.requestId() + " FAILED: " + reason + ": "
                + FAILURE_REASONS.getOrDefault(reason, "see DescribeCreateAccountStatus");
        p.createRequestId = null;
        switch (reason) {
            case "EMAIL_ALREADY_EXISTS" -> {
                p.emailTakenElsewhere = true;
                throw Waiting.briefly(java.time.Duration.ZERO, CREATE_ACCOUNT, failed + "; looking for the account that has the email");
            }
            case "CONCURRENT_ACCOUNT_MODIFICATION" -> {
                // Like AwsPolicy's RETRY, on its back-off and attempts, but counted here: this is the outcome of an
                // asynchronous CreateAccount, not a failed call, and the minutes of polling between two creations
                // outlast the window in which the policy counts failures "in a row", so it would never give up.
                p.concurrentModifications++;
                if (p.concurrentModifications >= policy.maxAttempts()) {
                    throw StepFailed.retryable(CREATE_ACCOUNT, failed + " (gave up after " + p.concurrentModifications + " attempts)",
                            p.concurrentModifications, null);
                }
                throw Waiting.briefly(policy.retry().after(p.concurrentModifications), CREATE_ACCOUNT, failed + "; creating again");
            }
            case "INTERNAL_FAILURE", "PENDING_BUSINESS_VALIDATION" -> throw StepFailed.retryable(CREATE_ACCOUNT, failed, 1, null);
            default -> throw StepFailed.permanent(CREATE_ACCOUNT, failed, "an engineer fixes what AWS named (" + reason
                    + ") with AWS or in the organisation's settings, then retries the request from its page");
        }
    }

    private Optional<OrgAccount> findByEmail(Run run, String email) {
        return policy.call(run, CREATE_ACCOUNT, organizations::accounts).stream()
                .filter(account -> account.email() != null && account.email().equalsIgnoreCase(email))
                .findFirst();
    }

    /** Adopts an account with the root email when it is this request's or nobody's: claimed with this request's tag. */
    private void adoptIfOurs(Run run, AccountSpec spec, OrgAccount account, Progress p) {
        if (!account.active()) {
            throw StepFailed.permanent(CREATE_ACCOUNT, "account " + account.id() + " (" + account.name() + ") already has the root email "
                    + spec.email() + " but is " + account.status() + ", not ACTIVE",
                    "the requester chooses another root email (a new request), or an engineer reinstates the account, then retries");
        }
        Map<String, String> tags = StepFailed.during(CREATE_ACCOUNT, () -> policy.call(run, CREATE_ACCOUNT, () -> organizations.tags(account.id())));
        String owner = tags.get(REQUEST_TAG);
        if (owner == null) {
            LOG.log(INFO, "Adopting account {0} ({1}): it has the root email {2} and no request claims it", account.id(), account.name(),
                    spec.email());
            StepFailed.during(CREATE_ACCOUNT, () -> {
                policy.write(run, CREATE_ACCOUNT, Write.CLAIM_ACCOUNT, spec.name(),
                        () -> organizations.tag(account.id(), Map.of(REQUEST_TAG, run.requestId(), ADOPTED_TAG, "true")));
                return null;
            });
        } else if (!owner.equals(run.requestId())) {
            throw belongsToAnother(account.id(), spec, owner);
        } else if (!tags.containsKey(ADOPTED_TAG)) {
            // created by this request in an earlier attempt: announce it as created, with its CreateAccount request
            p.createRequestId = StepFailed.during(CREATE_ACCOUNT, () -> policy.call(run, CREATE_ACCOUNT,
                    () -> organizations.creations(List.of(State.SUCCEEDED)))).stream()
                    .filter(status -> account.id().equals(status.accountId())).map(CreateAccountStatus::requestId).findFirst().orElse(null);
        }
        if (!spec.name().equals(account.name())) {
            LOG.log(WARNING, "Account {0} is named {1}, not {2}, but has the request''s root email {3}", account.id(), account.name(), spec.name(),
                    spec.email());
        }
        p.accountId = account.id();
    }

    private static StepFailed belongsToAnother(String accountId, AccountSpec spec, String owner) {
        return StepFailed.permanent(CREATE_ACCOUNT, "account " + accountId + " with the root email " + spec.email() + " belongs to request "
                + owner + " (tag " + REQUEST_TAG + "), so this request does not adopt it or touch its trust policy",
                "the requester chooses another account name (a new request); an engineer may instead remove the tag from the account if"
                        + " it should belong to this request, then retry");
    }

    private Void moveTo(Run run, String accountId, String parentId, String name) {
        String current = policy.call(run, MOVE_ACCOUNT, () -> organizations.parentOf(accountId));
        if (current.equals(parentId)) {
            return null;
        }
        try {
            policy.write(run, MOVE_ACCOUNT, Write.MOVE_ACCOUNT, name, () -> organizations.moveAccount(accountId, current, parentId));
            LOG.log(INFO, "Moved account {0} from {1} to {2}", accountId, current, parentId);
        } catch (AwsCallFailed failed) {
            if (failed.code().equals("DuplicateAccountException")) {
                return null;
            }
            if (failed.is(Kind.NOT_FOUND)) {
                throw StepFailed.permanent(MOVE_ACCOUNT, "cannot move account " + accountId + " to " + parentId + ": " + failed.getMessage(),
                        "an engineer corrects parent_id in the account file (a new pull request) or creates the unit, then retries");
            }
            throw failed;
        }
        return null;
    }

    /** Waits until the bootstrap role of an account this request created can be assumed and seen from inside. */
    private String awaitBootstrap(Run run, AccountSpec spec, Progress p) {
        String seen;
        try (MemberAccount account = StepFailed.during(ACCOUNT_READINESS, () -> policy.call(run, ACCOUNT_READINESS,
                () -> members.assume(p.accountId, spec.roleName())))) {
            Optional<Role> role = StepFailed.during(ACCOUNT_READINESS, () -> policy.call(run, ACCOUNT_READINESS, () -> account.role(spec.roleName())));
            if (role.isPresent()) {
                policy.arrived(run, "bootstrap:" + p.accountId);
                LOG.log(INFO, "Role {0} of account {1} can be assumed", role.get().arn(), p.accountId);
                return role.get().arn();
            }
            seen = "role " + spec.roleName() + " does not exist";
        } catch (StepFailed failed) {
            if (!(failed.getCause() instanceof AwsCallFailed aws) || !(aws.is(Kind.ACCESS_DENIED) || aws.is(Kind.NOT_FOUND))) {
                throw failed;
            }
            seen = aws.getMessage();
        }
        String why = seen;
        if (p.createRequestId == null) {
            // made by hand: a role made moments ago may still be propagating, but no minutes of retries
            throw policy.poll(run, ACCOUNT_READINESS, "bootstrap:" + p.accountId, adoptedReadiness, "the adopted account's bootstrap role",
                    seen, () -> StepFailed.permanent(ACCOUNT_READINESS, "account " + p.accountId + " was not created by this system and its "
                            + spec.roleName() + " role cannot be used from the management account: " + why,
                            "an engineer creates the role " + spec.roleName() + " in account " + p.accountId + ", trusting the management"
                                    + " account as CreateAccount would, then retries the request from its page"));
        }
        throw policy.poll(run, ACCOUNT_READINESS, "bootstrap:" + p.accountId, readiness, "the new account's bootstrap role to become usable",
                seen, () -> StepFailed.retryable(ACCOUNT_READINESS, "the " + spec.roleName() + " role of account " + p.accountId
                        + " could not be assumed within " + readiness.timeout() + ": " + why, 1, null));
    }

    private String audit(Run run, AccountSpec spec, Progress p) {
        try (MemberAccount bootstrap = policy.call(run, AUDIT_ROLE, () -> members.assume(p.accountId, spec.roleName()))) {
            auditRoles.ensure(run, AUDIT_ROLE, p.accountId, bootstrap);
        }
        try (MemberAccount audit = auditRoles.assume(run, AUDIT_ROLE, p.accountId, () -> StepFailed.retryable(AUDIT_ROLE,
                "the audit role " + auditRoles.roleName() + " of account " + p.accountId + " could not be assumed within " + readiness.timeout(),
                1, null))) {
            LOG.log(INFO, "Account {0} has the audit role {1}", p.accountId, auditRoles.arn(p.accountId));
            return auditRoles.arn(p.accountId);
        }
    }
}
