package uk.gov.gds.awsam.notifier.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the SMTP server accepts connections. While it does not, emails wait (their events are not
 * acknowledged) and are sent once it is back.
 */
@Readiness
@ApplicationScoped
public class SmtpReadinessCheck implements HealthCheck {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String host;
    private final int port;

    public SmtpReadinessCheck(@ConfigProperty(name = "quarkus.mailer.host") String host,
            @ConfigProperty(name = "quarkus.mailer.port") int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("smtp").withData("server", host + ":" + port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
