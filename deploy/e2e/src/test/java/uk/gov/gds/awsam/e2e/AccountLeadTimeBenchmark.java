package uk.gov.gds.awsam.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.testsupport.SampleRequests;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * How long an account takes from the reviewer's merge to COMPLETE on the local run with AWS's own delays (the
 * strict AWS layer's production-like profile: CreateAccount 90 s, new roles 10 s, fresh credentials 5 s, new
 * principals 15 s, root-MFA lag 30 s) and the provisioner's production settings (polls from 5 s up to 60 s),
 * the engineer's steps taken the moment they are asked for (their own time is not the system's). Not a test: run
 *
 *   ./mvnw -pl deploy/e2e -am verify -DskipFoundationTests -Dtest=AccountLeadTimeBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *
 * Writes deploy/e2e/target/account-lead-time.md (and closure-lead-time.md: {@link #closureRequestToComplete}).
 */
class AccountLeadTimeBenchmark {

    static final Duration LIMIT = Duration.ofMinutes(15);

    @Test
    void mergeToComplete() throws Exception {
        try (LocalSystem system = LocalSystem.up("lead-time", true, Map.of("STRICT_AWS_PROFILE", "production-like"));
                Moto aws = new Moto(system.url("MOTO_PORT"));
                TestEvents events = new TestEvents(system.bootstrapServers(), system.registryUrl())) {
            RequestService requests = new RequestService(system);
            Sandbox github = new Sandbox(system.url("GITHUB_PORT"));
            String requester = RequestService.uniqueEmail("requester");
            String admin = RequestService.uniqueEmail("admin");
            aws.gdsUsers().createUser(b -> b.userName(admin));
            String name = "lead-" + RequestService.letters(8);
            String request = requests.newAccount(requester, SampleRequests.account(name, List.of(admin)));
            JsonNode pullRequest = github.awaitPullRequest(Sandbox.BILLING, request, Duration.ofMinutes(2));

            Instant merged = Instant.now();
            github.merge(Sandbox.BILLING, pullRequest.path("number").asInt());
            AccountCreated created = one(events, AccountCreated.class, request).value();
            Instant accountCreated = Instant.now();
            RootMfaRequested asked = one(events, RootMfaRequested.class, request).value();
            aws.enableRootMfa(asked.getAccountId());
            events.publish(RootMfaSeeded.newBuilder()
                    .setEventId(Envelope.derivedEventId(asked.getEventId(), EventType.ROOT_MFA_SEEDED)).setRequestId(request)
                    .setOccurredAt(Instant.now()).setCausationId(asked.getEventId()).setAccountId(asked.getAccountId())
                    .setCredentialName(asked.getCredentialName()).setYubikeySerials(EngineerAgent.SERIALS)
                    .setEngineer("engineer@" + RequestService.DOMAIN).setRootSignInTested(true).build(), "yubikey-agent");
            Instant seeded = Instant.now();
            RootSecured secured = one(events, RootSecured.class, request).value();
            Instant rootSecured = Instant.now();
            events.publish(YubikeysReturned.newBuilder()
                    .setEventId(Envelope.derivedEventId(asked.getEventId(), EventType.YUBIKEYS_RETURNED)).setRequestId(request)
                    .setOccurredAt(Instant.now()).setCausationId(secured.getEventId()).setAccountId(secured.getAccountId())
                    .setYubikeySerials(EngineerAgent.SERIALS).setEngineer("engineer@" + RequestService.DOMAIN).build(), "yubikey-agent");
            requests.awaitStage(request, requester, "COMPLETE", LIMIT);
            Instant complete = Instant.now();

            String report = "# Account lead time, local run, strict AWS layer profile production-like\n\n"
                    + "| step | seconds |\n|---|---|\n"
                    + "| merge → AccountCreated (CreateAccount, move, bootstrap readiness, audit role) | " + seconds(merged, accountCreated) + " |\n"
                    + "| RootMfaSeeded → RootSecured (root-MFA lag, trust policy) | " + seconds(seeded, rootSecured) + " |\n"
                    + "| merge → COMPLETE (engineer's steps taken at once) | " + seconds(merged, complete) + " |\n\n"
                    + "strict AWS switches: " + aws.strictConfig() + "\n\naccount " + created.getAccountId() + "\n";
            Path out = LocalSystem.MODULE.resolve("target/account-lead-time.md");
            Files.writeString(out, report);
            System.out.println(report);
        }
    }

    /**
     * How long a closure takes on the same profile (CloseAccount: PENDING_CLOSURE for 240 s, then SUSPENDED), from the
     * request to the pull request, from the merge to AccountClosing (quota, suspended OU, CloseAccount) and to
     * AccountClosed; the engineer's key clean-up taken at once. Writes deploy/e2e/target/closure-lead-time.md.
     */
    @Test
    void closureRequestToComplete() throws Exception {
        try (LocalSystem system = LocalSystem.up("closure-lead-time", true, Map.of("STRICT_AWS_PROFILE", "production-like"));
                Moto aws = new Moto(system.url("MOTO_PORT"));
                TestEvents events = new TestEvents(system.bootstrapServers(), system.registryUrl())) {
            RequestService requests = new RequestService(system);
            Sandbox github = new Sandbox(system.url("GITHUB_PORT"));
            String engineer = EngineerAgent.ENGINEER;
            String accountId = aws.accountMadeByHand("lead-" + RequestService.letters(8));

            Instant asked = Instant.now();
            String request = requests.accountClosure(engineer, accountId, "Lead time of a closure");
            JsonNode pullRequest = github.awaitPullRequest(Sandbox.BILLING, request, Duration.ofMinutes(2));
            Instant opened = Instant.now();
            github.merge(Sandbox.BILLING, pullRequest.path("number").asInt());
            Instant merged = Instant.now();
            one(events, uk.gov.gds.awsam.events.AccountClosing.class, request);
            Instant closing = Instant.now();
            uk.gov.gds.awsam.events.AccountClosed closed = one(events, uk.gov.gds.awsam.events.AccountClosed.class, request).value();
            Instant accountClosed = Instant.now();
            events.publish(uk.gov.gds.awsam.events.RootMfaRemoved.newBuilder()
                    .setEventId(Envelope.derivedEventId(closed.getEventId(), EventType.ROOT_MFA_REMOVED)).setRequestId(request)
                    .setOccurredAt(Instant.now()).setCausationId(closed.getEventId()).setAccountId(accountId)
                    .setCredentialName(closed.getCredentialName()).setYubikeySerials(EngineerAgent.SERIALS)
                    .setEngineer(engineer).build(), "yubikey-agent");
            requests.awaitStage(request, engineer, "COMPLETE", LIMIT);
            Instant complete = Instant.now();

            String report = "# Closure lead time, local run, strict AWS layer profile production-like\n\n"
                    + "| step | seconds |\n|---|---|\n"
                    + "| request → pull request open (generator, pr-service, GitHub sandbox) | " + seconds(asked, opened) + " |\n"
                    + "| merge → AccountClosing (quota count, suspended OU, CloseAccount) | " + seconds(merged, closing) + " |\n"
                    + "| AccountClosing → AccountClosed (PENDING_CLOSURE → SUSPENDED) | " + seconds(closing, accountClosed) + " |\n"
                    + "| merge → COMPLETE (engineer's key clean-up taken at once) | " + seconds(merged, complete) + " |\n\n"
                    + "strict AWS switches: " + aws.strictConfig() + "\n\naccount " + accountId + "\n";
            Files.writeString(LocalSystem.MODULE.resolve("target/closure-lead-time.md"), report);
            System.out.println(report);
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> ConsumerRecord<String, T> one(TestEvents events, Class<T> type,
            String request) {
        return events.awaitRecords(type, TestEvents.forRequest(request), 1, LIMIT).get(0);
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.1f", Duration.between(from, to).toMillis() / 1000.0);
    }
}
