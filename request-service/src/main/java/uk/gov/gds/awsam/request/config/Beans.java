package uk.gov.gds.awsam.request.config;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

import uk.gov.gds.awsam.request.client.AwsOrganisation;
import uk.gov.gds.awsam.request.domain.ClaimLedger;
import uk.gov.gds.awsam.request.domain.Claims;
import uk.gov.gds.awsam.request.domain.Intake;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestRules;
import uk.gov.gds.awsam.request.domain.SignInRules;
import uk.gov.gds.awsam.request.domain.SubmissionPublisher;

/** The domain's objects (plain Java) as CDI beans, built from the configuration. */
@ApplicationScoped
public class Beans {

    /** In production, before anything else starts: refuses to start naming every setting to fix. */
    void checkProductionSettings(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        if (ConfigUtils.isProfileActive("prod")) {
            ProductionRules.of(config).refuseToStartUnlessAllHold();
        }
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    Projection projection() {
        return new Projection();
    }

    @Produces
    @ApplicationScoped
    RequestRules rules(RequestConfig config) {
        return new RequestRules(config.allowedEmailDomains(), config.organisations(),
                config.organisationsRequiringCostCentre().orElse(List.of()), config.maxUsersPerRequest(),
                config.maxAdminsPerAccount());
    }

    @Produces
    @ApplicationScoped
    SignInRules signInRules(RequestConfig config) {
        RequestConfig.Identity identity = config.identity();
        return new SignInRules(identity.emailClaim(), identity.requireVerifiedEmail(), identity.groupsClaim(), config.engineerGroup(),
                identity.engineerEmails().orElse(List.of()));
    }

    @Produces
    @ApplicationScoped
    AwsOrganisation organisation(RequestConfig config) {
        RequestConfig.Aws aws = config.aws();
        return new AwsOrganisation(new AwsOrganisation.Settings(aws.region(), aws.endpoint(), aws.accessKeyId(), aws.secretAccessKey(),
                aws.organizationsRoleArn(), aws.roleSessionName(), aws.apiCallTimeout(), config.awsConfig().gdsUsersAccountId()),
                io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    void close(@Disposes AwsOrganisation organisation) {
        organisation.close();
    }

    @Produces
    @ApplicationScoped
    Claims claims(RequestConfig config, Clock clock) {
        return new Claims(clock, Intake.holdFor(config.publishTimeout()));
    }

    @Produces
    @ApplicationScoped
    Intake intake(RequestRules rules, Projection projection, SubmissionPublisher publisher, ClaimLedger claims, Claims held,
            AwsOrganisation organisation, RequestConfig config, Clock clock) {
        return new Intake(rules, projection, publisher, claims, organisation, config.publishTimeout(), held.hold(), clock,
                () -> UUID.randomUUID().toString());
    }
}
