package uk.gov.gds.awsam.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.TEAM;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.about;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import uk.gov.gds.awsam.notifier.support.NotifierKeysTestResource;
import uk.gov.gds.awsam.notifier.support.SentJournalTestResource;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.mail.GreenMailApi;
import uk.gov.gds.awsam.testsupport.mail.GreenMailStandalone;
import uk.gov.gds.awsam.testsupport.mail.ReceivedMail;

/**
 * The notifier against GreenMail standalone run as its own process, as the local run and the end-to-end
 * suite run it, with what arrived read back through GreenMail's REST API.
 */
@QuarkusTest
@TestProfile(GreenMailStandaloneTest.Standalone.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(NotifierKeysTestResource.class)
@WithTestResource(SentJournalTestResource.class)
class GreenMailStandaloneTest {

    @InjectTestEvents
    TestEvents events;

    @InjectGreenMailApi
    GreenMailApi api;

    @Test
    void emailsReachGreenMailStandaloneAndReadBackThroughItsApi() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(requestId).build());

        List<ReceivedMail> received = api.await(about(requestId), 2);
        assertThat(received).extracting(ReceivedMail::deliveredTo).containsExactlyInAnyOrder(TEAM, SampleEvents.REQUESTER);
        ReceivedMail team = api.awaitOne(about(requestId, TEAM));
        assertThat(team.subject()).isEqualTo("New AWS account request: sample-service-staging (P2, PII)");
        assertThat(team.messageId()).endsWith("@notifier.aws-account-management.digital.cabinet-office.gov.uk>");
        assertThat(team.text()).contains("Customer database");
        assertThat(team.html()).contains("<td>Customer database</td>");

        api.purge();
        assertThat(api.received()).isEmpty();
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface InjectGreenMailApi {
    }

    public static class Standalone implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GreenMailProcess.class));
        }
    }

    /** GreenMail standalone as a process, from the jar the build copied (see pom.xml). */
    public static class GreenMailProcess implements QuarkusTestResourceLifecycleManager {

        private GreenMailStandalone greenMail;

        @Override
        public Map<String, String> start() {
            greenMail = GreenMailStandalone.start(Path.of(System.getProperty("greenmail.standalone.jar",
                    "target/greenmail/greenmail-standalone.jar")));
            return Map.of(
                    "quarkus.mailer.host", greenMail.host(),
                    "quarkus.mailer.port", String.valueOf(greenMail.smtpPort()),
                    "quarkus.mailer.start-tls", "DISABLED");
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(greenMail.api(),
                    new TestInjector.AnnotatedAndMatchesType(InjectGreenMailApi.class, GreenMailApi.class));
        }

        @Override
        public void stop() {
            if (greenMail != null) {
                greenMail.close();
            }
        }
    }
}
