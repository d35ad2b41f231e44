package uk.gov.gds.awsam.provisioner.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;
import uk.gov.gds.awsam.provisioner.domain.Organizations.OrgAccount;

/**
 * Finds the bootstrap roles whose trust policy names a gds-users IAM user, across every active account of the
 * organisation. An account that cannot be read is logged and skipped, so that one broken account does not
 * block a removal.
 */
public final class TrustScan {

    private static final Logger LOG = Logger.getLogger(TrustScan.class);

    private final Organizations organizations;
    private final MemberAccounts members;
    private final Retrier retrier;
    private final String scanRoleName;
    private final String bootstrapRoleName;

    public TrustScan(Organizations organizations, MemberAccounts members, Retrier retrier, String scanRoleName, String bootstrapRoleName) {
        this.organizations = organizations;
        this.members = members;
        this.retrier = retrier;
        this.scanRoleName = scanRoleName;
        this.bootstrapRoleName = bootstrapRoleName;
    }

    /** ARNs of the bootstrap roles that trust {@code userName}, in account order. */
    public List<String> rolesTrusting(String userName) {
        List<String> naming = new ArrayList<>();
        List<OrgAccount> accounts = retrier.call(Stage.REMOVE_USER, organizations::accounts);
        int unreadable = 0;
        for (OrgAccount account : accounts) {
            if (!account.active()) {
                continue;
            }
            try (MemberAccount member = retrier.call(Stage.REMOVE_USER, () -> members.assume(account.id(), scanRoleName))) {
                Optional<Role> role = retrier.call(Stage.REMOVE_USER, () -> member.role(bootstrapRoleName));
                if (role.isPresent() && TrustPolicy.names(role.get().trustPolicy(), userName)) {
                    naming.add(role.get().arn());
                }
            } catch (AwsCallFailed | StepFailed | IllegalArgumentException unreadableAccount) {
                unreadable++;
                LOG.warnf("Could not read the %s trust policy of account %s (%s): %s", bootstrapRoleName, account.id(), account.name(),
                        unreadableAccount.getMessage());
            }
        }
        LOG.infof("%d of %d accounts' %s roles trust %s (%d unreadable)", naming.size(), accounts.size(), bootstrapRoleName, userName,
                unreadable);
        return naming;
    }
}
