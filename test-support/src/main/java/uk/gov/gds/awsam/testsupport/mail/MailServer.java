package uk.gov.gds.awsam.testsupport.mail;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) in this JVM, on 127.0.0.1 at a free port, accepting mail for any address
 * without authentication, and keeping what it received for assertions ({@link Mailbox}). Its SMTP listener
 * can be stopped and started again at the same address, keeping what was received, so that a test can take
 * the mail server away mid-flight:
 *
 * <pre>
 * try (MailServer mail = MailServer.start()) {
 *     // point the application at mail.host():mail.smtpPort()
 *     mail.stopSmtp();     // connections are refused from now on
 *     mail.startSmtp();    // same port, earlier mail kept
 * }
 * </pre>
 *
 * In a {@code @QuarkusTest}, use {@link GreenMailTestResource}. For a GreenMail standalone process (the
 * local run, the end-to-end suite), read mail with {@link GreenMailApi}.
 */
public final class MailServer implements Mailbox, AutoCloseable {

    public static final String HOST = "127.0.0.1";

    private final RestartableGreenMail greenMail;
    private final int smtpPort;

    private MailServer(int smtpPort, GreenMailConfiguration configuration) {
        this.smtpPort = smtpPort;
        this.greenMail = new RestartableGreenMail(new ServerSetup(smtpPort, HOST, ServerSetup.PROTOCOL_SMTP));
        this.greenMail.withConfiguration(configuration);
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static MailServer start() {
        return start(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    /**
     * Starts a server on a free port of 127.0.0.1 that has one user, {@code login} with {@code password}, and checks the
     * credentials of AUTH as a relay does: a wrong password is refused with {@code 535 5.7.8 Authentication credentials
     * invalid} (RFC 4954). Like GreenMail, it still takes mail from a client that never says AUTH.
     */
    public static MailServer startWithLogin(String login, String password) {
        return start(GreenMailConfiguration.aConfig().withUser(login + "@" + HOST, login, password));
    }

    private static MailServer start(GreenMailConfiguration configuration) {
        MailServer server = new MailServer(FreePorts.next(HOST), configuration);
        server.greenMail.start();
        return server;
    }

    /** Changes a user's password on the server, as a relay's owner rotating it would (the application keeps the old one). */
    public void changePassword(String login, String password) {
        GreenMailUser user = greenMail.getUserManager().getUser(login);
        if (user == null) {
            throw new IllegalArgumentException("no user " + login + " on this server");
        }
        user.setPassword(password);
    }

    public String host() {
        return HOST;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Stops accepting SMTP connections (they are refused); what was received is kept. */
    public void stopSmtp() {
        greenMail.stopSmtp();
    }

    /** Accepts SMTP connections again, on the same port. */
    public void startSmtp() {
        greenMail.startSmtp();
    }

    public boolean isSmtpRunning() {
        return greenMail.isSmtpRunning();
    }

    @Override
    public List<ReceivedMail> received() {
        List<ReceivedMail> received = new ArrayList<>();
        for (GreenMailUser user : List.copyOf(greenMail.getUserManager().listUser())) {
            for (StoredMessage message : inbox(user)) {
                received.add(ReceivedMail.of(user.getEmail(), message.getMimeMessage()));
            }
        }
        return received;
    }

    /** A copy of a mailbox's messages; GreenMail may be delivering to it while it is read. */
    private List<StoredMessage> inbox(GreenMailUser user) {
        try {
            List<StoredMessage> live = greenMail.getManagers().getImapHostManager().getInbox(user).getMessages();
            for (int attempt = 1;; attempt++) {
                try {
                    return new ArrayList<>(live);
                } catch (ConcurrentModificationException deliveredMeanwhile) {
                    if (attempt == 100) {
                        throw deliveredMeanwhile;
                    }
                }
            }
        } catch (FolderException e) {
            throw new IllegalStateException("could not read the mailbox of " + user.getEmail(), e);
        }
    }

    /** Forgets everything received so far. */
    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("could not purge the mailboxes", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /**
     * GreenMail's own stop() throws the mail store away with the listeners; this stops and restarts only
     * the SMTP listener, over the same store.
     */
    private static final class RestartableGreenMail extends GreenMail {

        RestartableGreenMail(ServerSetup setup) {
            super(setup);
        }

        synchronized void stopSmtp() {
            AbstractServer smtp = services.get(ServerSetup.PROTOCOL_SMTP);
            if (smtp != null && smtp.isRunning()) {
                smtp.stopService();
            }
        }

        synchronized void startSmtp() {
            if (isSmtpRunning()) {
                return;
            }
            ServerSetup setup = config[0];
            SmtpServer smtp = new SmtpServer(setup, managers);
            services.put(ServerSetup.PROTOCOL_SMTP, smtp);
            smtp.startService();
            try {
                if (!smtp.waitTillRunning(setup.getServerStartupTimeout())) {
                    throw new IllegalStateException("SMTP did not start again on " + setup);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting SMTP", e);
            }
        }

        synchronized boolean isSmtpRunning() {
            AbstractServer smtp = services.get(ServerSetup.PROTOCOL_SMTP);
            return smtp != null && smtp.isRunning();
        }
    }
}
