package uk.gov.gds.awsam.notifier.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Email;
import uk.gov.gds.awsam.notifier.domain.Template;

/** Counts and logs what happens to each email: {@code notifier_emails_total{template,outcome}}. */
@ApplicationScoped
public class DeliveryMetrics implements Dispatcher.Listener {

    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class);

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void sent(Email email) {
        count(email.template(), "sent");
        RequestMdc.log(email.requestId(), () -> LOG.infof("Sent %s email %s for request %s", email.template(),
                email.messageId(), email.requestId()));
    }

    @Override
    public void skippedAsDuplicate(Email email) {
        count(email.template(), "duplicate");
        RequestMdc.log(email.requestId(), () -> LOG.infof("Not sending %s email %s for request %s again: the sent-log has it",
                email.template(), email.messageId(), email.requestId()));
    }

    @Override
    public void failed(Email email, Throwable cause) {
        count(email.template(), "failed");
        RequestMdc.log(email.requestId(), () -> LOG.errorf("Could not send %s email %s for request %s: %s",
                email.template(), email.messageId(), email.requestId(), cause.toString()));
    }

    private void count(Template template, String outcome) {
        Counter.builder("notifier.emails").description("Emails by template and outcome (sent, duplicate, failed)")
                .tag("template", template.fileName()).tag("outcome", outcome).register(registry).increment();
    }
}
