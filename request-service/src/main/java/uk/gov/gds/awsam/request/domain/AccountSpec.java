package uk.gov.gds.awsam.request.domain;

import java.util.List;

/** A validated, normalised new-account request (emails lower-cased, text in Unicode NFC and trimmed). */
public record AccountSpec(String name, String description, String organisation, String costCentre, Team team,
        Service service, Security security, List<String> adminUserEmails) {

    public AccountSpec {
        adminUserEmails = List.copyOf(adminUserEmails);
    }

    public record Team(String name, String email, Lead lead) {
    }

    /** At least one of email and phone is present. */
    public record Lead(String name, String email, String phone, String role) {
    }

    /** {@code outOfHoursPhone} is present when {@code outOfHoursSupport} is. */
    public record Service(String name, boolean outOfHoursSupport, String outOfHoursPhone, String outOfHoursEmail) {
    }

    /** {@code alertPriority} is one of P1 to P4. */
    public record Security(String alertPriority, String criticalResources, boolean holdsPii, boolean holdsPciData) {
    }
}
