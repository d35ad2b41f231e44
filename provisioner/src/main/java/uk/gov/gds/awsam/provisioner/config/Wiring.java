package uk.gov.gds.awsam.provisioner.config;

import java.io.IOException;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.RequestHistory;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.provisioner.client.AwsClients;
import uk.gov.gds.awsam.provisioner.client.AwsGdsUsers;
import uk.gov.gds.awsam.provisioner.client.AwsMemberAccounts;
import uk.gov.gds.awsam.provisioner.client.AwsOrganizations;
import uk.gov.gds.awsam.provisioner.client.AwsPreflight;
import uk.gov.gds.awsam.provisioner.client.JacksonJson;
import uk.gov.gds.awsam.provisioner.domain.AccountClosure;
import uk.gov.gds.awsam.provisioner.domain.AccountProvisioning;
import uk.gov.gds.awsam.provisioner.domain.AuditRoles;
import uk.gov.gds.awsam.provisioner.domain.AwsPolicy;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleCheck;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints;
import uk.gov.gds.awsam.provisioner.domain.CreationSlots;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers;
import uk.gov.gds.awsam.provisioner.domain.Json;
import uk.gov.gds.awsam.provisioner.domain.Journal;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts;
import uk.gov.gds.awsam.provisioner.domain.MergedContent;
import uk.gov.gds.awsam.provisioner.domain.Organizations;
import uk.gov.gds.awsam.provisioner.domain.PasswordGenerator;
import uk.gov.gds.awsam.provisioner.domain.PollPolicy;
import uk.gov.gds.awsam.provisioner.domain.Provisioning;
import uk.gov.gds.awsam.provisioner.domain.Publisher;
import uk.gov.gds.awsam.provisioner.domain.RootSecuring;
import uk.gov.gds.awsam.provisioner.domain.TrustPolicy;
import uk.gov.gds.awsam.provisioner.domain.TrustScan;
import uk.gov.gds.awsam.provisioner.domain.UserProvisioning;
import uk.gov.gds.awsam.provisioner.domain.UserRemoval;
import uk.gov.gds.awsam.provisioner.messaging.ProvisionerEvents;
import uk.gov.gds.awsam.provisioner.messaging.PublishedEvents;

/** Builds the domain from the configuration, the AWS clients and the broker. */
public class Wiring {

    private static final Logger LOG = Logger.getLogger(Wiring.class);

    @Produces
    @Singleton
    AwsClients awsClients(ProvisionerConfig config) {
        ProvisionerConfig.Aws aws = config.aws();
        return new AwsClients(new AwsClients.Settings(aws.region(), aws.endpoint(), aws.accessKeyId(), aws.secretAccessKey(),
                aws.organizationsRoleArn(), aws.gdsUsersRoleArn(), aws.roleSessionName(), aws.apiCallTimeout()));
    }

    void closeAwsClients(@Disposes AwsClients clients) {
        clients.close();
    }

    @Produces
    @Singleton
    AwsPreflight awsPreflight(AwsClients clients, ProvisionerConfig config) {
        ProvisionerConfig.Accounts accounts = config.accounts();
        return new AwsPreflight(clients, new AwsPreflight.Settings(config.aws().gdsUsersAccountId(), accounts.bootstrapRoleName(),
                accounts.auditRoleName(), accounts.trustScanRoleName(), config.users().groups()));
    }

    /** What Kafka holds of a request, for an engineer's retry (the PrMerged or RootMfaSeeded it resumes from). */
    @Produces
    @Singleton
    RequestHistory requestHistory(@Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        return new RequestHistory(kafkaClient, registryUrl, ProvisionerEvents.SOURCE + "-history");
    }

    @Produces
    @Singleton
    Organizations organizations(AwsClients clients) {
        return new AwsOrganizations(clients.organizations());
    }

    @Produces
    @Singleton
    MemberAccounts memberAccounts(AwsClients clients) {
        return new AwsMemberAccounts(clients);
    }

    @Produces
    @Singleton
    GdsUsers gdsUsers(AwsClients clients) {
        return new AwsGdsUsers(clients.gdsUsersIam());
    }

    /** The crash-point seam: nothing in production (tests replace this bean). */
    @Produces
    @Singleton
    @DefaultBean
    CrashPoints crashPoints() {
        return CrashPoints.NONE;
    }

    @Produces
    @Singleton
    AwsPolicy awsPolicy(ProvisionerConfig config, CrashPoints crashPoints) {
        ProvisionerConfig.Retry retry = config.retry();
        return new AwsPolicy(retry.maxAttempts(), new AwsPolicy.Schedule(retry.initialBackoff(), retry.maxBackoff()),
                new PollPolicy(retry.settling().initialDelay(), retry.settling().maxDelay(), retry.settling().timeout()), retry.passBudget(),
                crashPoints);
    }

    @Produces
    @Singleton
    Json json() {
        return new JacksonJson();
    }

    @Produces
    @Singleton
    TrustPolicy trustPolicy(Json json) {
        return new TrustPolicy(json);
    }

    @Produces
    @Singleton
    CreationSlots creationSlots(ProvisionerConfig config) {
        return new CreationSlots(config.accounts().maxCreationsInFlight());
    }

    @Produces
    @Singleton
    AuditRoles auditRoles(ProvisionerConfig config, MemberAccounts members, AwsPolicy policy, TrustPolicy trustPolicy, AwsClients clients) {
        ProvisionerConfig.Accounts accounts = config.accounts();
        return new AuditRoles(members, policy, trustPolicy, poll(accounts.readiness()), accounts.auditRoleName(),
                () -> accounts.auditRoleTrustedPrincipalArn().orElseGet(clients::ownPrincipalArn));
    }

    @Produces
    @Singleton
    AccountProvisioning accountProvisioning(ProvisionerConfig config, Organizations organizations, MemberAccounts members, GdsUsers gdsUsers,
            CreationSlots slots, AwsPolicy policy, AuditRoles auditRoles) {
        ProvisionerConfig.Poll readiness = config.accounts().readiness();
        return new AccountProvisioning(organizations, members, gdsUsers, slots, policy, poll(config.accounts().createStatusPoll()),
                poll(readiness), new PollPolicy(readiness.initialDelay(), readiness.maxDelay(), config.accounts().adoptedReadinessTimeout()),
                auditRoles);
    }

    /** The suspended unit as configured (tests replace this bean: their organisation's unit ids change with each reset). */
    @Produces
    @Singleton
    @DefaultBean
    AccountClosure.SuspendedUnit suspendedUnit(ProvisionerConfig config) {
        return () -> config.accounts().suspendedParentId();
    }

    @Produces
    @Singleton
    AccountClosure accountClosure(ProvisionerConfig config, Organizations organizations, AwsPolicy policy, AccountClosure.SuspendedUnit unit) {
        return new AccountClosure(organizations, policy, poll(config.accounts().createStatusPoll()), unit, config.aws().gdsUsersAccountId(),
                config.accounts().closuresAtOnce());
    }

    @Produces
    @Singleton
    RootSecuring rootSecuring(ProvisionerConfig config, MemberAccounts members, GdsUsers gdsUsers, AwsPolicy policy, AuditRoles auditRoles,
            TrustPolicy trustPolicy) {
        ProvisionerConfig.Accounts accounts = config.accounts();
        ProvisionerConfig.RootMfaCheck check = accounts.rootMfaCheck();
        return new RootSecuring(members, gdsUsers, policy, auditRoles, trustPolicy,
                new PollPolicy(check.initialDelay(), check.maxDelay(), check.timeout()), config.aws().gdsUsersAccountId(), accounts.bootstrapRoleName(),
                accounts.verifyRootMfa(), accounts.trustPolicyMaxLength());
    }

    @Produces
    @Singleton
    UserProvisioning userProvisioning(ProvisionerConfig config, GdsUsers gdsUsers, AwsPolicy policy, Journal journal) {
        PublicKey notifier = notifierPublicKey(config);
        LOG.infof("Initial passwords are sealed to the notifier key %s", SealedSecrets.keyId(notifier));
        return new UserProvisioning(gdsUsers, policy, journal, config.users().groups(), new PasswordGenerator(config.users().passwordLength()),
                secret -> ProvisionerEvents.seal(secret, notifier));
    }

    @Produces
    @Singleton
    Provisioning provisioning(ProvisionerConfig config, Publisher publisher, Json json, AccountProvisioning accounts, UserProvisioning users,
            UserRemoval removals, RootSecuring roots, AccountClosure closures, Journal journal) {
        return new Provisioning(publisher, new MergedContent(json), accounts, users, removals, roots, closures, journal,
                config.repositories().billing(), config.repositories().users(), config.accounts().bootstrapRoleName(), config.users().groups());
    }

    @Produces
    @Singleton
    UserRemoval userRemoval(ProvisionerConfig config, GdsUsers gdsUsers, Organizations organizations, MemberAccounts members,
            AwsPolicy policy, TrustPolicy trustPolicy, Journal journal) {
        ProvisionerConfig.Accounts accounts = config.accounts();
        TrustScan scan = new TrustScan(organizations, members, policy, trustPolicy, accounts.trustScanRoleName().orElse(accounts.auditRoleName()),
                accounts.bootstrapRoleName());
        return new UserRemoval(gdsUsers, scan, policy, journal, config.users().deleteServiceSpecificCredentials());
    }

    @Produces
    @Singleton
    PublishedEvents publishedEvents(@Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        return new PublishedEvents(ProvisionerEvents.SOURCE, kafkaClient, registryUrl);
    }

    void closePublishedEvents(@Disposes PublishedEvents published) {
        published.close();
    }

    @Produces
    @Singleton
    BootstrapRoleSchedule bootstrapRoleSchedule(ProvisionerConfig config) {
        return new BootstrapRoleSchedule(config.bootstrapRole().checkAfter(), config.bootstrapRole().checkEvery());
    }

    @Produces
    @Singleton
    BootstrapRoleCheck bootstrapRoleCheck(ProvisionerConfig config, MemberAccounts members, AwsPolicy policy, Publisher publisher,
            BootstrapRoleSchedule schedule) {
        return new BootstrapRoleCheck(members, policy, publisher, schedule, config.accounts().auditRoleName(), config.accounts().bootstrapRoleName());
    }

    /** In production, before anything else starts: refuses to start naming every setting to fix. */
    void checkProductionSettings(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        if (ConfigUtils.isProfileActive("prod")) {
            ProductionRules.of(config).refuseToStartUnlessAllHold();
        }
    }

    /** Reads back what was published before this start (and the hand-overs), and fails the start early on a bad notifier key. */
    void onStart(@Observes StartupEvent start, PublishedEvents published, UserProvisioning users, CreationSlots slots, MeterRegistry metrics) {
        published.start();
        metrics.gauge("provisioner.account.creations.in.flight", slots, CreationSlots::inFlight);
        metrics.gauge("provisioner.account.creations.capacity", slots, CreationSlots::capacity);
        metrics.gauge("provisioner.published.events", published, PublishedEvents::size);
    }

    private static PollPolicy poll(ProvisionerConfig.Poll poll) {
        return new PollPolicy(poll.initialDelay(), poll.maxDelay(), poll.timeout());
    }

    private static PublicKey notifierPublicKey(ProvisionerConfig config) {
        try {
            return SealedSecrets.readPublicKey(Files.readString(config.notifierPublicKey()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("provisioner.notifier-public-key: cannot read an RSA public key (PEM) from "
                    + config.notifierPublicKey() + ": " + e.getMessage(), e);
        }
    }
}
