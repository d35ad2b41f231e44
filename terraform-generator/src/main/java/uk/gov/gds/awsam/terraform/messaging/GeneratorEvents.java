package uk.gov.gds.awsam.terraform.messaging;

import java.time.Instant;
import java.util.List;

import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.domain.Generated;
import uk.gov.gds.awsam.terraform.domain.Kind;
import uk.gov.gds.awsam.terraform.domain.Refusal;
import uk.gov.gds.awsam.terraform.domain.Submitted;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/**
 * The events ⇄ the generator's domain: RequestSubmitted in as a {@link Submitted}, a {@link Generated} out as
 * TerraformGenerated, a {@link Refusal} out as RequestFailed. Field for field, adding and dropping nothing, and
 * tolerant of missing parts (the domain's checks say what must be there), so the domain knows no event format.
 */
public final class GeneratorEvents {

    private GeneratorEvents() {
    }

    /** The TerraformGenerated of a request. */
    public static TerraformGenerated generate(TerraformGenerator generator, RequestSubmitted event, Instant occurredAt) {
        return generated(generator.generate(submitted(event), occurredAt));
    }

    public static Submitted submitted(RequestSubmitted event) {
        return new Submitted(event.getEventId(), event.getRequestId(), event.getKind() == null ? null : Kind.valueOf(event.getKind().name()),
                event.getRequesterEmail(), account(event.getAccount()), event.getUserEmails(), event.getClosure() == null ? null
                        : new Submitted.Closure(event.getClosure().getAccountId(), event.getClosure().getAccountName(), event.getClosure().getReason()));
    }

    public static Submitted.Account account(AccountRequest account) {
        if (account == null) {
            return null;
        }
        Team team = account.getTeam();
        TeamLead lead = team == null ? null : team.getLead();
        ServiceInfo service = account.getService();
        SecurityProfile security = account.getSecurity();
        return new Submitted.Account(account.getName(), account.getDescription(), account.getOrganisation(), account.getCostCentre(),
                team == null ? null : new Submitted.Team(team.getName(), team.getEmail(),
                        lead == null ? null : new Submitted.Lead(lead.getName(), lead.getEmail(), lead.getPhone(), lead.getRole())),
                service == null ? null : new Submitted.Service(service.getName(), service.getOutOfHoursSupport(),
                        service.getOutOfHoursPhone(), service.getOutOfHoursEmail()),
                security == null ? null : new Submitted.Security(security.getAlertPriority() == null ? null : security.getAlertPriority().name(),
                        security.getCriticalResources(), security.getHoldsPii(), security.getHoldsPciData()),
                account.getAdminUserEmails());
    }

    public static TerraformGenerated generated(Generated generated) {
        List<FileChange> changes = generated.changes().stream()
                .map(change -> FileChange.newBuilder().setPath(change.path()).setContent(change.content()).setSha256(change.sha256()).build())
                .toList();
        return TerraformGenerated.newBuilder()
                .setEventId(generated.eventId())
                .setRequestId(generated.requestId())
                .setOccurredAt(generated.occurredAt())
                .setCausationId(generated.causationId())
                .setKind(RequestKind.valueOf(generated.kind().name()))
                .setSubjects(generated.subjects())
                .setRequesterEmail(generated.requesterEmail())
                .setRepository(generated.repository())
                .setBaseBranch(generated.baseBranch())
                .setBranch(generated.branch())
                .setCommitMessage(generated.commitMessage())
                .setPrTitle(generated.prTitle())
                .setPrBody(generated.prBody())
                .setChanges(changes)
                .build();
    }

    public static RequestFailed failed(Refusal refusal) {
        return RequestFailed.newBuilder()
                .setEventId(refusal.eventId())
                .setRequestId(refusal.requestId())
                .setOccurredAt(refusal.occurredAt())
                .setCausationId(refusal.causationId())
                .setStage(refusal.stage())
                .setReason(refusal.reason())
                .setRetryable(refusal.retryable())
                .setAttempt(refusal.attempt())
                .setWhatNext(refusal.whatNext())
                .build();
    }
}
