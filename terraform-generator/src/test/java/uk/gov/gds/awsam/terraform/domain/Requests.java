package uk.gov.gds.awsam.terraform.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.AlertPriority;
import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;

/**
 * Requests for the generator's tests, with ids derived from a label so that golden files stay stable
 * (the shared SampleEvents may change; these must not).
 */
public final class Requests {

    public static final String DOMAIN = "digital.cabinet-office.gov.uk";
    public static final String REQUESTER = "jane.o-neil+aws@" + DOMAIN;
    public static final Instant SUBMITTED_AT = Instant.parse("2026-11-21T09:00:00Z");
    public static final Instant GENERATED_AT = Instant.parse("2026-11-21T09:00:05Z");

    /** The settings of the tests: the defaults of the configuration, a test OU and a status page. */
    public static final GeneratorSettings SETTINGS = new GeneratorSettings("gds/aws-billing-account", "gds/aws-users", "main",
            DOMAIN, "ou-abcd-12345678", "cross-account-access",
            Optional.of("https://accounts.example.gov.uk"));

    private Requests() {
    }

    /** A stable UUID for a label. */
    public static String id(String label) {
        return UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static RequestSubmitted.Builder submitted(String label, RequestKind kind) {
        String requestId = id(label);
        return RequestSubmitted.newBuilder()
                .setEventId(id(label + "|event"))
                .setRequestId(requestId)
                .setOccurredAt(SUBMITTED_AT)
                .setCausationId(null)
                .setKind(kind)
                .setRequesterEmail(REQUESTER)
                .setIdempotencyKey(null)
                .setPayloadSha256(null)
                .setAccount(null)
                .setUserEmails(List.of());
    }

    public static RequestSubmitted newAccount(String label, AccountRequest account) {
        return submitted(label, RequestKind.NEW_ACCOUNT).setAccount(account).build();
    }

    public static RequestSubmitted userAccess(String label, String... emails) {
        return submitted(label, RequestKind.USER_ACCESS).setUserEmails(List.of(emails)).build();
    }

    public static RequestSubmitted userRemoval(String label, String... emails) {
        return submitted(label, RequestKind.USER_REMOVAL).setUserEmails(List.of(emails)).build();
    }

    public static RequestSubmitted closure(String label, String accountId, String accountName, String reason) {
        return submitted(label, RequestKind.ACCOUNT_CLOSURE).setClosure(ClosureRequest.newBuilder().setAccountId(accountId)
                .setAccountName(accountName).setReason(reason).setAdminUserEmails(List.of("admin.one@" + DOMAIN)).build()).build();
    }

    /** A complete, ordinary account request named {@code name}. */
    public static AccountRequest.Builder account(String name) {
        return AccountRequest.newBuilder()
                .setName(name)
                .setDescription("Staging environment of the Pay service")
                .setOrganisation("GDS")
                .setCostCentre("CC-1234")
                .setTeam(Team.newBuilder().setName("Pay Platform").setEmail("pay-platform@" + DOMAIN)
                        .setLead(TeamLead.newBuilder().setName("Lee Dear").setEmail("lee.dear@" + DOMAIN)
                                .setPhone("+44 20 7946 0000").setRole("Technical Architect").build())
                        .build())
                .setService(ServiceInfo.newBuilder().setName("GOV.UK Pay").setOutOfHoursSupport(true)
                        .setOutOfHoursPhone("+44 20 7946 0001").setOutOfHoursEmail("pay-oncall@" + DOMAIN).build())
                .setSecurity(SecurityProfile.newBuilder().setAlertPriority(AlertPriority.P2)
                        .setCriticalResources("Payment card tokens").setHoldsPii(true).setHoldsPciData(true).build())
                .setAdminUserEmails(List.of("admin.one@" + DOMAIN, "admin.two@" + DOMAIN));
    }
}
