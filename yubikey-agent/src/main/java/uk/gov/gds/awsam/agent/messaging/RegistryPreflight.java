package uk.gov.gds.awsam.agent.messaging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.preflight.Finding;

/**
 * The preflight of the schema registry the agent's serde uses (agent.apicurio.registry.url): it answers
 * {@code GET <url>/system/info} (Apicurio Registry v3, and the local run's stand-in) within the Kafka answer timeout.
 * Whether the agent may register its schemas cannot be checked without registering one: it is proved by its first
 * publication, or by the services having registered them already.
 */
public final class RegistryPreflight {

    static final String SYSTEM = "registry";
    static final String CHECK = "the schema registry answers";
    private static final Pattern FIELD = Pattern.compile("\"(name|version)\"\\s*:\\s*\"([^\"]*)\"");

    private final KafkaConnection connection;

    public RegistryPreflight(KafkaConnection connection) {
        this.connection = connection;
    }

    public List<Finding> check() {
        Object configured = connection.serdeProperties().get("apicurio.registry.url");
        if (configured == null || String.valueOf(configured).isBlank()) {
            return List.of(Finding.fail(SYSTEM, CHECK, "agent.apicurio.registry.url is not set: set it (or APICURIO_REGISTRY_URL) to the registry's "
                    + "v3 API, e.g. https://registry.example/apis/registry/v3"));
        }
        String url = String.valueOf(configured).replaceAll("/+$", "");
        String fix = "check agent.apicurio.registry.url (or APICURIO_REGISTRY_URL)";
        Duration timeout = connection.answerTimeout();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/system/info")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return List.of(Finding.cannotCheck(SYSTEM, CHECK, "the registry at " + url + " answered " + response.statusCode()
                        + " to an anonymous GET /system/info: it is there, but the agent's login to it (agent.apicurio.registry.auth.*) is proved "
                        + "only by reading or registering a schema"));
            }
            if (response.statusCode() != 200) {
                return List.of(Finding.fail(SYSTEM, CHECK, "GET " + url + "/system/info answered " + response.statusCode()
                        + ": " + fix + "; it names the v3 API, ending in /apis/registry/v3"));
            }
            StringBuilder seen = new StringBuilder();
            Matcher m = FIELD.matcher(response.body());
            while (m.find()) {
                seen.append(seen.length() == 0 ? "" : " ").append(m.group(2));
            }
            return List.of(Finding.pass(SYSTEM, CHECK, url + ": " + (seen.length() == 0 ? "system/info answered" : seen)));
        } catch (IllegalArgumentException e) {
            return List.of(Finding.fail(SYSTEM, CHECK, url + " is not a URL (" + e.getMessage() + "): " + fix));
        } catch (IOException e) {
            return List.of(Finding.fail(SYSTEM, CHECK, "the registry at " + url + " could not be reached within " + timeout.toSeconds() + " s ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): " + fix));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(Finding.cannotCheck(SYSTEM, CHECK, "interrupted"));
        }
    }
}
