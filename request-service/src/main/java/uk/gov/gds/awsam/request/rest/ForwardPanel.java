package uk.gov.gds.awsam.request.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Retries;
import uk.gov.gds.awsam.request.domain.Stage;

/**
 * What the request's page says about the way forward (templates/requestForward.html): for a FAILED request, what
 * happened and what happens next, and for an engineer the retry of its failed stage; for an account request, the
 * admins with no gds-users IAM user the system knows of, and what to do about them.
 */
@RequestScoped
public class ForwardPanel {

    /** While the account is not yet handed to its admins, a missing admin can still be added in time. */
    private static final Set<Stage> BEFORE_HANDOVER = Set.of(Stage.SUBMITTED, Stage.TERRAFORM_GENERATED, Stage.PR_OPEN, Stage.PR_MERGED,
            Stage.ACCOUNT_CREATED, Stage.AWAITING_ROOT_MFA, Stage.FAILED);

    private final Projection projection;
    private final Retries retries;
    private final Caller caller;

    public ForwardPanel(Projection projection, Retries retries, Caller caller) {
        this.projection = projection;
        this.retries = retries;
        this.caller = caller;
    }

    /** The panel's data for one request. */
    public Map<String, Object> of(RequestView view) {
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("engineer", caller.isEngineer());
        forward.put("failed", view.stage() == Stage.FAILED);
        LifecycleEvent.Failed failure = view.failures().isEmpty() ? null : view.failures().get(view.failures().size() - 1);
        forward.put("failure", failure);
        forward.put("retryStage", null);
        forward.put("retryOwner", null);
        forward.put("notRetryable", null);
        if (view.stage() == Stage.FAILED) {
            Retries.Outcome outcome = retries.check(view);
            if (outcome instanceof Retries.Outcome.Requested offered) {
                forward.put("retryStage", offered.retry().stage());
                forward.put("retryOwner", offered.retry().owner());
            } else {
                forward.put("notRetryable", RetryResource.refusal(outcome));
            }
        }
        List<String> unknownAdmins = unknownAdmins(view);
        forward.put("unknownAdmins", unknownAdmins);
        forward.put("userRequestBody", unknownAdmins.isEmpty() ? "" : userRequestBody(unknownAdmins));
        return forward;
    }

    /** The admins of an account request, not yet handed over, with no gds-users IAM user the system knows of. */
    List<String> unknownAdmins(RequestView view) {
        if (view.kind() != RequestKind.NEW_ACCOUNT || !BEFORE_HANDOVER.contains(view.stage()) || view.submission().isEmpty()
                || view.rootSecured().isPresent()) {
            return List.of();
        }
        return projection.withoutKnownUser(view.submission().get().account().adminUserEmails());
    }

    /**
     * The warning given with an accepted account request whose admins include some with no gds-users IAM user the
     * system knows of; empty when there are none.
     */
    static java.util.Optional<Map<String, Object>> unknownAdminsWarning(List<String> unknownAdmins) {
        if (unknownAdmins.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("field", "adminUserEmails");
        warning.put("message", "the system knows of no IAM user in gds-users for " + String.join(", ", unknownAdmins)
                + ": the account is created only once every admin has one (the provisioner checks before it creates the account,"
                + " and stops the request if one is missing)");
        warning.put("unknownAdmins", unknownAdmins);
        warning.put("whatToDo", "ask for user access for them now, before the pull request is merged: POST /api/v1/user-requests with "
                + userRequestBody(unknownAdmins) + "; if they were given a user outside this system, nothing needs doing");
        return java.util.Optional.of(warning);
    }

    /** The body of the user-access request that would give them one. */
    static String userRequestBody(List<String> emails) {
        return "{\"userEmails\": [" + String.join(", ", emails.stream().map(email -> "\"" + email + "\"").toList()) + "]}";
    }
}
