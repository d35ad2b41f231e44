package uk.gov.gds.awsam.notifier.config;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import uk.gov.gds.awsam.notifier.domain.BootstrapRoleChecks;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.InitialPassword;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.MessageIds;
import uk.gov.gds.awsam.notifier.domain.Notifications;
import uk.gov.gds.awsam.notifier.domain.ReminderSchedule;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;
import uk.gov.gds.awsam.notifier.domain.Settings;

/** The domain's objects, made from the configuration: the domain itself knows no framework. */
@Singleton
public class NotifierBeans {

    /** In production, before anything else starts: refuses to start naming every setting to fix. */
    void checkProductionSettings(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        if (ConfigUtils.isProfileActive("prod")) {
            ProductionRules.of(config).refuseToStartUnlessAllHold();
        }
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Settings settings(NotifierConfig config) {
        NotifierConfig.Links links = config.links();
        return new Settings(config.mailboxes().team(), config.mailboxes().engineers(), links.requestService(),
                links.gdsUsersSignIn(), links.switchRole(), links.accountsGuide(), links.cliTooling(),
                config.gdsUsersAccountId(), config.yubikeyAgentCommand());
    }

    @Produces
    @Singleton
    MessageIds messageIds(NotifierConfig config) {
        return new MessageIds(config.messageIdDomain());
    }

    @Produces
    @Singleton
    RequestDirectory directory() {
        return new RequestDirectory();
    }

    @Produces
    @Singleton
    SentLog sentLog() {
        return new SentLog();
    }

    @Produces
    @Singleton
    KeyCustody custody(MeterRegistry registry) {
        KeyCustody custody = new KeyCustody();
        registry.gauge("notifier.yubikeys.outstanding", custody, keys -> keys.outstanding().size());
        return custody;
    }

    @Produces
    @Singleton
    BootstrapRoleChecks bootstrapRoleChecks() {
        return new BootstrapRoleChecks();
    }

    @Produces
    @Singleton
    ReminderSchedule reminderSchedule(NotifierConfig config) {
        return new ReminderSchedule(config.yubikeyReminder().after(), config.yubikeyReminder().repeat());
    }

    @Produces
    @Singleton
    Notifications notifications(Settings settings, MessageIds ids, RequestDirectory directory, KeyCustody custody,
            ReminderSchedule schedule, SentLog sentLog, InitialPassword.Opener passwords, BootstrapRoleChecks bootstrapChecks) {
        return new Notifications(settings, ids, directory, custody, schedule, sentLog, passwords, bootstrapChecks);
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(Dispatcher.MailTransport transport, Dispatcher.SentLogWriter writer, SentLog sentLog,
            Dispatcher.Listener listener) {
        return new Dispatcher(transport, writer, sentLog, listener);
    }
}
