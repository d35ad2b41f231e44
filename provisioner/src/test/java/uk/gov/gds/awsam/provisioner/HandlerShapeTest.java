package uk.gov.gds.awsam.provisioner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import uk.gov.gds.awsam.provisioner.domain.Provisioning;
import uk.gov.gds.awsam.provisioner.messaging.Handling;
import uk.gov.gds.awsam.provisioner.messaging.ProvisionerEvents;
import uk.gov.gds.awsam.testsupport.ScheduledJobs;
import uk.gov.gds.awsam.testsupport.ScheduledJobs.Job;

/**
 * The one handler shape (issue 19), on the compiled classes: events arrive only in {@code messaging}'s
 * {@link Handling}, which asks the domain by one call per event ({@code apply} for a merge, {@code secure} for a
 * seeding); the domain gives its facts to its {@code Publisher} port, and only {@link ProvisionerEvents} builds the
 * Avro events from them. Each scheduled job is void (so on a worker thread) and skips by its own flag, not Quarkus's
 * {@code SKIP}, which a method that only starts its work would never trigger. That the domain knows no framework, Avro, Kafka or Jackson type is
 * {@code DomainPurityTest}'s (test-support's {@code DomainPurity}, with what still breaks it frozen).
 */
class HandlerShapeTest {

    private static final JavaClasses PROVISIONER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("uk.gov.gds.awsam.provisioner");

    @Test
    void eventsAreReceivedOnlyInMessagingsHandling() {
        methods().that().areAnnotatedWith(Incoming.class)
                .should().beDeclaredIn(Handling.class)
                .check(PROVISIONER);
    }

    @Test
    void messagingAsksTheDomainByOneCallPerEvent() {
        Set<String> called = PROVISIONER.stream().filter(type -> type.getPackageName().endsWith(".messaging"))
                .flatMap(type -> type.getMethodCallsFromSelf().stream())
                .filter(call -> call.getTargetOwner().isEquivalentTo(Provisioning.class))
                .map(JavaMethodCall::getName).collect(Collectors.toSet());
        assertThat(called).containsExactlyInAnyOrder("apply", "secure");
    }

    @Test
    void onlyTheOnePublisherBuildsAvroEvents() {
        Set<String> builders = PROVISIONER.stream()
                .flatMap(type -> type.getMethodCallsFromSelf().stream())
                .filter(call -> call.getName().equals("newBuilder") && call.getTargetOwner().isAssignableTo(SpecificRecord.class))
                .map(call -> call.getOriginOwner().getSimpleName()).collect(Collectors.toSet());
        assertThat(builders).containsExactly(ProvisionerEvents.class.getSimpleName());
    }

    @Test
    void scheduledJobsAreVoidAndSkipByTheirOwnFlagNotQuarkuss() {
        assertThat(ScheduledJobs.in("uk.gov.gds.awsam.provisioner")).extracting(Job::method, Job::isVoid, Job::quarkusSkip)
                .containsExactly(tuple("BootstrapRoleChecks.checkDue", true, false), tuple("ClosureQueueJob.resumeDue", true, false));
    }
}
