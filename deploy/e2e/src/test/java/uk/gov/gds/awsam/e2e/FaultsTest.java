package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.testsupport.SampleRequests;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.mail.GreenMailApi;
import uk.gov.gds.awsam.testsupport.mail.ReceivedMail;

/**
 * The fault suite: 106 requests of every kind (6 of them account closures) in flight while each service is
 * killed with kill -9 at random points, twice, and started again, and the broker is restarted once; undecodable
 * records are poisoned into three topics on the way. Reviewers merge on GitHub and the engineer's steps are taken
 * as the YubiKey agent takes them (its records, published to the broker), whatever is down at the time.
 * Afterwards every accepted request is at its terminal stage, with exactly one pull request, one account, one IAM
 * user and one closure per request, no email sent twice, and nothing in a dead-letter topic but the poison.
 */
class FaultsTest {

    static final Duration SETTLE = Duration.ofMinutes(6);
    static final List<String> SERVICES = List.of("request-service", "terraform-generator", "pr-service", "provisioner", "notifier");
    static final List<String> POISONED_TOPICS = List.of(EventType.REQUEST_SUBMITTED.topic(),
            EventType.TERRAFORM_GENERATED.topic(), EventType.PR_MERGED.topic());
    static final String ENGINEER = "engineer@" + RequestService.DOMAIN;

    enum Kind { USER_ACCESS, USER_REMOVAL, NEW_ACCOUNT, ACCOUNT_CLOSURE }

    /** A request the test made, with what it names. */
    record Made(Kind kind, String subject, String admin, String idempotencyKey) {
    }

    private final Random random = new Random();
    private final Map<String, Made> accepted = new ConcurrentHashMap<>();
    private final AtomicReference<String> failed = new AtomicReference<>();
    private final List<String> chaos = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> merged = ConcurrentHashMap.newKeySet();
    private final Map<String, RootMfaRequested> requested = new ConcurrentHashMap<>();
    private final Set<String> seeded = ConcurrentHashMap.newKeySet();
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();

    @Test
    void everyAcceptedRequestEndsOnceWhileServicesAreKilledAndTheBrokerRestarts() throws Exception {
        try (LocalSystem system = LocalSystem.up("faults", true, Map.of("PR_RECONCILE_EVERY", "20s"));
                Moto aws = new Moto(system.url("MOTO_PORT"));
                TestEvents events = new TestEvents(system.bootstrapServers(), system.registryUrl())) {
            RequestService requests = new RequestService(system);
            Sandbox github = new Sandbox(system.url("GITHUB_PORT"));
            GreenMailApi mail = new GreenMailApi(java.net.URI.create(system.url("GREENMAIL_API_PORT")));
            List<Made> toMake = plan(aws);
            Set<String> poison = ConcurrentHashMap.newKeySet();

            ScheduledExecutorService people = Executors.newScheduledThreadPool(6);
            try {
                people.scheduleWithFixedDelay(() -> review(github), 1, 1, TimeUnit.SECONDS);
                people.scheduleWithFixedDelay(() -> seedAndReturnKeys(events, aws), 1, 1, TimeUnit.SECONDS);
                for (int i = 0; i < toMake.size(); i++) {
                    Made made = toMake.get(i);
                    people.schedule(() -> submit(requests, made), 100L * i, TimeUnit.MILLISECONDS);
                }
                CompletableFuture<Void> chaosDone = new CompletableFuture<>();
                people.schedule(() -> wreak(system, events, poison, chaosActions(), people, chaosDone), 2, TimeUnit.SECONDS);

                Awaitility.await().atMost(Duration.ofMinutes(10)).until(() -> accepted.size() == toMake.size() || failed.get() != null);
                assertThat(failed.get()).as("a request that could not be submitted").isNull();
                chaosDone.get(15, TimeUnit.MINUTES);
                chaos.forEach(action -> System.out.println("fault suite: " + action));
                Map<String, String> stages = awaitTerminalStages(requests);
                assertThat(stages).as("every accepted request at its terminal stage (chaos: %s)", chaos)
                        .allSatisfy((id, stage) -> assertThat(stage).isEqualTo(terminal(accepted.get(id).kind())));
            } finally {
                people.shutdownNow();
            }

            // dead letters first: a record a handler gave up on names its error, which explains most missing effects
            deadLettersAreOnlyThePoison(events, poison);
            // the import pull request follows AccountCreated and is not a stage of the request: a pr-service back
            // from a kill -9 reads AccountCreated again only once the group has timed out its dead predecessor
            // (session.timeout.ms, 45 s), so COMPLETE may come first. Wait for it, a while; one each, never two
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> onePullRequestPerRequest(github));
            oneAccountAndOneUserPerRequest(aws, events);
            assertThat(aws.strictInterventions()).as("the strict AWS layer answered as AWS does (not bare moto)")
                    .containsKeys("create-account-seconds", "new-role-seconds", "fresh-credentials-seconds");
            noEmailTwice(mail);
        }
    }

    // ------------------------------------------------------------------ the people and the chaos

    /**
     * 50 people to add, 20 to remove (already in gds-users), 30 accounts (their admin already in gds-users), 6
     * accounts made by hand to close (within the organisation's closure quota of 10).
     */
    private List<Made> plan(Moto aws) {
        List<Made> plan = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            plan.add(new Made(Kind.USER_ACCESS, email("joiner"), null, UUID.randomUUID().toString()));
        }
        for (int i = 0; i < 20; i++) {
            String leaver = email("leaver");
            aws.gdsUsers().createUser(b -> b.userName(leaver));
            plan.add(new Made(Kind.USER_REMOVAL, leaver, null, UUID.randomUUID().toString()));
        }
        for (int i = 0; i < 30; i++) {
            String admin = email("admin");
            aws.gdsUsers().createUser(b -> b.userName(admin));
            plan.add(new Made(Kind.NEW_ACCOUNT, "faults-" + RequestService.letters(10), admin, UUID.randomUUID().toString()));
        }
        for (int i = 0; i < 6; i++) {
            plan.add(new Made(Kind.ACCOUNT_CLOSURE, aws.accountMadeByHand("legacy-" + RequestService.letters(10)), null,
                    UUID.randomUUID().toString()));
        }
        Collections.shuffle(plan, random);
        return plan;
    }

    /**
     * Submits a request until it is accepted (202, or 200 for a repeat of its key): request-service may be
     * down or not ready, or the broker away, at any moment. The test schedules ten a second.
     */
    private void submit(RequestService requests, Made made) {
        String requester = requester(made.kind());
        Object body = switch (made.kind()) {
            case USER_ACCESS, USER_REMOVAL -> Map.of("userEmails", List.of(made.subject()));
            case NEW_ACCOUNT -> SampleRequests.account(made.subject(), List.of(made.admin()));
            case ACCOUNT_CLOSURE -> Map.of("account", made.subject(), "reason", "No longer needed");
        };
        String path = switch (made.kind()) {
            case USER_ACCESS -> "/api/v1/user-requests";
            case USER_REMOVAL -> "/api/v1/user-removals";
            case NEW_ACCOUNT -> "/api/v1/account-requests";
            case ACCOUNT_CLOSURE -> "/api/v1/account-closures";
        };
        try {
            String id = Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        Http.Response response = requests.submit(path, requester, body, made.idempotencyKey());
                        return response.status() == 202 || response.status() == 200 ? response.json().path("requestId").asText() : null;
                    }, found -> found != null);
            accepted.put(id, made);
        } catch (RuntimeException | AssertionError never) {
            failed.compareAndSet(null, made + ": " + never);
        }
    }

    /** A reviewer who merges every request's pull request as soon as it is open (not the import ones). */
    private void review(Sandbox github) {
        for (String repository : List.of(Sandbox.USERS, Sandbox.BILLING)) {
            try {
                for (JsonNode pr : github.pullRequests(repository)) {
                    String ref = pr.path("head").path("ref").asText();
                    String key = repository + "#" + pr.path("number").asInt();
                    if ("open".equals(pr.path("state").asText()) && !ref.startsWith("aws-accounts/import/")
                            && accepted.containsKey(ref.substring(ref.lastIndexOf('/') + 1)) && merged.add(key)) {
                        github.merge(repository, pr.path("number").asInt());
                    }
                }
            } catch (RuntimeException | AssertionError whileSomethingIsDown) {
                // the sandbox answers; a webhook to a pr-service that is down is picked up by its reconciler
            }
        }
    }

    /**
     * The engineer's steps, as the YubiKey agent records them: RootMfaSeeded once root MFA was requested,
     * YubikeysReturned once root is secured, RootMfaRemoved once an account is closed; with the agent's derived
     * event ids.
     */
    private void seedAndReturnKeys(TestEvents events, Moto aws) {
        try {
            for (ConsumerRecord<String, RootMfaRequested> record : events.readAll(RootMfaRequested.class,
                    r -> accepted.containsKey(r.key()))) {
                RootMfaRequested rootMfa = record.value();
                requested.putIfAbsent(rootMfa.getRequestId(), rootMfa);
                if (!seeded.contains(rootMfa.getRequestId())) {
                    aws.enableRootMfa(rootMfa.getAccountId());   // the engineer's console step
                    events.publish(RootMfaSeeded.newBuilder()
                            .setEventId(Envelope.derivedEventId(rootMfa.getEventId(), EventType.ROOT_MFA_SEEDED))
                            .setRequestId(rootMfa.getRequestId()).setOccurredAt(Instant.now())
                            .setCausationId(rootMfa.getEventId()).setAccountId(rootMfa.getAccountId())
                            .setCredentialName(rootMfa.getCredentialName()).setYubikeySerials(EngineerAgent.SERIALS)
                            .setEngineer(ENGINEER).setRootSignInTested(true).build(), "yubikey-agent");
                    seeded.add(rootMfa.getRequestId());
                }
            }
            for (ConsumerRecord<String, RootSecured> record : events.readAll(RootSecured.class,
                    r -> accepted.containsKey(r.key()))) {
                RootSecured secured = record.value();
                RootMfaRequested rootMfa = requested.get(secured.getRequestId());
                if (rootMfa != null && !returned.contains(secured.getRequestId())) {
                    events.publish(YubikeysReturned.newBuilder()
                            .setEventId(Envelope.derivedEventId(rootMfa.getEventId(), EventType.YUBIKEYS_RETURNED))
                            .setRequestId(secured.getRequestId()).setOccurredAt(Instant.now())
                            .setCausationId(secured.getEventId()).setAccountId(secured.getAccountId())
                            .setYubikeySerials(EngineerAgent.SERIALS).setEngineer(ENGINEER).build(), "yubikey-agent");
                    returned.add(secured.getRequestId());
                }
            }
            for (ConsumerRecord<String, AccountClosed> record : events.readAll(AccountClosed.class,
                    r -> accepted.containsKey(r.key()))) {
                AccountClosed closed = record.value();
                if (removed.add(closed.getRequestId())) {
                    events.publish(RootMfaRemoved.newBuilder()
                            .setEventId(Envelope.derivedEventId(closed.getEventId(), EventType.ROOT_MFA_REMOVED))
                            .setRequestId(closed.getRequestId()).setOccurredAt(Instant.now())
                            .setCausationId(closed.getEventId()).setAccountId(closed.getAccountId())
                            .setCredentialName(closed.getCredentialName()).setYubikeySerials(EngineerAgent.SERIALS)
                            .setEngineer(ENGINEER).build(), "yubikey-agent");
                }
            }
        } catch (RuntimeException brokerAway) {
            // the broker is being restarted: the agent would say so and the engineer would try again
        }
    }

    /** Each service killed twice and the broker restarted once, in a random order. */
    private List<String> chaosActions() {
        List<String> actions = new ArrayList<>();
        for (String service : SERVICES) {
            actions.add(service);
            actions.add(service);
        }
        Collections.shuffle(actions, random);
        actions.add(3 + random.nextInt(5), "kafka");
        return actions;
    }

    /**
     * Takes the first action (kill -9 a service and start it again, or restart the broker), poisons a topic
     * with an undecodable record every fourth time, then schedules the rest a few random seconds later.
     */
    private void wreak(LocalSystem system, TestEvents events, Set<String> poison, List<String> actions,
            ScheduledExecutorService scheduler, CompletableFuture<Void> done) {
        try {
            String part = actions.get(0);
            if (poison.size() < POISONED_TOPICS.size() && actions.size() % 4 == 1) {
                String key = "poison-" + UUID.randomUUID();
                try {
                    events.publishRaw(POISONED_TOPICS.get(poison.size()), key, "not an event".getBytes(StandardCharsets.UTF_8));
                    poison.add(key);
                } catch (RuntimeException brokerAway) {
                    // not poisoned after all
                }
            }
            if (part.equals("kafka")) {
                chaos.add("restart kafka at " + Instant.now());
                system.restart("kafka");
            } else {
                chaos.add("kill -9 " + part + " at " + Instant.now());
                system.kill9(part);
                system.restart(part);
            }
            List<String> rest = actions.subList(1, actions.size());
            if (rest.isEmpty()) {
                done.complete(null);
            } else {
                scheduler.schedule(() -> wreak(system, events, poison, new ArrayList<>(rest), scheduler, done),
                        2000 + random.nextInt(4000), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException | AssertionError failure) {
            done.completeExceptionally(failure);
        }
    }

    // ------------------------------------------------------------------ what must be true afterwards

    private Map<String, String> awaitTerminalStages(RequestService requests) {
        return Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
            Map<String, String> stages = new HashMap<>();
            for (Map.Entry<String, Made> request : accepted.entrySet()) {
                String reader = requester(request.getValue().kind());
                stages.put(request.getKey(), requests.status(request.getKey(), reader).path("stage").asText());
            }
            return stages;
        }, stages -> stages.entrySet().stream().allMatch(e -> e.getValue().equals(terminal(accepted.get(e.getKey()).kind()))));
    }

    private void onePullRequestPerRequest(Sandbox github) {
        Map<String, Integer> requestPrs = new HashMap<>();
        Map<String, Integer> importPrs = new HashMap<>();
        for (String repository : List.of(Sandbox.USERS, Sandbox.BILLING)) {
            for (JsonNode pr : github.pullRequests(repository)) {
                String ref = pr.path("head").path("ref").asText();
                String requestId = ref.substring(ref.lastIndexOf('/') + 1);
                (ref.startsWith("aws-accounts/import/") ? importPrs : requestPrs).merge(requestId, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Made> request : accepted.entrySet()) {
            assertThat(requestPrs.get(request.getKey())).as("pull requests of " + request).isEqualTo(1);
            assertThat(importPrs.getOrDefault(request.getKey(), 0)).as("import pull requests of " + request)
                    .isEqualTo(request.getValue().kind() == Kind.NEW_ACCOUNT ? 1 : 0);
        }
    }

    private void oneAccountAndOneUserPerRequest(Moto aws, TestEvents events) {
        for (Map.Entry<String, Made> request : accepted.entrySet()) {
            Made made = request.getValue();
            switch (made.kind()) {
                case NEW_ACCOUNT -> {
                    assertThat(aws.accountsNamed(made.subject())).as("accounts named " + made.subject()).hasSize(1);
                    assertThat(distinctEvents(events, uk.gov.gds.awsam.events.AccountCreated.class, request.getKey())).isEqualTo(1);
                }
                case USER_ACCESS -> {
                    assertThat(aws.user(made.subject())).as("IAM user " + made.subject()).isPresent();
                    assertThat(distinctEvents(events, uk.gov.gds.awsam.events.UserCreated.class, request.getKey())).isEqualTo(1);
                }
                case USER_REMOVAL -> {
                    assertThat(aws.user(made.subject())).as("IAM user " + made.subject()).isEmpty();
                    assertThat(distinctEvents(events, uk.gov.gds.awsam.events.UserRemoved.class, request.getKey())).isEqualTo(1);
                }
                case ACCOUNT_CLOSURE -> {
                    assertThat(aws.account(made.subject()).statusAsString()).as("account " + made.subject()).isEqualTo("SUSPENDED");
                    assertThat(distinctEvents(events, uk.gov.gds.awsam.events.AccountClosing.class, request.getKey())).isEqualTo(1);
                    assertThat(distinctEvents(events, AccountClosed.class, request.getKey())).isEqualTo(1);
                }
            }
        }
    }

    /** Events may be published again after a crash (at-least-once), always with the same id: count ids. */
    private static long distinctEvents(TestEvents events, Class<? extends SpecificRecord> type, String requestId) {
        return events.readAll(type, TestEvents.forRequest(requestId)).stream()
                .map(record -> Envelope.of(record.value()).eventId()).distinct().count();
    }

    /**
     * Each (recipient, Message-ID) delivered once. A failure names each copy's Date and Received headers beside the
     * chaos, so that a copy sent by a notifier killed just after (the sent journal's window, README "Known limits")
     * can be told from one sent twice by a live notifier.
     */
    private void noEmailTwice(GreenMailApi mail) {
        Map<String, List<String>> copies = new HashMap<>();
        for (ReceivedMail received : mail.received()) {
            copies.computeIfAbsent(received.deliveredTo() + " " + received.messageId(), email -> new ArrayList<>())
                    .add("Date " + received.header("Date") + ", Received " + received.header("Received"));
        }
        assertThat(copies).as("emails delivered more than once (recipient and Message-ID; chaos: %s)", chaos)
                .allSatisfy((email, sent) -> assertThat(sent).as(email).hasSize(1));
        assertThat(copies).as("some emails were sent").isNotEmpty();
    }

    private void deadLettersAreOnlyThePoison(TestEvents events, Set<String> poison) {
        assertThat(poison).as("poisoned records").isNotEmpty();
        // a poisoned record published after a topic's last event reaches its consumer only once that consumer is
        // back from its last kill -9, which may be after every request has ended: wait for it, a while
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> deadLettered = new HashSet<>();
            for (EventType type : EventType.values()) {
                for (ConsumerRecord<String, byte[]> dead : events.readAllDeadLetters(type)) {
                    assertThat(poison).as("dead letter on " + type.deadLetterTopic() + " keyed " + dead.key()
                            + ": " + header(dead, "dead-letter-reason")).contains(dead.key());
                    deadLettered.add(dead.key());
                }
            }
            assertThat(deadLettered).as("every poisoned record was dead-lettered by a consumer that went on")
                    .containsExactlyInAnyOrderElementsOf(poison);
        });
    }

    // ------------------------------------------------------------------ small things

    private static String terminal(Kind kind) {
        return switch (kind) {
            case USER_ACCESS -> "USER_CREATED";
            case USER_REMOVAL -> "USER_REMOVED";
            case NEW_ACCOUNT, ACCOUNT_CLOSURE -> "COMPLETE";
        };
    }

    /** Who asks: only engineers may close an account the system did not make. */
    private static String requester(Kind kind) {
        return kind == Kind.ACCOUNT_CLOSURE ? ENGINEER : "requester@" + RequestService.DOMAIN;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String email(String who) {
        return RequestService.uniqueEmail(who);
    }

}
