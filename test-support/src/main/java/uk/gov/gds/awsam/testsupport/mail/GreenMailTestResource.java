package uk.gov.gds.awsam.testsupport.mail;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real SMTP server ({@link MailServer}, GreenMail in the test JVM) for the
 * lifetime of its application, points quarkus-mailer at it (and turns the mailer's mock mode, on by default
 * in tests, off), and fills the test's {@code @InjectMailServer MailServer} field:
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(KafkaTestResource.class)
 * &#64;WithTestResource(GreenMailTestResource.class)
 * class NotifierTest {
 *     &#64;InjectMailServer
 *     MailServer mail;
 * }
 * </pre>
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    private MailServer server;

    @Override
    public Map<String, String> start() {
        server = startServer();
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.mailer.host", server.host(),
                "quarkus.mailer.port", String.valueOf(server.smtpPort()),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.login", "DISABLED"));
        config.putAll(login());
        return config;
    }

    /** The server: one that takes mail from anyone, without a login. */
    protected MailServer startServer() {
        return MailServer.start();
    }

    /** The mailer's login settings, over the defaults above (no login). */
    protected Map<String, String> login() {
        return Map.of();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectMailServer.class, MailServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
