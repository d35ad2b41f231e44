package uk.gov.gds.awsam.testsupport.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a webhook's receiver, for tests of the sandbox's deliveries without pr-service: listens on
 * 127.0.0.1 at {@code /webhooks/github}, keeps each delivery's headers (names in lower case) and body, and answers
 * the status the test sets.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private volatile int status;

    private WebhookReceiver(HttpServer server, int status) {
        this.server = server;
        this.status = status;
    }

    /** Listens on a free port, answering {@code status} to every delivery. */
    public static WebhookReceiver start(int status) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            WebhookReceiver receiver = new WebhookReceiver(server, status);
            server.createContext("/webhooks/github", exchange -> {
                try (exchange) {
                    Map<String, String> received = new HashMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> received.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                    receiver.headers.add(received);
                    receiver.bodies.add(exchange.getRequestBody().readAllBytes());
                    exchange.sendResponseHeaders(receiver.status, -1);
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/github";
    }

    /** What the next deliveries are answered. */
    public WebhookReceiver answer(int status) {
        this.status = status;
        return this;
    }

    /** Each delivery's headers, in order, names in lower case. */
    public List<Map<String, String>> headers() {
        return headers;
    }

    /** Each delivery's body, in order, as sent. */
    public List<byte[]> bodies() {
        return bodies;
    }

    public void clear() {
        headers.clear();
        bodies.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
