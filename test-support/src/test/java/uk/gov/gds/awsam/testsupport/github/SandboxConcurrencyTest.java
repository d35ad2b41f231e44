package uk.gov.gds.awsam.testsupport.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.github.SandboxState.Pull;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * The sandbox answers many callers at once (pr-service's writers, its webhook handling, a reviewer merging), as
 * GitHub does: what one call reads is never broken by another's write. A repository's JSON counts its open pull
 * requests; read outside the sandbox's lock while pr-service opened more, it once threw a
 * ConcurrentModificationException, answered a reviewer's merge 500 and never sent the merge's webhook, so the
 * request waited five minutes for pr-service's reconciler (one in some load runs).
 */
class SandboxConcurrencyTest {

    @Test
    void aRepositorysJsonIsReadWhileAnotherCallerOpensPullRequests() throws Exception {
        SandboxState state = new SandboxState(Clock.systemUTC());
        GitHubJson json = new GitHubJson("http://127.0.0.1:1");
        SandboxRules rules = SandboxRules.strict();
        SandboxAdmin admin = new SandboxAdmin(state, json, rules);
        GitHubApi api = new GitHubApi(state, json, admin, rules);
        admin.attach(api);
        Repo repo = state.createRepository("gds/busy", "main");
        state.createRef(repo, "refs/heads/feature", state.branchSha(repo, "main"));
        state.commitFiles(repo, "feature", Map.of("a.txt", "a\n"), "a change", "alice");

        AtomicBoolean opening = new AtomicBoolean(true);
        CompletableFuture<Void> opener = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 5_000; i++) {
                    Pull pull = state.createPull(repo, "change " + i, "feature", "main", "", "alice");
                    state.close(repo, pull.number, "alice");
                }
            } finally {
                opening.set(false);
            }
        });
        int reads = 0;
        while (opening.get()) {
            assertThat(api.repository(repo).path("full_name").asText()).isEqualTo("gds/busy");
            reads++;
        }
        opener.get();
        assertThat(reads).as("reads while pull requests were opened").isGreaterThan(100);
        assertThat(api.repository(repo).path("open_issues_count").asInt()).isZero();
    }
}
