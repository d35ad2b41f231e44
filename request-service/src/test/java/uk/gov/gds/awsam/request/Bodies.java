package uk.gov.gds.awsam.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Valid request bodies for tests, as mutable maps to break one field at a time, and unique names. */
public final class Bodies {

    public static final String DOMAIN = "digital.cabinet-office.gov.uk";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Bodies() {
    }

    /** An account name nobody has used: letters only, so a counter is written in the letters a to z. */
    public static String uniqueAccountName(String prefix) {
        long n = COUNTER.incrementAndGet();
        StringBuilder letters = new StringBuilder();
        do {
            letters.append((char) ('a' + (n % 26)));
            n /= 26;
        } while (n > 0);
        return prefix + "-" + letters;
    }

    /** An email in the allowed domain nobody has used. */
    public static String uniqueEmail(String who) {
        return who + "." + COUNTER.incrementAndGet() + "@" + DOMAIN;
    }

    /** A full, valid new-account body (every optional field set). */
    public static Map<String, Object> account(String name) {
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
        account.put("adminUserEmails", new ArrayList<>(List.of("admin.one@" + DOMAIN, "admin.two@" + DOMAIN)));
        return account;
    }

    public static Map<String, Object> users(String... emails) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userEmails", new ArrayList<>(List.of(emails)));
        return body;
    }

    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deep copy, to change without touching the original. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copy(Map<String, Object> body) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(body), LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
