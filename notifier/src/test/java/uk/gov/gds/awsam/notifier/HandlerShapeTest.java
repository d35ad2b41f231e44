package uk.gov.gds.awsam.notifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import uk.gov.gds.awsam.notifier.domain.Notifications;
import uk.gov.gds.awsam.notifier.messaging.EventHandlers;
import uk.gov.gds.awsam.testsupport.ScheduledJobs;
import uk.gov.gds.awsam.testsupport.ScheduledJobs.Job;

/**
 * The one handler shape (issue 19), on the compiled classes: events arrive only in {@code messaging}, every
 * {@code @Incoming} method goes through the one {@code handle} path, messaging asks the domain by one call per event
 * ({@code emailsFor}) or per reminder run ({@code remindersDue}). That the domain knows no framework, Avro, Kafka or
 * Jackson type is {@code DomainPurityTest}'s (test-support's {@code DomainPurity}).
 */
class HandlerShapeTest {

    private static final JavaClasses NOTIFIER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("uk.gov.gds.awsam.notifier");

    @Test
    void eventsAreReceivedOnlyInMessaging() {
        methods().that().areAnnotatedWith(Incoming.class)
                .should().beDeclaredInClassesThat().resideInAPackage("uk.gov.gds.awsam.notifier.messaging..")
                .check(NOTIFIER);
    }

    /**
     * The one rule for scheduled jobs (test-support's {@link ScheduledJobs}): the reminders' job is void, so on a worker
     * thread (returning a CompletionStage or Uni, it would run on the Vert.x event loop and make its beans there), and it
     * only starts the run's sends, so it skips by its own flag ({@code reminding}), not Quarkus's SKIP.
     */
    @Test
    void theRemindersJobIsVoidAndSkipsByItsOwnFlagNotQuarkuss() {
        assertThat(ScheduledJobs.in("uk.gov.gds.awsam.notifier")).extracting(Job::method, Job::isVoid, Job::quarkusSkip)
                .containsExactly(tuple("ReminderJob.remind", true, false));
    }

    @Test
    void everyIncomingMethodOnlyHandsItsEventToTheOneHandlePath() {
        Set<JavaMethod> incoming = NOTIFIER.get(EventHandlers.class).getMethods().stream()
                .filter(method -> method.isAnnotatedWith(Incoming.class)).collect(Collectors.toSet());
        assertThat(incoming).hasSize(13).allSatisfy(method -> assertThat(method.getMethodCallsFromSelf())
                .extracting(call -> call.getTarget().getOwner().getSimpleName() + "." + call.getName())
                .as(method.getFullName()).containsExactly("EventHandlers.handle"));
    }

    @Test
    void messagingAsksTheDomainForEmailsByOneCallPerEventOrReminderRun() {
        Set<String> called = NOTIFIER.stream().filter(type -> type.getPackageName().endsWith(".messaging"))
                .flatMap(type -> type.getMethodCallsFromSelf().stream())
                .filter(call -> call.getTargetOwner().isEquivalentTo(Notifications.class))
                .map(JavaMethodCall::getName).collect(Collectors.toSet());
        assertThat(called).containsExactlyInAnyOrder("emailsFor", "remindersDue");
    }
}
