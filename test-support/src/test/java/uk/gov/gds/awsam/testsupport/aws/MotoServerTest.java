package uk.gov.gds.awsam.testsupport.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moto server of tests: started on loopback, answers the AWS query API, forgets on reset, stops by PID. */
class MotoServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSharedServerAnswersOnLoopbackAndForgetsEverythingOnReset() throws Exception {
        MotoServer moto = MotoServer.get();
        assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(MotoServer.get()).isSameAs(moto);

        moto.reset();
        assertThat(iam(moto.endpoint(), "Action=CreateUser&UserName=someone%40example.org&Version=2010-05-08").statusCode()).isEqualTo(200);
        assertThat(iam(moto.endpoint(), "Action=ListUsers&Version=2010-05-08").body()).contains("someone@example.org");

        moto.reset();
        assertThat(iam(moto.endpoint(), "Action=ListUsers&Version=2010-05-08").body()).doesNotContain("someone@example.org");
    }

    @Test
    void aServerStartedOnItsOwnIsStoppedByItsPid(@TempDir Path dir) throws Exception {
        MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
        long pid = moto.pid().orElseThrow();
        assertThat(ProcessHandle.of(pid)).isPresent();
        assertThat(iam(moto.endpoint(), "Action=ListUsers&Version=2010-05-08").statusCode()).isEqualTo(200);

        moto.close();

        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aServerThatCannotStartIsReportedWithItsLogWithoutWaitingOutTheTimeout(@TempDir Path dir) throws Exception {
        Path notMoto = dir.resolve("not-moto");
        java.nio.file.Files.writeString(notMoto, "#!/bin/sh\necho 'no moto here' >&2\nexit 3\n");
        notMoto.toFile().setExecutable(true);
        long start = System.nanoTime();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MotoServer.start(dir.resolve("moto.log"), notMoto.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited before answering")
                .hasMessageContaining("no moto here");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private HttpResponse<String> iam(URI endpoint, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
