package uk.gov.gds.awsam.notifier.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.notifier.config.NotifierConfig;
import uk.gov.gds.awsam.preflight.Finding;

/**
 * The preflight of the SMTP relay, with the settings the notifier sends with (quarkus-mailer's): a short SMTP
 * dialogue that connects, greets, negotiates TLS as configured, logs in, and offers the From address, then says
 * RSET and QUIT. It never sends an email (no RCPT, no DATA). Every step has a socket timeout; a step that fails
 * says what to change, and the steps after it cannot be checked. The password is only ever written to the
 * relay's socket, inside AUTH.
 */
@ApplicationScoped
public class SmtpPreflight {

    static final String SYSTEM = "smtp";
    static final String CONNECT = "connect to the relay";
    static final String GREET = "greet the relay (EHLO)";
    static final String TLS = "TLS";
    static final String LOGIN = "log in (AUTH)";
    static final String FROM = "the relay accepts the From address (MAIL FROM, then RSET)";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The mailer's settings the checks use; {@code startTls} is DISABLED, OPTIONAL or REQUIRED. */
    public record Settings(String host, int port, boolean tls, String startTls, String login, Optional<String> username,
            Optional<String> password, String from) {

        @Override
        public String toString() {
            return "Settings[" + host + ":" + port + ", tls=" + tls + ", startTls=" + startTls + ", login=" + login
                    + ", username=" + username.orElse("") + ", from=" + from + "]";
        }

        static Settings of(Config config, NotifierConfig notifier) {
            return new Settings(config.getOptionalValue("quarkus.mailer.host", String.class).orElse(""),
                    config.getOptionalValue("quarkus.mailer.port", Integer.class).orElse(25),
                    config.getOptionalValue("quarkus.mailer.tls", Boolean.class).orElse(false),
                    config.getOptionalValue("quarkus.mailer.start-tls", String.class).orElse("OPTIONAL").toUpperCase(Locale.ROOT),
                    config.getOptionalValue("quarkus.mailer.login", String.class).orElse("NONE").toUpperCase(Locale.ROOT),
                    config.getOptionalValue("quarkus.mailer.username", String.class),
                    config.getOptionalValue("quarkus.mailer.password", String.class),
                    notifier.from());
        }

        String where() {
            return host + ":" + port;
        }
    }

    private final Settings settings;

    @Inject
    public SmtpPreflight(Config config, NotifierConfig notifier) {
        this(Settings.of(config, notifier));
    }

    SmtpPreflight(Settings settings) {
        this.settings = settings;
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        String current = CONNECT;
        try (Socket plain = new Socket()) {
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            try {
                plain.connect(new InetSocketAddress(settings.host(), settings.port()), (int) TIMEOUT.toMillis());
            } catch (UnknownHostException e) {
                throw new StepFailed("the host " + settings.host() + " is not known (DNS): check SMTP_HOST");
            } catch (IOException e) {
                throw new StepFailed("could not connect to " + settings.where() + " within " + TIMEOUT.toSeconds() + " s ("
                        + e.getMessage() + "): check SMTP_HOST and SMTP_PORT, and that this host may reach the relay (firewall, egress rules)");
            }
            findings.add(Finding.pass(SYSTEM, CONNECT, settings.where() + " accepts connections"));

            Dialogue smtp = new Dialogue(plain);
            String tlsSeen = null;
            if (settings.tls()) {
                current = TLS;
                smtp = smtp.tls();
                tlsSeen = "SMTPS (SMTP_TLS=true): " + smtp.protocol() + " handshake succeeded, certificate trusted for " + settings.host();
            }
            current = GREET;
            Reply greeting = smtp.read();
            if (greeting.code() != 220) {
                throw new StepFailed("the relay at " + settings.where() + " greeted with " + greeting
                        + " instead of 220: check SMTP_HOST and SMTP_PORT name an SMTP submission port");
            }
            Reply ehlo = smtp.ehlo();
            findings.add(Finding.pass(SYSTEM, GREET, greeting.firstLine() + "; offers " + String.join(", ", ehlo.extensions())));

            current = TLS;
            if (tlsSeen != null) {
                findings.add(Finding.pass(SYSTEM, TLS, tlsSeen));
            } else if (settings.startTls().equals("DISABLED")) {
                findings.add(Finding.pass(SYSTEM, TLS, "not required by this configuration (SMTP_START_TLS=DISABLED, SMTP_TLS=false): "
                        + "mail and the login cross the network in clear; production refuses to start so"));
            } else if (!ehlo.offers("STARTTLS")) {
                if (settings.startTls().equals("REQUIRED")) {
                    throw new StepFailed("the relay at " + settings.where() + " does not offer STARTTLS, which SMTP_START_TLS=REQUIRED needs: "
                            + "point SMTP_HOST/SMTP_PORT at the relay's submission port (587), or for a relay that speaks TLS from "
                            + "the first byte (465) set SMTP_TLS=true");
                }
                findings.add(Finding.pass(SYSTEM, TLS, "the relay does not offer STARTTLS, and it is not required by this configuration "
                        + "(SMTP_START_TLS=OPTIONAL): mail crosses the network in clear; production refuses to start so"));
            } else {
                Reply answer = smtp.command("STARTTLS");
                if (answer.code() != 220) {
                    throw new StepFailed("the relay offered STARTTLS but answered " + answer + " to it: ask the relay's owners");
                }
                smtp = smtp.tls();
                ehlo = smtp.ehlo();
                findings.add(Finding.pass(SYSTEM, TLS, "STARTTLS (SMTP_START_TLS=" + settings.startTls() + "): " + smtp.protocol()
                        + " handshake succeeded, certificate trusted for " + settings.host()));
            }

            current = LOGIN;
            findings.add(login(smtp, ehlo));

            current = FROM;
            Reply mailFrom = smtp.command("MAIL FROM:<" + settings.from() + ">");
            smtp.command("RSET");
            smtp.command("QUIT");
            if (mailFrom.code() != 250) {
                throw new StepFailed("the relay refused MAIL FROM:<" + settings.from() + "> with " + mailFrom + ": set NOTIFIER_FROM to an address "
                        + settings.username().map(user -> "the user " + user).orElse("this host") + " may send as");
            }
            findings.add(Finding.pass(SYSTEM, FROM, settings.from() + " accepted (" + mailFrom.firstLine() + "); nothing was sent"));
        } catch (StepFailed failed) {
            findings.add(Finding.fail(SYSTEM, current, failed.getMessage()));
        } catch (javax.net.ssl.SSLException e) {
            findings.add(Finding.fail(SYSTEM, current, "the TLS handshake with " + settings.where() + " failed (" + e.getMessage()
                    + "): the relay's certificate must name " + settings.host() + " (SMTP_HOST) and chain to a CA this JVM trusts"
                    + (settings.tls() ? "; SMTP_TLS=true is only for a port that speaks TLS from the first byte (465)" : "")));
        } catch (IOException e) {
            findings.add(Finding.fail(SYSTEM, current, "the conversation with " + settings.where() + " broke off (" + e
                    + "): check SMTP_HOST, SMTP_PORT and SMTP_TLS name the relay's SMTP port as it expects to be spoken to"));
        }
        for (String check : List.of(CONNECT, GREET, TLS, LOGIN, FROM)) {
            if (findings.stream().noneMatch(finding -> finding.check().equals(check))) {
                findings.add(Finding.cannotCheck(SYSTEM, check, "an earlier check failed"));
            }
        }
        return findings;
    }

    private Finding login(Dialogue smtp, Reply ehlo) throws IOException {
        if (settings.login().equals("DISABLED")) {
            return Finding.cannotCheck(SYSTEM, LOGIN, "login is disabled (quarkus.mailer.login=DISABLED): the notifier sends without "
                    + "logging in; the From check shows whether the relay takes mail from it so");
        }
        if (settings.username().isEmpty()) {
            return Finding.cannotCheck(SYSTEM, LOGIN, "no SMTP_USERNAME is configured: the notifier sends without logging in; "
                    + "the From check shows whether the relay takes mail from it so");
        }
        String user = settings.username().get();
        String fix = "check SMTP_USERNAME and SMTP_PASSWORD";
        List<String> mechanisms = ehlo.authMechanisms();
        if (mechanisms.isEmpty()) {
            throw new StepFailed("the relay at " + settings.where() + " offers no AUTH" + (smtp.encrypted() ? "" : " over an unencrypted connection")
                    + ", so it cannot check the login of user " + user + ": " + (smtp.encrypted() ? "ask the relay's owners"
                            : "set SMTP_START_TLS=REQUIRED (relays offer AUTH only after STARTTLS), or leave SMTP_USERNAME empty for a relay that needs no login"));
        }
        String password = settings.password().orElse("");
        Reply answer;
        String mechanism;
        if (mechanisms.contains("PLAIN")) {
            mechanism = "PLAIN";
            answer = smtp.secret("AUTH PLAIN ", base64("\0" + user + "\0" + password));
        } else if (mechanisms.contains("LOGIN")) {
            mechanism = "LOGIN";
            Reply asked = smtp.command("AUTH LOGIN");
            if (asked.code() == 334) {
                asked = smtp.command(base64(user));
            }
            answer = asked.code() == 334 ? smtp.secret("", base64(password)) : asked;
        } else {
            throw new StepFailed("the relay offers AUTH " + String.join(" ", mechanisms)
                    + " only, and the notifier's check speaks PLAIN and LOGIN: ask the relay's owners for a PLAIN or LOGIN login");
        }
        if (answer.code() == 235) {
            return Finding.pass(SYSTEM, LOGIN, "the relay accepted the login of user " + user + " (AUTH " + mechanism + ")");
        }
        if (answer.code() >= 500) {
            throw new StepFailed("the relay refused the login for user " + user + " (" + answer + "): " + fix);
        }
        throw new StepFailed("the relay could not check the login for user " + user + " now (" + answer + "): run the preflight again; if it persists, "
                + fix);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A step's failure, its message saying what to change. */
    private static final class StepFailed extends RuntimeException {
        StepFailed(String whatToChange) {
            super(whatToChange, null, false, false);
        }
    }

    /** An SMTP reply: its code and lines (without the code). */
    record Reply(int code, List<String> lines) {

        String firstLine() {
            return code + (lines.isEmpty() ? "" : " " + lines.get(0));
        }

        List<String> extensions() {
            return lines.size() <= 1 ? List.of() : lines.subList(1, lines.size());
        }

        boolean offers(String keyword) {
            return extensions().stream().anyMatch(line -> line.toUpperCase(Locale.ROOT).split(" ")[0].equals(keyword));
        }

        List<String> authMechanisms() {
            return extensions().stream().map(line -> line.toUpperCase(Locale.ROOT).trim())
                    .filter(line -> line.startsWith("AUTH ") || line.startsWith("AUTH="))
                    .flatMap(line -> List.of(line.substring(5).trim().split("\\s+")).stream()).distinct().toList();
        }

        @Override
        public String toString() {
            String text = firstLine();
            return "'" + (text.length() > 160 ? text.substring(0, 160) + "…" : text) + "'";
        }
    }

    /** The client side of an SMTP conversation on one socket. */
    private final class Dialogue {

        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Dialogue(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        /** The same conversation over TLS, the relay's certificate checked against the JVM's trust store and the host name. */
        Dialogue tls() throws IOException {
            SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, settings.host(),
                    settings.port(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.setSoTimeout((int) TIMEOUT.toMillis());
            secure.startHandshake();
            return new Dialogue(secure);
        }

        boolean encrypted() {
            return socket instanceof SSLSocket;
        }

        String protocol() {
            return encrypted() ? ((SSLSocket) socket).getSession().getProtocol() : "none";
        }

        Reply ehlo() throws IOException {
            Reply reply = command("EHLO " + localName());
            if (reply.code() != 250) {
                throw new StepFailed("the relay answered EHLO with " + reply + ": ask the relay's owners whether this host may use it");
            }
            return reply;
        }

        Reply command(String line) throws IOException {
            return secret(line, "");
        }

        /** Sends {@code visible + secret}; neither reaches a log or a finding. */
        Reply secret(String visible, String secret) throws IOException {
            out.write((visible + secret + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        Reply read() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("the relay closed the connection");
                }
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                    throw new IOException("not an SMTP reply: " + (line.length() > 80 ? line.substring(0, 80) : line));
                }
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
                }
            }
        }

        private String localName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
