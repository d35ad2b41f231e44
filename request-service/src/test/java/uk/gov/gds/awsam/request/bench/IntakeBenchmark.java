package uk.gov.gds.awsam.request.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.identity.Keycloak;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * Intake throughput and latency at a fixed rate, beside the latency of a raw acknowledged Kafka produce
 * (acks=all, idempotent: what the service waits for) measured in the same run, on the same broker.
 *
 * <p>Run: {@code ./mvnw -pl request-service -am verify -DskipTests -DskipFoundationTests -Pbench-intake} (options
 * {@code -Dbench.rate=1000 -Dbench.seconds=30 -Dbench.warmup=15}). It starts the in-JVM broker and the
 * registry stand-in, the packaged service as its own process, and writes target/bench/intake.txt.
 */
public final class IntakeBenchmark {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        int rate = Integer.getInteger("bench.rate", 1000);
        Duration measured = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 15));
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);

        Infrastructure infrastructure = TestInfrastructure.get();
        Keycloak tokens = ServiceProcess.identityProvider(out);
        StringBuilder report = new StringBuilder();
        report.append(String.format("Intake benchmark: %d requests/s, %d s measured after %d s of warm-up; %d cores; %s%n",
                rate, measured.toSeconds(), warmup.toSeconds(), Runtime.getRuntime().availableProcessors(),
                infrastructure.description()));
        report.append("load average at the start: ").append(loadAverage()).append('\n');

        // 1. Raw acknowledged produce: the floor under the intake's latency.
        try (KafkaProducer<String, Object> producer = producer(infrastructure)) {
            rawProduce(producer, rate, warmup);
            FixedRate.Result raw = rawProduce(producer, rate, measured);
            report.append(line("raw Kafka produce (acks=all, idempotent)", raw));
        }

        // 2. The service, through HTTP: validate, authenticate, publish, wait for the acknowledgement.
        try (ServiceProcess service = ServiceProcess.start(jar, infrastructure, tokens, "512m", List.of(), out.resolve("intake-service.log"),
                Map.of())) {
            Duration ready = service.awaitReady(Duration.ofSeconds(120));
            report.append(String.format("service pid %d ready in %d ms%n", service.pid(), ready.toMillis()));
            Vertx vertx = Vertx.vertx();
            try {
                HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                        .setDefaultPort(service.port()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
                String token = tokens.tokens().accessToken(Tokens.REQUESTER);
                String run = Bodies.uniqueAccountName("bench").substring("bench-".length());
                intake(http, token, run + "-warm", rate, warmup);
                FixedRate.Result intake = intake(http, token, run, rate, measured);
                report.append(line("HTTP intake: POST /api/v1/account-requests -> 202", intake));
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
        report.append("load average at the end (1, 5, 15 min; other processes share these cores): ").append(loadAverage()).append('\n');
        System.out.print(report);
        Files.writeString(out.resolve("intake.txt"), report.toString());
        System.exit(0);
    }

    private static FixedRate.Result intake(HttpClient http, String token, String run, int rate, Duration duration) {
        return FixedRate.run(rate, duration, i -> {
            String body = Bodies.json(Bodies.account("bench-" + letters(run.hashCode() & 0xffff) + "-" + letters(i)));
            CompletableFuture<Boolean> accepted = new CompletableFuture<>();
            http.request(HttpMethod.POST, "/api/v1/account-requests")
                    .compose(request -> request.putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json")
                            .send(Buffer.buffer(body))
                            .compose(response -> response.body().map(ignored -> response.statusCode() == 202)))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            accepted.complete(result.result());
                        } else {
                            accepted.completeExceptionally(result.cause());
                        }
                    });
            return accepted;
        });
    }

    private static FixedRate.Result rawProduce(KafkaProducer<String, Object> producer, int rate, Duration duration) {
        return FixedRate.run(rate, duration, i -> {
            RequestSubmitted event = SampleEvents.requestSubmitted(SampleEvents.newRequestId()).build();
            CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(EventType.REQUEST_SUBMITTED.topic(), null, event.getRequestId(), event,
                    CloudEventHeaders.kafkaHeaders(event, "intake-benchmark")), (metadata, failure) -> {
                        if (failure == null) {
                            acknowledged.complete(true);
                        } else {
                            acknowledged.completeExceptionally(failure);
                        }
                    });
            return (CompletionStage<Boolean>) acknowledged;
        });
    }

    private static KafkaProducer<String, Object> producer(Infrastructure infrastructure) {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(TestEvents.serdeConfig(infrastructure.registryUrl()), false);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), serializer);
    }

    private static String line(String what, FixedRate.Result result) {
        return String.format("%-45s %7.1f ok/s, %d sent, %d failed; latency %s%n", what, result.throughputPerSecond(),
                result.sent(), result.failed(), result.latencies().summary());
    }

    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
        } catch (java.io.IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    private static String letters(long n) {
        StringBuilder letters = new StringBuilder();
        do {
            letters.append((char) ('a' + (n % 26)));
            n /= 26;
        } while (n > 0);
        return letters.toString();
    }
}
