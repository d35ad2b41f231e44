package uk.gov.gds.awsam.request;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;

/**
 * The service's AWS endpoint in tests: a pass-through to the JVM's moto (behind the strict layer) that a test can
 * turn into an AWS that answers only 503 ServiceUnavailable, with the system property {@link #DOWN} (one JVM-wide
 * switch, whatever class loader reads it). A test class takes it with {@code @TestProfile(AwsFront.Profile.class)}: a
 * profile restarts the application with these settings (a {@code @WithTestResource} of it alone did not: Quarkus
 * reused an application started without them).
 */
public class AwsFront implements QuarkusTestResourceLifecycleManager {

    /** The application with its AWS settings pointing here. */
    public static class Profile implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(AwsFront.class));
        }
    }

    public static final String DOWN = "awsam.test.aws-down";
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "date");

    private HttpServer server;
    private ExecutorService threads;

    @Override
    public Map<String, String> start() {
        URI moto = MotoServer.get().endpoint();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                forward(client, moto, exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.start();
        return Map.of("request.aws.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "request.aws.access-key-id", MotoServer.ACCESS_KEY_ID, "request.aws.secret-access-key", MotoServer.SECRET_ACCESS_KEY,
                "request.aws.region", MotoServer.REGION, "request.aws.api-call-timeout", "5s");
    }

    private static void forward(HttpClient client, URI moto, HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (Boolean.getBoolean(DOWN)) {
            byte[] refusal = "{\"__type\":\"ServiceUnavailableException\",\"message\":\"the test says AWS is down\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(503, refusal.length);
            exchange.getResponseBody().write(refusal);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
        exchange.getResponseBody().write(response.body());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
