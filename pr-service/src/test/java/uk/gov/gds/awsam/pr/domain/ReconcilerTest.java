package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.pr.domain.Facts.Closed;
import uk.gov.gds.awsam.pr.domain.Facts.Fact;

/**
 * What a reconciler pass asks GitHub, which spends the hourly budget the pull requests themselves need: the first
 * pass reads every open pull request; after a finished one, a listing per repository of those closed since it began
 * (less {@link Reconciler#OVERLAP}) and a read of only those and of those whose read failed; a pass whose listing
 * failed or that a rate limit ended is not finished, so the next lists from where the last finished one began (or,
 * with none finished yet, reads every open one again). Nothing closed is missed either way.
 */
class ReconcilerTest {

    static final String BILLING = "gds/aws-billing-account";
    static final String USERS = "gds/aws-users";
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    final FakeGitHub github = new FakeGitHub();
    final RequestLedger ledger = new RequestLedger();
    final List<Fact> published = new ArrayList<>();
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    Reconciler reconciler;

    @BeforeEach
    void setUp() {
        Publisher publisher = new Publisher() {
            @Override
            public CompletionStage<Void> publish(Fact fact) {
                published.add(fact);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> deliveryProcessed(String deliveryId, String summary) {
                throw new AssertionError("the reconciler remembers no delivery");
            }
        };
        GitHubPolicy policy = new GitHubPolicy(new GitHubPolicy.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30)),
                new GitHubBudget(GitHubBudget.Limits.github()), clock, 1);
        reconciler = new Reconciler(github, policy, ledger, new Concluding(github, policy, ledger, publisher, clock, Duration.ofSeconds(1)),
                clock);
        track("r-1", BILLING, 1);
        track("r-2", BILLING, 2);
        track("r-3", USERS, 7);
        ledger.markLoaded();
    }

    @Test
    void afterAFinishedPassOnlyWhatGitHubListsAsClosedIsRead() {
        Reconciler.Report first = reconciler.reconcile();
        assertThat(first.failures()).isEmpty();
        assertThat(github.calls).containsExactlyInAnyOrder("GET " + BILLING + "#1", "GET " + BILLING + "#2", "GET " + USERS + "#7");

        github.calls.clear();
        github.close(BILLING, 2);
        Reconciler.Report second = reconciler.reconcile();

        assertThat(second.checked()).isEqualTo(1);
        assertThat(second.concluded()).isEqualTo(1);
        assertThat(github.calls).containsExactlyInAnyOrder("LIST closed " + BILLING + " since " + T0.minus(Reconciler.OVERLAP),
                "LIST closed " + USERS + " since " + T0.minus(Reconciler.OVERLAP), "GET " + BILLING + "#2", "CLOSED-BY " + BILLING + "#2");
        assertThat(published).singleElement().isInstanceOfSatisfying(Closed.class, closed -> {
            assertThat(closed.requestId()).isEqualTo("r-2");
            assertThat(closed.closedBy()).isEqualTo("reviewer");
        });

        github.calls.clear();
        reconciler.reconcile();
        assertThat(github.calls).as("a concluded request is no longer open: only the listings")
                .containsExactlyInAnyOrder("LIST closed " + BILLING + " since " + T0.minus(Reconciler.OVERLAP),
                        "LIST closed " + USERS + " since " + T0.minus(Reconciler.OVERLAP));
    }

    @Test
    void aPassWhoseListingFailedReadsNothingAndTheNextListsFromTheLastFinishedPass() {
        reconciler.reconcile();
        github.calls.clear();
        github.close(USERS, 7);
        github.listingFails = true;

        Reconciler.Report failed = reconciler.reconcile();

        assertThat(failed.failures()).singleElement().asString().contains("listing closed pull requests");
        assertThat(failed.checked()).isZero();
        assertThat(published).isEmpty();

        github.calls.clear();
        github.listingFails = false;
        Reconciler.Report next = reconciler.reconcile();
        assertThat(next.failures()).isEmpty();
        assertThat(github.calls).as("from where the last finished pass began, so the close during the failed one is found")
                .containsExactlyInAnyOrder("LIST closed " + BILLING + " since " + T0.minus(Reconciler.OVERLAP),
                        "LIST closed " + USERS + " since " + T0.minus(Reconciler.OVERLAP), "GET " + USERS + "#7", "CLOSED-BY " + USERS + "#7");
        assertThat(published).singleElement().isInstanceOfSatisfying(Closed.class, closed -> assertThat(closed.requestId()).isEqualTo("r-3"));
    }

    @Test
    void aPullRequestWhoseReadFailsIsReadAgainAloneAndHoldsNoPassToReadingThemAll() {
        github.readFails.put(BILLING + "#2", true);
        assertThat(reconciler.reconcile().failures()).singleElement().asString().startsWith("r-2: ");

        github.calls.clear();
        Reconciler.Report stillFailing = reconciler.reconcile();
        assertThat(stillFailing.failures()).singleElement().asString().startsWith("r-2: ");
        assertThat(github.calls).as("the listings, and the one read that failed, not every open pull request")
                .containsExactlyInAnyOrder("LIST closed " + BILLING + " since " + T0.minus(Reconciler.OVERLAP),
                        "LIST closed " + USERS + " since " + T0.minus(Reconciler.OVERLAP), "GET " + BILLING + "#2");

        github.calls.clear();
        github.readFails.clear();
        github.close(BILLING, 2);
        Reconciler.Report recovered = reconciler.reconcile();
        assertThat(recovered.failures()).isEmpty();
        assertThat(recovered.concluded()).isEqualTo(1);
        assertThat(published).singleElement().isInstanceOfSatisfying(Closed.class, closed -> assertThat(closed.requestId()).isEqualTo("r-2"));

        github.calls.clear();
        reconciler.reconcile();
        assertThat(github.calls).as("read once it answered: only the listings").containsExactlyInAnyOrder(
                "LIST closed " + BILLING + " since " + T0.minus(Reconciler.OVERLAP), "LIST closed " + USERS + " since " + T0.minus(Reconciler.OVERLAP));
    }

    @Test
    void aFirstPassEndedByARateLimitLeavesTheNextToReadEveryOne() {
        github.rateLimited.put(BILLING + "#2", true);
        Reconciler.Report limited = reconciler.reconcile();
        assertThat(limited.failures()).singleElement().asString().startsWith("r-2: ");

        github.calls.clear();
        github.rateLimited.clear();
        reconciler.reconcile();
        assertThat(github.calls).containsExactlyInAnyOrder("GET " + BILLING + "#1", "GET " + BILLING + "#2", "GET " + USERS + "#7");
    }

    private void track(String requestId, String repository, int number) {
        ledger.generated(new ChangeRequest("generated-" + requestId, requestId, Journey.USER_ACCESS, List.of("someone@example.gov.uk"),
                repository, "main", "aws-accounts/user-access/" + requestId, "message", "title", "body",
                List.of(new FileContent("terraform/users.tf.json", "{}"))));
        ledger.opened(requestId, number, "opened-" + requestId);
        github.open.put(repository + "#" + number, true);
    }

    /** GitHub as the reconciler asks it: each call recorded; pull requests open until the test closes them. */
    static final class FakeGitHub extends UnusedGitHub {
        final List<String> calls = new ArrayList<>();
        final Map<String, Boolean> open = new ConcurrentHashMap<>();
        final Map<String, Boolean> readFails = new ConcurrentHashMap<>();
        final Map<String, Boolean> rateLimited = new ConcurrentHashMap<>();
        boolean listingFails;

        void close(String repository, int number) {
            open.put(repository + "#" + number, false);
        }

        @Override
        public PullRequestState pullRequest(String repository, int number) {
            calls.add("GET " + repository + "#" + number);
            if (readFails.containsKey(repository + "#" + number)) {
                throw new GitHubFailure(GitHubFailure.Kind.INVALID, "404 Not Found", null);
            }
            if (rateLimited.containsKey(repository + "#" + number)) {
                throw GitHubFailure.rateLimited(GitHubFailure.Limit.PRIMARY, T0.plusSeconds(600), "403 API rate limit exceeded");
            }
            boolean isOpen = open.get(repository + "#" + number);
            return new PullRequestState(repository, number, "https://github.com/" + repository + "/pull/" + number, "branch", "sha", "main",
                    isOpen, false, null, null, null, isOpen ? null : T0, T0);
        }

        @Override
        public List<Integer> closedSince(String repository, Instant since) {
            calls.add("LIST closed " + repository + " since " + since);
            if (listingFails) {
                throw new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, "502 Bad Gateway", null);
            }
            List<Integer> closed = new ArrayList<>();
            open.forEach((key, isOpen) -> {
                if (!isOpen && key.startsWith(repository + "#")) {
                    closed.add(Integer.parseInt(key.substring(key.indexOf('#') + 1)));
                }
            });
            return closed;
        }

        @Override
        public String closedBy(String repository, int number) {
            calls.add("CLOSED-BY " + repository + "#" + number);
            return "reviewer";
        }
    }
}
