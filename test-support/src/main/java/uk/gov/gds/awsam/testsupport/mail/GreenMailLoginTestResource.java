package uk.gov.gds.awsam.testsupport.mail;

import java.util.Map;

/**
 * {@link GreenMailTestResource} with a relay's login: GreenMail knows one user, {@link #USER} with {@link #PASSWORD},
 * and checks the password on AUTH as a relay does (a wrong one is refused with {@code 535 5.7.8 Authentication
 * credentials invalid}); the application logs in as that user ({@code quarkus.mailer.login=REQUIRED}). A class of its
 * own, so that a test using it gets an application of its own, never one shared with tests whose GreenMail takes mail
 * without a login. {@link MailServer#changePassword} plays the relay's owners rotating the password.
 */
public class GreenMailLoginTestResource extends GreenMailTestResource {

    public static final String USER = "notifier-relay";
    public static final String PASSWORD = "relay-password-4f7c";

    @Override
    protected MailServer startServer() {
        return MailServer.startWithLogin(USER, PASSWORD);
    }

    @Override
    protected Map<String, String> login() {
        return Map.of("quarkus.mailer.login", "REQUIRED", "quarkus.mailer.username", USER, "quarkus.mailer.password", PASSWORD);
    }
}
