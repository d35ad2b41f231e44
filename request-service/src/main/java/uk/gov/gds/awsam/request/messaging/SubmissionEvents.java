package uk.gov.gds.awsam.request.messaging;

import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.AlertPriority;
import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;
import uk.gov.gds.awsam.request.domain.AccountSpec;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.Submission;

/** RequestSubmitted, the event contract, to and from the domain's {@link Submission}. */
public final class SubmissionEvents {

    private SubmissionEvents() {
    }

    public static RequestSubmitted toEvent(Submission submission) {
        return RequestSubmitted.newBuilder()
                .setEventId(submission.eventId())
                .setRequestId(submission.requestId())
                .setOccurredAt(submission.occurredAt())
                .setCausationId(null)
                .setKind(uk.gov.gds.awsam.events.RequestKind.valueOf(submission.kind().name()))
                .setRequesterEmail(submission.requesterEmail())
                .setIdempotencyKey(submission.idempotencyKey())
                .setPayloadSha256(submission.payloadSha256())
                .setAccount(submission.account() == null ? null : toEvent(submission.account()))
                .setUserEmails(submission.userEmails())
                .setClosure(submission.closure() == null ? null : ClosureRequest.newBuilder()
                        .setAccountId(submission.closure().accountId())
                        .setAccountName(submission.closure().accountName())
                        .setReason(submission.closure().reason())
                        .setAdminUserEmails(submission.closure().adminUserEmails())
                        .build())
                .build();
    }

    private static AccountRequest toEvent(AccountSpec account) {
        AccountSpec.Lead lead = account.team().lead();
        return AccountRequest.newBuilder()
                .setName(account.name())
                .setDescription(account.description())
                .setOrganisation(account.organisation())
                .setCostCentre(account.costCentre())
                .setTeam(Team.newBuilder()
                        .setName(account.team().name())
                        .setEmail(account.team().email())
                        .setLead(TeamLead.newBuilder().setName(lead.name()).setEmail(lead.email()).setPhone(lead.phone())
                                .setRole(lead.role()).build())
                        .build())
                .setService(ServiceInfo.newBuilder()
                        .setName(account.service().name())
                        .setOutOfHoursSupport(account.service().outOfHoursSupport())
                        .setOutOfHoursPhone(account.service().outOfHoursPhone())
                        .setOutOfHoursEmail(account.service().outOfHoursEmail())
                        .build())
                .setSecurity(SecurityProfile.newBuilder()
                        .setAlertPriority(AlertPriority.valueOf(account.security().alertPriority()))
                        .setCriticalResources(account.security().criticalResources())
                        .setHoldsPii(account.security().holdsPii())
                        .setHoldsPciData(account.security().holdsPciData())
                        .build())
                .setAdminUserEmails(account.adminUserEmails())
                .build();
    }

    public static Submission toDomain(RequestSubmitted event) {
        return toDomain(event, new Interner(0));
    }

    /** As the view keeps it: texts that recur across requests (people, teams, organisations) held once. */
    static Submission toDomain(RequestSubmitted event, Interner texts) {
        return new Submission(event.getRequestId(), event.getEventId(), event.getOccurredAt(),
                RequestKind.valueOf(event.getKind().name()), texts.intern(event.getRequesterEmail()), event.getIdempotencyKey(),
                event.getPayloadSha256(), event.getAccount() == null ? null : toDomain(event.getAccount(), texts),
                texts.intern(event.getUserEmails()), event.getClosure() == null ? null
                        : new Submission.Closure(event.getClosure().getAccountId(), texts.intern(event.getClosure().getAccountName()),
                                event.getClosure().getReason(), texts.intern(event.getClosure().getAdminUserEmails())));
    }

    private static AccountSpec toDomain(AccountRequest account, Interner texts) {
        TeamLead lead = account.getTeam().getLead();
        ServiceInfo service = account.getService();
        SecurityProfile security = account.getSecurity();
        return new AccountSpec(texts.intern(account.getName()), account.getDescription(), texts.intern(account.getOrganisation()),
                texts.intern(account.getCostCentre()),
                new AccountSpec.Team(texts.intern(account.getTeam().getName()), texts.intern(account.getTeam().getEmail()),
                        new AccountSpec.Lead(texts.intern(lead.getName()), texts.intern(lead.getEmail()), texts.intern(lead.getPhone()),
                                texts.intern(lead.getRole()))),
                new AccountSpec.Service(texts.intern(service.getName()), service.getOutOfHoursSupport(),
                        texts.intern(service.getOutOfHoursPhone()), texts.intern(service.getOutOfHoursEmail())),
                new AccountSpec.Security(security.getAlertPriority().name(), texts.intern(security.getCriticalResources()),
                        security.getHoldsPii(), security.getHoldsPciData()),
                texts.intern(account.getAdminUserEmails()));
    }
}
