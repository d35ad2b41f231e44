package uk.gov.gds.awsam.testsupport.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * GreenMail standalone ({@code com.icegreen:greenmail-standalone}) started as its own process, as the local
 * run and the end-to-end suite use it: SMTP and the REST API on 127.0.0.1, authentication disabled so that
 * any recipient gets a mailbox. Stopped by its own process handle, never by name.
 *
 * <pre>
 * try (GreenMailStandalone greenMail = GreenMailStandalone.start(jar)) {
 *     // SMTP at greenMail.smtpPort(); read mail with greenMail.api()
 * }
 * </pre>
 */
public final class GreenMailStandalone implements AutoCloseable {

    private final Process process;
    private final int smtpPort;
    private final GreenMailApi api;
    private final Path log;

    private GreenMailStandalone(Process process, int smtpPort, GreenMailApi api, Path log) {
        this.process = process;
        this.smtpPort = smtpPort;
        this.api = api;
        this.log = log;
    }

    /** Starts the jar on free ports of 127.0.0.1 and waits until its API says it is ready. */
    public static GreenMailStandalone start(Path jar) {
        return start(jar, FreePorts.next(MailServer.HOST), FreePorts.next(MailServer.HOST));
    }

    /** Starts the jar with SMTP and the API on the given ports of 127.0.0.1; waits until it is ready. */
    public static GreenMailStandalone start(Path jar, int smtpPort, int apiPort) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no GreenMail standalone jar at " + jar);
        }
        String host = MailServer.HOST;
        List<String> command = List.of(javaExecutable(), "-Xmx128m",
                "-Dgreenmail.smtp.hostname=" + host, "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.api.hostname=" + host, "-Dgreenmail.api.port=" + apiPort,
                "-Dgreenmail.auth.disabled",
                "-jar", jar.toString());
        try {
            Path log = Files.createTempFile("greenmail-standalone-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            GreenMailStandalone started = new GreenMailStandalone(process, smtpPort,
                    new GreenMailApi(URI.create("http://" + host + ":" + apiPort)), log);
            try {
                Awaitility.await().atMost(TestEvents.TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .until(() -> !process.isAlive() || started.api.isReady());
                if (!process.isAlive()) {
                    throw new IllegalStateException("GreenMail standalone exited with " + process.exitValue()
                            + "; its output: " + Files.readString(log));
                }
            } catch (RuntimeException notReady) {
                started.close();
                throw notReady;
            }
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    public String host() {
        return MailServer.HOST;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Reads what arrived, through the REST API. */
    public GreenMailApi api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    /** Where the process writes its output. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
