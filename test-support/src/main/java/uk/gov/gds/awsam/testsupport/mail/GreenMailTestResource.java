package uk.gov.gds.awsam.testsupport.mail;

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
 *
 * With init arguments {@link #LOGIN} and {@link #PASSWORD}, the server knows that one user and checks its password on
 * AUTH, and the application logs in as it.
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: the one user the server knows; the application logs in as it ({@code quarkus.mailer.login=REQUIRED}). */
    public static final String LOGIN = "login";
    /** Init argument: that user's password. */
    public static final String PASSWORD = "password";

    private MailServer server;
    private String login;
    private String password;

    @Override
    public void init(Map<String, String> initArgs) {
        login = initArgs.get(LOGIN);
        password = initArgs.get(PASSWORD);
    }

    @Override
    public Map<String, String> start() {
        if (login == null) {
            server = MailServer.start();
            return Map.of(
                    "quarkus.mailer.host", server.host(),
                    "quarkus.mailer.port", String.valueOf(server.smtpPort()),
                    "quarkus.mailer.mock", "false",
                    "quarkus.mailer.start-tls", "DISABLED",
                    "quarkus.mailer.login", "DISABLED");
        }
        server = MailServer.startWithLogin(login, password);
        return Map.of(
                "quarkus.mailer.host", server.host(),
                "quarkus.mailer.port", String.valueOf(server.smtpPort()),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.login", "REQUIRED",
                "quarkus.mailer.username", login,
                "quarkus.mailer.password", password);
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
