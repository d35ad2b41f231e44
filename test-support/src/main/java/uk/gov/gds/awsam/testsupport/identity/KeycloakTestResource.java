package uk.gov.gds.awsam.testsupport.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import uk.gov.gds.awsam.testsupport.mail.FreePorts;

/**
 * Points a {@code @QuarkusTest} application at a real Keycloak with the local run's realm: one Keycloak per test
 * JVM, started by the first test class that asks and stopped when the JVM ends, so the test classes of a module
 * (and the application restarts between them) share it. Tests get tokens from {@link #keycloak()}.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private static Keycloak shared;

    /**
     * The JVM's Keycloak, started on first use. Quarkus may load this class again for a test profile (another class
     * loader, other statics), so the one started is announced in system properties and found there.
     */
    public static synchronized Keycloak keycloak() {
        if (shared == null) {
            String announced = System.getProperty(ANNOUNCED);
            if (announced != null) {
                String[] home = announced.split("\n");
                shared = Keycloak.attach(new Keycloak.Home(Path.of(home[0]), Integer.parseInt(home[1]), Integer.parseInt(home[2]), home[3],
                        home[4], home[5]));
                return shared;
            }
            Path dir = Path.of("target", "keycloak-run").toAbsolutePath();
            shared = Keycloak.start(dir, FreePorts.next("127.0.0.1"), FreePorts.next("127.0.0.1"), realmFile());
            Keycloak started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
            Keycloak.Home home = started.home();
            System.setProperty(ANNOUNCED, String.join("\n", home.dir().toString(), Integer.toString(home.port()),
                    Integer.toString(home.managementPort()), home.realm(), home.clientSecret(), home.adminPassword()));
        }
        return shared;
    }

    private static final String ANNOUNCED = "awsam.test.keycloak";

    @Override
    public Map<String, String> start() {
        Keycloak keycloak = keycloak();
        return Map.of(
                "quarkus.oidc.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.credentials.secret", keycloak.home().clientSecret());
    }

    @Override
    public void stop() {
        // kept for the next test class of this JVM; stopped with the JVM
    }

    /** deploy/local's realm, found from the module being tested (its working directory) upwards. */
    public static Path realmFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path realm = dir.resolve("deploy/local/keycloak/aws-accounts-realm.json");
            if (Files.isRegularFile(realm)) {
                return realm;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("deploy/local/keycloak/aws-accounts-realm.json not found above " + Path.of("").toAbsolutePath());
    }
}
