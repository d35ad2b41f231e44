package uk.gov.gds.awsam.terraform.domain;

import java.util.List;

/**
 * A request as it was submitted, before the generator has checked it ({@link ValidRequest} does): what a
 * RequestSubmitted says, in the generator's own terms, so the domain depends on no event format ({@code messaging}
 * maps the event to it). Any field may be missing; only the checks say what must be there.
 */
public record Submitted(String eventId, String requestId, Kind kind, String requesterEmail, Account account, List<String> userEmails,
        Closure closure) {

    /** The account to close, as request-service found it in the organisation ({@code accountName} as AWS records it). */
    public record Closure(String accountId, String accountName, String reason) {
    }

    /** The new account asked for. */
    public record Account(String name, String description, String organisation, String costCentre, Team team, Service service,
            Security security, List<String> adminUserEmails) {
    }

    public record Team(String name, String email, Lead lead) {
    }

    public record Lead(String name, String email, String phone, String role) {
    }

    public record Service(String name, boolean outOfHoursSupport, String outOfHoursPhone, String outOfHoursEmail) {
    }

    /** {@code alertPriority} is the priority's name, P1 to P4. */
    public record Security(String alertPriority, String criticalResources, boolean holdsPii, boolean holdsPciData) {
    }
}
