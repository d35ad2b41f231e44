package uk.gov.gds.awsam.notifier.config;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import uk.gov.gds.awsam.notifier.client.FileSentJournal;
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

    /**
     * Then, on the main thread, reads the sent journal (file I/O, which no event loop may do) into the sent-log, before
     * any channel, job or handler is made.
     */
    void readSentJournal(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent start, SentLog sentLog) {
        sentLog.size();
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

    /** The sent journal on this machine's disk, read now: what an earlier process sent and perhaps never recorded. */
    @Produces
    @Singleton
    FileSentJournal sentJournal(NotifierConfig config) {
        return FileSentJournal.open(config.sentJournal().dir());
    }

    void closeSentJournal(@Disposes FileSentJournal journal) {
        journal.close();
    }

    /** Starts from the sent journal; the state feed adds the sent-log topic before any event is handled. */
    @Produces
    @Singleton
    SentLog sentLog(FileSentJournal journal) {
        SentLog sentLog = new SentLog();
        journal.loaded().forEach(sentLog::addJournaled);
        return sentLog;
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
    Dispatcher dispatcher(Dispatcher.MailTransport transport, FileSentJournal journal, Dispatcher.SentLogWriter writer,
            SentLog sentLog, Dispatcher.Listener listener) {
        return new Dispatcher(transport, journal, writer, sentLog, listener);
    }
}
