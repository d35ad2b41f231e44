package uk.gov.gds.awsam.testsupport.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.contract.Sha256;

/** The part of the Apicurio v3 API the serdes call, answered the way Apicurio answers it. */
class RegistryStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA_V1 = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}";
    private static final String SCHEMA_V2 = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"},{\"name\":\"y\",\"type\":\"int\",\"default\":0}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private RegistryStandIn standIn;

    @BeforeEach
    void start() throws Exception {
        standIn = RegistryStandIn.start(0);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void findOrCreateReturnsTheSameVersionForTheSameContentAndANewOneForNewContent() throws Exception {
        JsonNode first = create("topic-value", SCHEMA_V1, "FIND_OR_CREATE_VERSION");
        JsonNode again = create("topic-value", SCHEMA_V1, "FIND_OR_CREATE_VERSION");
        JsonNode second = create("topic-value", SCHEMA_V2, "FIND_OR_CREATE_VERSION");

        assertThat(again.path("version").path("globalId").asLong()).isEqualTo(first.path("version").path("globalId").asLong());
        assertThat(second.path("version").path("globalId").asLong()).isGreaterThan(first.path("version").path("globalId").asLong());
        assertThat(second.path("version").path("version").asText()).isEqualTo("2");
        assertThat(first.path("artifact").path("artifactId").asText()).isEqualTo("topic-value");
    }

    @Test
    void contentIsServedByGlobalIdContentIdHashAndCoordinates() throws Exception {
        JsonNode created = create("topic-value", SCHEMA_V1, "FIND_OR_CREATE_VERSION").path("version");
        long globalId = created.path("globalId").asLong();
        long contentId = created.path("contentId").asLong();

        assertThat(get("/ids/globalIds/" + globalId + "?references=DEREFERENCE").body()).isEqualTo(SCHEMA_V1);
        assertThat(get("/ids/contentIds/" + contentId).body()).isEqualTo(SCHEMA_V1);
        assertThat(get("/ids/contentHashes/" + Sha256.hex(SCHEMA_V1)).body()).isEqualTo(SCHEMA_V1);
        assertThat(get("/ids/globalIds/" + globalId + "/references").body()).isEqualTo("[]");
        assertThat(get("/groups/default/artifacts/topic-value/versions/branch=latest/content").body()).isEqualTo(SCHEMA_V1);
        assertThat(JSON.readTree(get("/groups/default/artifacts/topic-value/versions/branch%3Dlatest").body())
                .path("globalId").asLong()).isEqualTo(globalId);
    }

    @Test
    void searchByContentFindsTheVersion() throws Exception {
        long globalId = create("topic-value", SCHEMA_V1, "FIND_OR_CREATE_VERSION").path("version").path("globalId").asLong();
        HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(standIn.url()
                + "/search/versions?groupId=default&artifactId=topic-value&canonical=true"))
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA_V1.replace(",", ", "))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(found.body()).path("versions").get(0).path("globalId").asLong()).isEqualTo(globalId);
    }

    @Test
    void failIfExistsIsAConflictAndUnknownIdsAreNotFound() throws Exception {
        create("topic-value", SCHEMA_V1, "FAIL");
        assertThat(post("/groups/default/artifacts?ifExists=FAIL", body("topic-value", SCHEMA_V2)).statusCode()).isEqualTo(409);
        HttpResponse<String> missing = get("/ids/globalIds/999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get("/nothing/here").statusCode()).isEqualTo(404);
    }

    @Test
    void referencesAreKeptServedAndDereferenced() throws Exception {
        String kind = "{\"type\":\"enum\",\"name\":\"Kind\",\"namespace\":\"t\",\"symbols\":[\"A\",\"B\"]}";
        String main = "{\"type\":\"record\",\"name\":\"Main\",\"namespace\":\"t\",\"fields\":[{\"name\":\"kind\",\"type\":\"t.Kind\"}]}";
        create("t.Kind", kind, "FIND_OR_CREATE_VERSION");
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body("topic-value", main));
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("firstVersion").path("content")).putArray("references")
                .addObject().put("groupId", "default").put("artifactId", "t.Kind").put("version", "1").put("name", "t.Kind");
        HttpResponse<String> created = post("/groups/default/artifacts?ifExists=FIND_OR_CREATE_VERSION", JSON.writeValueAsString(body));
        long globalId = JSON.readTree(created.body()).path("version").path("globalId").asLong();
        long contentId = JSON.readTree(created.body()).path("version").path("contentId").asLong();

        assertThat(JSON.readTree(get("/ids/contentIds/" + contentId + "/references").body()).get(0).path("artifactId").asText())
                .isEqualTo("t.Kind");
        assertThat(get("/ids/globalIds/" + globalId).body()).isEqualTo(main);
        assertThat(new org.apache.avro.Schema.Parser().parse(get("/ids/globalIds/" + globalId + "?references=DEREFERENCE").body())
                .getField("kind").schema().getEnumSymbols()).containsExactly("A", "B");
    }

    @Test
    void withADataFileARestartKeepsEveryIdAndGoesOnFromThere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = dir.resolve("registry.json");
        standIn.close();
        standIn = RegistryStandIn.start(0, data);
        long first = create("topic-value", SCHEMA_V1, "FIND_OR_CREATE_VERSION").path("version").path("globalId").asLong();
        standIn.close();

        standIn = RegistryStandIn.start(0, data);
        assertThat(get("/ids/globalIds/" + first).body()).isEqualTo(SCHEMA_V1);
        assertThat(create("topic-value", SCHEMA_V1, "FIND_OR_CREATE_VERSION").path("version").path("globalId").asLong())
                .isEqualTo(first);
        assertThat(create("topic-value", SCHEMA_V2, "FIND_OR_CREATE_VERSION").path("version").path("globalId").asLong())
                .isEqualTo(first + 1);
    }

    /**
     * Apicurio 3's AdminResourceImpl: rules are set with POST {ruleType, config} (204; 409 RuleAlreadyExistsException
     * when set), read, updated (PUT) and deleted (204); a rule not set is 404 RuleNotFoundException, "No rule named
     * 'COMPATIBILITY' was found.".
     */
    @Test
    void globalRulesAreSetReadUpdatedAndDeletedAsApicurioDoes() throws Exception {
        assertThat(get("/admin/rules").body()).isEqualTo("[]");
        HttpResponse<String> none = get("/admin/rules/COMPATIBILITY");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(none.body()).path("name").asText()).isEqualTo("RuleNotFoundException");
        assertThat(JSON.readTree(none.body()).path("detail").asText()).isEqualTo("No rule named 'COMPATIBILITY' was found.");

        String backward = "{\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"}";
        assertThat(post("/admin/rules", backward).statusCode()).isEqualTo(204);
        HttpResponse<String> twice = post("/admin/rules", backward);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(twice.body()).path("name").asText()).isEqualTo("RuleAlreadyExistsException");
        assertThat(post("/admin/rules", "{\"ruleType\": \"VALIDITY\"}").statusCode()).isEqualTo(400);
        assertThat(get("/admin/rules").body()).isEqualTo("[\"COMPATIBILITY\"]");
        assertThat(JSON.readTree(get("/admin/rules/COMPATIBILITY").body())).isEqualTo(JSON.readTree(backward));

        HttpResponse<String> updated = send("PUT", "/admin/rules/COMPATIBILITY", "{\"config\": \"FULL\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/admin/rules/COMPATIBILITY").body()).path("config").asText()).isEqualTo("FULL");
        assertThat(send("PUT", "/admin/rules/VALIDITY", "{\"config\": \"FULL\"}").statusCode()).isEqualTo(404);

        assertThat(send("DELETE", "/admin/rules/COMPATIBILITY", "").statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/admin/rules/COMPATIBILITY", "").statusCode()).isEqualTo(404);
        standIn.setGlobalRule("COMPATIBILITY", "BACKWARD");
        assertThat(JSON.readTree(get("/admin/rules/COMPATIBILITY").body())).isEqualTo(JSON.readTree(backward));
        assertThat(send("DELETE", "/admin/rules", "").statusCode()).isEqualTo(204);
        assertThat(get("/admin/rules").body()).isEqualTo("[]");
    }

    @Test
    void itSaysItIsAStandIn() throws Exception {
        assertThat(get("/system/info").body()).contains("stand-in (not Apicurio)");
    }

    private JsonNode create(String artifactId, String schema, String ifExists) throws Exception {
        HttpResponse<String> response = post("/groups/default/artifacts?ifExists=" + ifExists + "&canonical=false", body(artifactId, schema));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String body(String artifactId, String schema) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("artifactId", artifactId).put("artifactType", "AVRO")
                .set("firstVersion", JSON.createObjectNode().set("content", JSON.createObjectNode()
                        .put("content", schema).put("contentType", "application/json"))));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.url() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
