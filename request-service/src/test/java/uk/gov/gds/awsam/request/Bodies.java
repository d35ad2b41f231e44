package uk.gov.gds.awsam.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.testsupport.SampleRequests;

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
        return SampleRequests.account(name, List.of("admin.one@" + DOMAIN, "admin.two@" + DOMAIN));
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
