package uk.gov.gds.awsam.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bodies of the request API as the request form sends them, valid and with every optional field set. */
public final class SampleRequests {

    public static final String DOMAIN = "digital.cabinet-office.gov.uk";

    private SampleRequests() {
    }

    /** A new-account request body for an account name and its admins (mutable, to change a field). */
    public static Map<String, Object> account(String name, List<String> adminUserEmails) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("name", "Lee Dear");
        lead.put("email", "lee.dear@" + DOMAIN);
        lead.put("phone", "+44 20 7946 0000");
        lead.put("role", "Technical Architect");
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("name", "Pay Platform");
        team.put("email", "pay-platform@" + DOMAIN);
        team.put("lead", lead);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", "GOV.UK Pay");
        service.put("outOfHoursSupport", true);
        service.put("outOfHoursPhone", "+44 20 7946 0001");
        service.put("outOfHoursEmail", "oncall@" + DOMAIN);
        Map<String, Object> security = new LinkedHashMap<>();
        security.put("alertPriority", "P2");
        security.put("criticalResources", "Payments database: card tokens");
        security.put("holdsPii", true);
        security.put("holdsPciData", false);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("name", name);
        account.put("description", "Staging environment of GOV.UK Pay");
        account.put("organisation", "GDS");
        account.put("costCentre", "CC-1234");
        account.put("team", team);
        account.put("service", service);
        account.put("security", security);
        account.put("adminUserEmails", new ArrayList<>(adminUserEmails));
        return account;
    }
}
