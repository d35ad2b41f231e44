package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.gov.gds.awsam.testsupport.github.GitHubApi.Answer;
import uk.gov.gds.awsam.testsupport.github.GitHubApi.Call;
import uk.gov.gds.awsam.testsupport.github.GitStore.Commit;
import uk.gov.gds.awsam.testsupport.github.GitStore.Person;
import uk.gov.gds.awsam.testsupport.github.SandboxRulesets.Rule;
import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;
import uk.gov.gds.awsam.testsupport.github.SandboxState.TreeEntry;

/**
 * Branches, references, git data and contents, as GitHub answers them: {@code git/ref/heads/x} is one branch
 * or 404; {@code git/refs/heads/x} is the branch, or, when there is none of that name but branches start with
 * it, an array of them (GitHub's prefix match); {@code git/matching-refs} is always an array; writes to a
 * branch a ruleset restricts are refused with GitHub's 422; the contents API asks for the blob SHA it replaces.
 */
final class GitRoutes {

    private static final String REPO = "/repos/([^/]+)/([^/]+)";
    private static final String DOCS = GitHubApi.DOCS;

    private final SandboxState state;
    private final GitHubJson json;
    private final SandboxRulesets rulesets;

    GitRoutes(SandboxState state, GitHubJson json, SandboxRulesets rulesets) {
        this.state = state;
        this.json = json;
        this.rulesets = rulesets;
    }

    void register(GitHubApi.Routes add) {
        add.add("GET", REPO + "/branches/(.+)", "contents:read", DOCS + "/branches/branches#get-a-branch", this::branch);
        add.add("GET", REPO + "/git/ref/heads/(.+)", "contents:read", DOCS + "/git/refs#get-a-reference", this::getRef);
        add.add("GET", REPO + "/git/refs/heads/(.+)", "contents:read", DOCS + "/git/refs#get-a-reference", this::getRefs);
        add.add("GET", REPO + "/git/matching-refs/heads/(.*)", "contents:read", DOCS + "/git/refs#list-matching-references", this::matching);
        add.add("POST", REPO + "/git/refs", "contents:write", DOCS + "/git/refs#create-a-reference", this::createRef);
        add.add("PATCH", REPO + "/git/refs/heads/(.+)", "contents:write", DOCS + "/git/refs#update-a-reference", this::updateRef);
        add.add("DELETE", REPO + "/git/refs/heads/(.+)", "contents:write", DOCS + "/git/refs#delete-a-reference", c -> {
            Repo repo = repo(c);
            rulesets.check(repo.fullName(), repo.defaultBranch, c.group(3), Rule.DELETION);
            state.deleteRef(repo, c.group(3));
            return new Answer(204, null, Map.of());
        });
        add.add("POST", REPO + "/git/blobs", "contents:write", DOCS + "/git/blobs#create-a-blob", this::createBlob);
        add.add("GET", REPO + "/git/blobs/([0-9a-f]{40})", "contents:read", DOCS + "/git/blobs#get-a-blob", c -> {
            byte[] content;
            synchronized (state) {
                content = state.git.blob(c.group(3)).orElseThrow(() -> new GitHubError(404, "Not Found"));
            }
            return Answer.json(200, json.blob(repo(c), c.group(3), content));
        });
        add.add("POST", REPO + "/git/trees", "contents:write", DOCS + "/git/trees#create-a-tree", this::createTree);
        add.add("GET", REPO + "/git/trees/([0-9a-f]{40})", "contents:read", DOCS + "/git/trees#get-a-tree", c -> Answer.json(200, tree(repo(c),
                c.group(3))));
        add.add("POST", REPO + "/git/commits", "contents:write", DOCS + "/git/commits#create-a-commit", this::createCommit);
        add.add("GET", REPO + "/git/commits/([0-9a-f]{40})", "contents:read", DOCS + "/git/commits#get-a-commit", c -> {
            synchronized (state) {
                return Answer.json(200, json.gitCommit(repo(c), state.git.commit(c.group(3)).orElseThrow(() -> new GitHubError(404, "Not Found"))));
            }
        });
        add.add("GET", REPO + "/commits/([^/]+)", "contents:read", DOCS + "/commits/commits#get-a-commit", this::restCommit);
        add.add("GET", REPO + "/contents/(.+)", "contents:read", DOCS + "/repos/contents#get-repository-content", this::getContent);
        add.add("PUT", REPO + "/contents/(.+)", "contents:write", DOCS + "/repos/contents#create-or-update-file-contents", this::putContent);
        add.add("DELETE", REPO + "/contents/(.+)", "contents:write", DOCS + "/repos/contents#delete-a-file", this::deleteContent);
    }

    private Repo repo(Call c) {
        return state.repo(c.group(1), c.group(2));
    }

    private Answer branch(Call c) {
        Repo repo = repo(c);
        synchronized (state) {
            String sha = repo.branches.get(c.group(3));
            if (sha == null) {
                throw new GitHubError(404, "Branch not found");
            }
            return Answer.json(200, json.branch(repo, c.group(3), state.git.commit(sha).orElseThrow()));
        }
    }

    private Answer getRef(Call c) {
        Repo repo = repo(c);
        String branch = c.group(3);
        return Answer.json(200, json.ref(repo, branch, state.branchSha(repo, branch)));
    }

    /** The legacy plural path: the branch, else every branch whose name starts with it (an array), else 404. */
    private Answer getRefs(Call c) {
        Repo repo = repo(c);
        String branch = c.group(3);
        synchronized (state) {
            if (repo.branches.containsKey(branch)) {
                return Answer.json(200, json.ref(repo, branch, repo.branches.get(branch)));
            }
            List<String> matching = state.branchesStartingWith(repo, branch);
            if (matching.isEmpty()) {
                throw new GitHubError(404, "Not Found");
            }
            ArrayNode list = GitHubJson.JSON.createArrayNode();
            matching.forEach(b -> list.add(json.ref(repo, b, repo.branches.get(b))));
            return Answer.json(200, list);
        }
    }

    private Answer matching(Call c) {
        Repo repo = repo(c);
        synchronized (state) {
            ArrayNode list = GitHubJson.JSON.createArrayNode();
            state.branchesStartingWith(repo, c.group(3)).forEach(b -> list.add(json.ref(repo, b, repo.branches.get(b))));
            return Answer.json(200, list);
        }
    }

    private Answer createRef(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        String ref = required(body, "ref");
        String sha = required(body, "sha");
        rulesets.check(repo.fullName(), repo.defaultBranch, SandboxState.branchOf(ref), Rule.CREATION);
        state.createRef(repo, ref, sha);
        return Answer.json(201, json.ref(repo, SandboxState.branchOf(ref), sha));
    }

    private Answer updateRef(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        rulesets.check(repo.fullName(), repo.defaultBranch, c.group(3), Rule.UPDATE);
        state.updateRef(repo, c.group(3), required(body, "sha"), body.path("force").asBoolean(false));
        return Answer.json(200, json.ref(repo, c.group(3), state.branchSha(repo, c.group(3))));
    }

    private Answer createBlob(Call c) {
        JsonNode body = c.body();
        String content = required(body, "content");
        String encoding = body.path("encoding").asText("utf-8");
        byte[] bytes = encoding.equals("base64") ? Base64.getMimeDecoder().decode(content) : content.getBytes(StandardCharsets.UTF_8);
        String sha;
        synchronized (state) {
            sha = state.git.putBlob(bytes);
        }
        return Answer.json(201, json.blobCreated(repo(c), sha));
    }

    private Answer createTree(Call c) {
        JsonNode body = c.body();
        List<TreeEntry> entries = new ArrayList<>();
        JsonNode tree = body.path("tree");
        if (!tree.isArray()) {
            throw new GitHubError(422, "Invalid request.\n\n\"tree\" wasn't supplied.");
        }
        for (JsonNode entry : tree) {
            String path = required(entry, "path");
            boolean hasSha = entry.has("sha");
            String sha = hasSha && !entry.get("sha").isNull() ? entry.get("sha").asText() : null;
            String content = entry.hasNonNull("content") ? entry.get("content").asText() : null;
            if (!hasSha && content == null) {
                throw new GitHubError(422, "Must supply either tree.sha or tree.content");
            }
            entries.add(new TreeEntry(path, sha, content));
        }
        String baseTree = body.hasNonNull("base_tree") ? body.get("base_tree").asText() : null;
        String sha = state.createTree(baseTree, entries);
        return Answer.json(201, tree(repo(c), sha));
    }

    private ObjectNode tree(Repo repo, String sha) {
        synchronized (state) {
            SortedMap<String, String> files = state.git.tree(sha).orElseThrow(() -> new GitHubError(404, "Not Found"));
            Map<String, Integer> sizes = new HashMap<>();
            files.forEach((path, blob) -> sizes.put(path, state.git.blob(blob).map(b -> b.length).orElse(0)));
            return json.tree(repo, sha, files, sizes);
        }
    }

    private Answer createCommit(Call c) {
        JsonNode body = c.body();
        String message = required(body, "message");
        String tree = required(body, "tree");
        List<String> parents = new ArrayList<>();
        body.path("parents").forEach(p -> parents.add(p.asText()));
        Person author = person(body.path("author"), state.person(SandboxState.BOT_LOGIN, SandboxState.BOT_LOGIN + "@users.noreply.github.com"));
        Person committer = person(body.path("committer"), author);
        Commit commit = state.createCommit(tree, parents, message, author, committer);
        return Answer.json(201, json.gitCommit(repo(c), commit));
    }

    private static Person person(JsonNode node, Person fallback) {
        if (!node.isObject()) {
            return fallback;
        }
        return new Person(node.path("name").asText(fallback.name()), node.path("email").asText(fallback.email()),
                node.hasNonNull("date") ? java.time.Instant.parse(node.get("date").asText()) : fallback.date());
    }

    private Answer restCommit(Call c) {
        Repo repo = repo(c);
        synchronized (state) {
            Commit commit = state.git.commit(state.resolve(repo, c.group(3))).orElseThrow(() -> new GitHubError(404, "Not Found"));
            SortedMap<String, String> after = state.git.files(commit.sha());
            SortedMap<String, String> before = commit.parents().isEmpty() ? new java.util.TreeMap<>() : state.git.files(commit.parents().get(0));
            Map<String, String> changed = new java.util.TreeMap<>();
            before.keySet().stream().filter(path -> !after.containsKey(path)).forEach(path -> changed.put(path, null));
            after.forEach((path, blob) -> {
                if (!blob.equals(before.get(path))) {
                    changed.put(path, new String(state.git.blob(blob).orElseThrow(), StandardCharsets.UTF_8));
                }
            });
            return Answer.json(200, json.restCommit(repo, commit, changed, commit.sha()));
        }
    }

    /**
     * The largest file {@code GET /contents} returns with GitHub's default media type: above it GitHub answers 403
     * {@code too_large} (the Git Data API's blobs go to 100 MB), as its clients have recorded it (octokit, hub4j).
     * GitHub says "1 MB" without saying whose megabyte: the smaller, so that the sandbox is never the kinder.
     */
    static final int CONTENTS_API_MAX_BYTES = 1_000_000;

    private Answer getContent(Call c) {
        Repo repo = repo(c);
        String path = c.group(3);
        String ref = c.query("ref");
        synchronized (state) {
            String sha = state.resolve(repo, ref);
            String blob = state.git.files(sha).get(path);
            if (blob == null) {
                throw new GitHubError(404, "Not Found");
            }
            byte[] content = state.git.blob(blob).orElseThrow();
            if (content.length > CONTENTS_API_MAX_BYTES) {
                throw new GitHubError(403, "This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, "
                        + "but you can use the Git Data API to request blobs up to 100 MB in size.",
                        List.of(Map.of("resource", "Blob", "field", "data", "code", "too_large")));
            }
            return Answer.json(200, json.content(repo, path, blob, content, ref == null ? repo.defaultBranch : ref));
        }
    }

    private Answer putContent(Call c) {
        Repo repo = repo(c);
        String path = c.group(3);
        JsonNode body = c.body();
        String message = required(body, "message");
        byte[] content;
        try {
            content = Base64.getDecoder().decode(required(body, "content"));
        } catch (IllegalArgumentException notBase64) {
            throw new GitHubError(422, "content is not valid Base64");
        }
        String branch = body.hasNonNull("branch") ? body.get("branch").asText() : repo.defaultBranch;
        rulesets.check(repo.fullName(), repo.defaultBranch, branch, Rule.UPDATE);
        SandboxState.Written written = state.putFile(repo, branch, path, content,
                body.hasNonNull("sha") ? body.get("sha").asText() : null, message, SandboxState.BOT_LOGIN);
        return Answer.json(written.created() ? 201 : 200, json.contentWritten(repo, path, written.blobSha(), content, branch,
                written.commit()));
    }

    private Answer deleteContent(Call c) {
        Repo repo = repo(c);
        String path = c.group(3);
        JsonNode body = c.body();
        String message = required(body, "message");
        String branch = body.hasNonNull("branch") ? body.get("branch").asText() : repo.defaultBranch;
        rulesets.check(repo.fullName(), repo.defaultBranch, branch, Rule.UPDATE);
        Commit commit = state.deleteFile(repo, branch, path, body.hasNonNull("sha") ? body.get("sha").asText() : null, message,
                SandboxState.BOT_LOGIN);
        return Answer.json(200, json.contentWritten(repo, path, null, null, branch, commit));
    }

    static String required(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            throw new GitHubError(422, "Invalid request.\n\n\"" + field + "\" wasn't supplied.");
        }
        return body.get(field).asText();
    }
}
