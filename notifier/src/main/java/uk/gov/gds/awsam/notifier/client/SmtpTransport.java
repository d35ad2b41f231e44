package uk.gov.gds.awsam.notifier.client;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.runtime.Startup;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.SMTPException;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.notifier.config.NotifierConfig;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Email;

/**
 * Sends an email over SMTP (quarkus-mailer): renders its HTML and plain-text templates once, sets its
 * deterministic Message-ID, and sends it, retrying with exponential back-off for as long as the failure is
 * not permanent (server down, an attempt taking longer than the attempt timeout, 4xx replies). Only a
 * permanent SMTP reply (5xx) fails the send.
 */
@ApplicationScoped
@Startup
public class SmtpTransport implements Dispatcher.MailTransport {

    static final String TEMPLATE_DIRECTORY = "emails/";
    /** Header carrying the request id, for people's mail filters and for tests. */
    public static final String REQUEST_ID_HEADER = "X-AWS-Accounts-Request-Id";

    private static final Logger LOG = Logger.getLogger(SmtpTransport.class);

    private final ReactiveMailer mailer;
    private final Engine engine;
    private final NotifierConfig config;
    private final Counter failedAttempts;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Context smtpContext;

    public SmtpTransport(ReactiveMailer mailer, Engine engine, NotifierConfig config, MeterRegistry registry, Vertx vertx) {
        this.mailer = mailer;
        this.engine = engine;
        this.config = config;
        // Every send starts on this one Vert.x event-loop context. Started from other threads (the worker pool,
        // the scheduler), the mail client ran a connection's handlers on two event loops and now and then lost
        // the server's greeting, leaving the send waiting for ever.
        this.smtpContext = vertx.getOrCreateContext();
        this.failedAttempts = Counter.builder("notifier.smtp.failed.attempts")
                .description("SMTP send attempts that failed (each is retried unless the failure is permanent)")
                .register(registry);
        registry.gauge("notifier.smtp.emails.waiting", waiting);
        for (uk.gov.gds.awsam.notifier.domain.Template template : uk.gov.gds.awsam.notifier.domain.Template.values()) {
            template(template, ".html");
            template(template, ".txt");
        }
    }

    @Override
    public CompletionStage<Void> send(Email email) {
        Mail mail = render(email);
        AtomicInteger attempt = new AtomicInteger();
        waiting.incrementAndGet();
        return Uni.createFrom().deferred(() -> mailer.send(mail))
                .runSubscriptionOn(task -> onSmtpContext(email, task))
                .ifNoItem().after(config.smtpRetry().attemptTimeout()).fail()
                .onFailure().invoke(failure -> {
                    failedAttempts.increment();
                    RequestMdc.log(email.requestId(), () -> LOG.warnf("SMTP send of %s failed (attempt %d, %s): %s", email,
                            attempt.incrementAndGet(), isPermanent(failure) ? "permanent, giving up" : "will retry",
                            String.valueOf(failure)));
                })
                .onFailure(failure -> !isPermanent(failure)).retry()
                .withBackOff(config.smtpRetry().initialBackoff(), config.smtpRetry().maxBackoff()).withJitter(0.2)
                .indefinitely()
                .onTermination().invoke(waiting::decrementAndGet)
                .subscribeAsCompletionStage();
    }

    /**
     * Runs a send attempt on the SMTP event loop, in a context of its own (a duplicated context: logs written
     * in it, the mail client's included, carry the request id; the root context has no place for it).
     */
    private void onSmtpContext(Email email, Runnable attempt) {
        Context perEmail = VertxContext.createNewDuplicatedContext(smtpContext);
        perEmail.runOnContext(ignored -> {
            MDC.put(RequestMdc.REQUEST_ID, email.requestId());
            attempt.run();
        });
    }

    /** The email as quarkus-mailer sends it: both parts, the Message-ID and thread headers. */
    Mail render(Email email) {
        Mail mail = new Mail()
                .setFrom(config.from())
                .setTo(java.util.List.of(email.to()))
                .setSubject(email.subject())
                .setText(template(email.template(), ".txt").data("m", email.model()).render())
                .setHtml(template(email.template(), ".html").data("m", email.model()).render());
        mail.addHeader("Message-ID", email.messageId());
        mail.addHeader("References", email.threadId());
        mail.addHeader("Auto-Submitted", "auto-generated");
        mail.addHeader(REQUEST_ID_HEADER, email.requestId());
        return mail;
    }

    /** A 5xx SMTP reply: the server will never accept this email as it is. Anything else is worth retrying. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return smtp.isPermanent();
            }
        }
        return false;
    }

    private Template template(uk.gov.gds.awsam.notifier.domain.Template template, String suffix) {
        Template found = engine.getTemplate(TEMPLATE_DIRECTORY + template.fileName() + suffix);
        if (found == null) {
            throw new IllegalStateException("missing email template " + TEMPLATE_DIRECTORY + template.fileName() + suffix);
        }
        return found;
    }
}
