package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.events.ResumableStage.REMOVE_USER;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;
import uk.gov.gds.awsam.provisioner.domain.Organizations.OrgAccount;

/**
 * Finds the bootstrap roles whose trust policy names a gds-users IAM user, across every active account of the
 * organisation, reading each through the provisioner's audit role (the bootstrap role itself trusts only the
 * requesters after hand-over). An account that cannot be read (no audit role yet, access refused) is listed as
 * unreadable with why, never counted as naming nobody. Each account read is kept in the run's progress, so a
 * scan of many accounts spans passes without starting over.
 */
public final class TrustScan {

    /** The accounts read so far: account id to the role naming the user (or "" for none), or why it was unreadable. */
    static final class Scanned {
        List<OrgAccount> accounts;
        final Map<String, String> naming = new LinkedHashMap<>();
        final Map<String, String> unreadable = new LinkedHashMap<>();
    }

    public record Result(List<String> rolesNamingUser, List<String> unreadableAccounts) {
    }

    private final Organizations organizations;
    private final MemberAccounts members;
    private final AwsPolicy policy;
    private final TrustPolicy trustPolicy;
    private final String scanRoleName;
    private final String bootstrapRoleName;

    public TrustScan(Organizations organizations, MemberAccounts members, AwsPolicy policy, TrustPolicy trustPolicy, String scanRoleName,
            String bootstrapRoleName) {
        this.organizations = organizations;
        this.members = members;
        this.policy = policy;
        this.trustPolicy = trustPolicy;
        this.scanRoleName = scanRoleName;
        this.bootstrapRoleName = bootstrapRoleName;
    }

    public Result rolesTrusting(Run run, String userName) {
        Scanned scanned = run.progress("trust-scan:" + userName, Scanned::new);
        if (scanned.accounts == null) {
            scanned.accounts = StepFailed.during(REMOVE_USER, () -> policy.call(run, REMOVE_USER, organizations::accounts));
        }
        for (OrgAccount account : scanned.accounts) {
            if (!account.active() || scanned.naming.containsKey(account.id()) || scanned.unreadable.containsKey(account.id())) {
                continue;
            }
            try {
                scanned.naming.put(account.id(), read(run, account, userName));
            } catch (AwsCallFailed | StepFailed | IllegalArgumentException unreadable) {
                String why = unreadable instanceof StepFailed failed ? failed.reason() : unreadable.getMessage();
                scanned.unreadable.put(account.id(), account.id() + " (" + account.name() + "): " + why);
            }
        }
        List<String> naming = scanned.naming.values().stream().filter(arn -> !arn.isEmpty()).toList();
        return new Result(naming, new ArrayList<>(scanned.unreadable.values()));
    }

    private String read(Run run, OrgAccount account, String userName) {
        MemberAccount member;
        try {
            member = policy.call(run, REMOVE_USER, () -> members.assume(account.id(), scanRoleName));
        } catch (AwsCallFailed refused) {
            throw new AwsCallFailed(refused.kind(), refused.operation(), refused.code(), "no " + scanRoleName
                    + " role the provisioner may assume (accounts secured before the audit role existed need it added: provisioner README)",
                    refused);
        }
        try (MemberAccount reading = member) {
            Optional<Role> role = policy.call(run, REMOVE_USER, () -> reading.role(bootstrapRoleName));
            return role.filter(r -> trustPolicy.names(r.trustPolicy(), userName)).map(Role::arn).orElse("");
        }
    }
}
