package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.gov.gds.awsam.testsupport.github.GitStore.Commit;
import uk.gov.gds.awsam.testsupport.github.GitStore.Person;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Pull;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * Renders the sandbox's state in the shape of GitHub's REST responses (REST API version 2022-11-28), field
 * names and nesting as GitHub sends them, so that github-api (and any other client) reads them as it reads
 * GitHub's. URLs point at the sandbox.
 */
final class GitHubJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final String webUrl;

    String apiUrl() {
        return apiUrl;
    }

    GitHubJson(String apiUrl) {
        this.apiUrl = apiUrl;
        this.webUrl = apiUrl;
    }

    ObjectNode user(String login) {
        long id = Math.abs((long) login.hashCode()) + 1;
        ObjectNode user = JSON.createObjectNode()
                .put("login", login)
                .put("id", id)
                .put("node_id", "MDQ6VXNlcj" + id)
                .put("avatar_url", webUrl + "/avatars/" + login)
                .put("gravatar_id", "")
                .put("url", apiUrl + "/users/" + login)
                .put("html_url", webUrl + "/" + login)
                .put("followers_url", apiUrl + "/users/" + login + "/followers")
                .put("following_url", apiUrl + "/users/" + login + "/following{/other_user}")
                .put("gists_url", apiUrl + "/users/" + login + "/gists{/gist_id}")
                .put("starred_url", apiUrl + "/users/" + login + "/starred{/owner}{/repo}")
                .put("subscriptions_url", apiUrl + "/users/" + login + "/subscriptions")
                .put("organizations_url", apiUrl + "/users/" + login + "/orgs")
                .put("repos_url", apiUrl + "/users/" + login + "/repos")
                .put("events_url", apiUrl + "/users/" + login + "/events{/privacy}")
                .put("received_events_url", apiUrl + "/users/" + login + "/received_events")
                .put("type", login.endsWith("[bot]") ? "Bot" : "User")
                .put("user_view_type", "public")
                .put("site_admin", false);
        return user;
    }

    ObjectNode organization(String login) {
        long id = Math.abs((long) login.hashCode()) + 7;
        return JSON.createObjectNode()
                .put("login", login)
                .put("id", id)
                .put("node_id", "MDEyOk9yZ2FuaXphdGlvbj" + id)
                .put("url", apiUrl + "/orgs/" + login)
                .put("repos_url", apiUrl + "/orgs/" + login + "/repos")
                .put("events_url", apiUrl + "/orgs/" + login + "/events")
                .put("hooks_url", apiUrl + "/orgs/" + login + "/hooks")
                .put("issues_url", apiUrl + "/orgs/" + login + "/issues")
                .put("members_url", apiUrl + "/orgs/" + login + "/members{/member}")
                .put("public_members_url", apiUrl + "/orgs/" + login + "/public_members{/member}")
                .put("avatar_url", webUrl + "/avatars/" + login)
                .put("description", "")
                .put("html_url", webUrl + "/" + login)
                .put("type", "Organization");
    }

    ObjectNode team(String org, String slug) {
        long id = Math.abs((long) (org + "/" + slug).hashCode()) + 11;
        ObjectNode team = JSON.createObjectNode()
                .put("id", id)
                .put("node_id", "MDQ6VGVhbT" + id)
                .put("url", apiUrl + "/teams/" + id)
                .put("html_url", webUrl + "/orgs/" + org + "/teams/" + slug)
                .put("name", slug)
                .put("slug", slug)
                .put("description", "")
                .put("privacy", "closed")
                .put("notification_setting", "notifications_enabled")
                .put("permission", "pull")
                .put("members_url", apiUrl + "/teams/" + id + "/members{/member}")
                .put("repositories_url", apiUrl + "/teams/" + id + "/repos");
        team.putNull("parent");
        team.set("organization", organization(org));
        return team;
    }

    ObjectNode repository(Repo repo) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode()
                .put("id", repo.id)
                .put("node_id", "R_kgDO" + repo.id)
                .put("name", repo.name)
                .put("full_name", repo.fullName())
                .put("private", true);
        node.set("owner", organizationAsOwner(repo.owner));
        node.put("html_url", webUrl + "/" + repo.fullName())
                .put("description", "")
                .put("fork", false)
                .put("url", api)
                .put("archive_url", api + "/{archive_format}{/ref}")
                .put("blobs_url", api + "/git/blobs{/sha}")
                .put("branches_url", api + "/branches{/branch}")
                .put("commits_url", api + "/commits{/sha}")
                .put("contents_url", api + "/contents/{+path}")
                .put("git_commits_url", api + "/git/commits{/sha}")
                .put("git_refs_url", api + "/git/refs{/sha}")
                .put("git_trees_url", api + "/git/trees{/sha}")
                .put("issues_url", api + "/issues{/number}")
                .put("labels_url", api + "/labels{/name}")
                .put("pulls_url", api + "/pulls{/number}")
                .put("hooks_url", api + "/hooks")
                .put("created_at", time(repo.createdAt))
                .put("updated_at", time(repo.createdAt))
                .put("pushed_at", time(repo.createdAt))
                .put("git_url", "git://" + host() + "/" + repo.fullName() + ".git")
                .put("ssh_url", "git@" + host() + ":" + repo.fullName() + ".git")
                .put("clone_url", webUrl + "/" + repo.fullName() + ".git")
                .put("homepage", "")
                .put("size", 1)
                .put("stargazers_count", 0)
                .put("watchers_count", 0)
                .put("language", "HCL")
                .put("has_issues", true)
                .put("has_projects", false)
                .put("has_wiki", false)
                .put("has_pages", false)
                .put("archived", false)
                .put("disabled", false)
                .put("open_issues_count", repo.pulls.values().stream().filter(Pull::open).count())
                .put("allow_forking", false)
                .put("is_template", false)
                .put("visibility", "private")
                .put("forks", 0)
                .put("open_issues", repo.pulls.values().stream().filter(Pull::open).count())
                .put("watchers", 0)
                .put("default_branch", repo.defaultBranch);
        node.putArray("topics");
        node.putNull("license");
        node.putObject("permissions").put("admin", false).put("maintain", false).put("push", true).put("triage", true).put("pull", true);
        return node;
    }

    private ObjectNode organizationAsOwner(String login) {
        ObjectNode owner = user(login);
        owner.put("type", "Organization");
        return owner;
    }

    ObjectNode ref(Repo repo, String branch, String sha) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode ref = JSON.createObjectNode()
                .put("ref", "refs/heads/" + branch)
                .put("node_id", "REF_" + GitStore.sha1((repo.fullName() + branch).getBytes(StandardCharsets.UTF_8)).substring(0, 16))
                .put("url", api + "/git/refs/heads/" + branch);
        ref.putObject("object").put("sha", sha).put("type", "commit").put("url", api + "/git/commits/" + sha);
        return ref;
    }

    ObjectNode blobCreated(Repo repo, String sha) {
        return JSON.createObjectNode().put("sha", sha).put("url", apiUrl + "/repos/" + repo.fullName() + "/git/blobs/" + sha);
    }

    ObjectNode blob(Repo repo, String sha, byte[] content) {
        return JSON.createObjectNode()
                .put("sha", sha)
                .put("node_id", "B_" + sha.substring(0, 12))
                .put("size", content.length)
                .put("url", apiUrl + "/repos/" + repo.fullName() + "/git/blobs/" + sha)
                .put("content", Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content) + "\n")
                .put("encoding", "base64");
    }

    ObjectNode tree(Repo repo, String sha, Map<String, String> files, Map<String, Integer> sizes) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode tree = JSON.createObjectNode().put("sha", sha).put("url", api + "/git/trees/" + sha);
        ArrayNode entries = tree.putArray("tree");
        files.forEach((path, blob) -> entries.addObject()
                .put("path", path).put("mode", "100644").put("type", "blob").put("sha", blob)
                .put("size", sizes.getOrDefault(path, 0)).put("url", api + "/git/blobs/" + blob));
        tree.put("truncated", false);
        return tree;
    }

    ObjectNode gitCommit(Repo repo, Commit commit) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode()
                .put("sha", commit.sha())
                .put("node_id", "C_" + commit.sha().substring(0, 12))
                .put("url", api + "/git/commits/" + commit.sha())
                .put("html_url", webUrl + "/" + repo.fullName() + "/commit/" + commit.sha());
        node.set("author", person(commit.author()));
        node.set("committer", person(commit.committer()));
        node.putObject("tree").put("sha", commit.tree()).put("url", api + "/git/trees/" + commit.tree());
        node.put("message", commit.message());
        ArrayNode parents = node.putArray("parents");
        for (String parent : commit.parents()) {
            parents.addObject().put("sha", parent).put("url", api + "/git/commits/" + parent)
                    .put("html_url", webUrl + "/" + repo.fullName() + "/commit/" + parent);
        }
        node.putObject("verification").put("verified", false).put("reason", "unsigned").putNull("signature").putNull("payload")
                .putNull("verified_at");
        return node;
    }

    /** A commit as {@code GET /repos/{owner}/{repo}/commits/{ref}} renders it; {@code files} are those changed from the first parent. */
    ObjectNode restCommit(Repo repo, Commit commit, Map<String, String> changed, String headSha) {
        ObjectNode node = restCommitSummary(repo, commit);
        node.putObject("stats").put("total", changed.size()).put("additions", 0).put("deletions", 0);
        ArrayNode files = node.putArray("files");
        changed.forEach((path, content) -> files.add(pullFile(repo, path, content, headSha)));
        return node;
    }

    /** The REST commit's fields without stats and files: what a branch's {@code commit} holds. */
    private ObjectNode restCommitSummary(Repo repo, Commit commit) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode()
                .put("sha", commit.sha())
                .put("node_id", "C_" + commit.sha().substring(0, 12));
        ObjectNode git = gitCommit(repo, commit);
        git.remove("sha");
        git.remove("node_id");
        git.remove("html_url");
        git.remove("parents");
        git.put("comment_count", 0);
        node.set("commit", git);
        node.put("url", api + "/commits/" + commit.sha())
                .put("html_url", webUrl + "/" + repo.fullName() + "/commit/" + commit.sha())
                .put("comments_url", api + "/commits/" + commit.sha() + "/comments");
        node.putNull("author");
        node.putNull("committer");
        ArrayNode parents = node.putArray("parents");
        for (String parent : commit.parents()) {
            parents.addObject().put("sha", parent).put("url", api + "/commits/" + parent)
                    .put("html_url", webUrl + "/" + repo.fullName() + "/commit/" + parent);
        }
        return node;
    }

    private ObjectNode person(Person person) {
        return JSON.createObjectNode().put("name", person.name()).put("email", person.email()).put("date", time(person.date()));
    }

    ObjectNode content(Repo repo, String path, String blobSha, byte[] content, String ref) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode()
                .put("name", path.substring(path.lastIndexOf('/') + 1))
                .put("path", path)
                .put("sha", blobSha)
                .put("size", content.length)
                .put("url", api + "/contents/" + path + "?ref=" + ref)
                .put("html_url", webUrl + "/" + repo.fullName() + "/blob/" + ref + "/" + path)
                .put("git_url", api + "/git/blobs/" + blobSha)
                .put("download_url", webUrl + "/raw/" + repo.fullName() + "/" + ref + "/" + path)
                .put("type", "file")
                .put("content", Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content) + "\n")
                .put("encoding", "base64");
        node.putObject("_links").put("self", api + "/contents/" + path + "?ref=" + ref)
                .put("git", api + "/git/blobs/" + blobSha)
                .put("html", webUrl + "/" + repo.fullName() + "/blob/" + ref + "/" + path);
        return node;
    }

    ObjectNode label(Repo repo, String name) {
        long id = Math.abs((long) (repo.fullName() + name).hashCode()) + 3;
        return JSON.createObjectNode()
                .put("id", id)
                .put("node_id", "LA_" + id)
                .put("url", apiUrl + "/repos/" + repo.fullName() + "/labels/" + name)
                .put("name", name)
                .put("color", "ededed")
                .put("default", false)
                .put("description", "");
    }

    ObjectNode pull(Repo repo, Pull pull, String baseSha, int changedFiles) {
        String api = apiUrl + "/repos/" + repo.fullName();
        String html = webUrl + "/" + repo.fullName() + "/pull/" + pull.number;
        ObjectNode node = JSON.createObjectNode()
                .put("url", api + "/pulls/" + pull.number)
                .put("id", pull.id)
                .put("node_id", "PR_kwDO" + pull.id)
                .put("html_url", html)
                .put("diff_url", html + ".diff")
                .put("patch_url", html + ".patch")
                .put("issue_url", api + "/issues/" + pull.number)
                .put("number", pull.number)
                .put("state", pull.state)
                .put("locked", false)
                .put("title", pull.title);
        node.set("user", user(pull.author));
        node.put("body", pull.body)
                .put("created_at", time(pull.createdAt))
                .put("updated_at", time(pull.updatedAt))
                .put("closed_at", time(pull.closedAt))
                .put("merged_at", time(pull.mergedAt))
                .put("merge_commit_sha", pull.mergeCommitSha);
        assignees(node, pull);
        ArrayNode reviewers = node.putArray("requested_reviewers");
        pull.requestedReviewers.forEach(login -> reviewers.add(user(login)));
        ArrayNode teams = node.putArray("requested_teams");
        pull.requestedTeams.forEach(slug -> teams.add(team(repo.owner, slug)));
        ArrayNode labels = node.putArray("labels");
        pull.labels.forEach(name -> labels.add(label(repo, name)));
        node.putNull("milestone");
        node.put("draft", false)
                .put("commits_url", api + "/pulls/" + pull.number + "/commits")
                .put("review_comments_url", api + "/pulls/" + pull.number + "/comments")
                .put("review_comment_url", api + "/pulls/comments{/number}")
                .put("comments_url", api + "/issues/" + pull.number + "/comments")
                .put("statuses_url", api + "/statuses/" + pull.headSha);
        node.set("head", branchEnd(repo, pull.head, pull.headSha));
        node.set("base", branchEnd(repo, pull.base, baseSha));
        ObjectNode links = node.putObject("_links");
        links.putObject("self").put("href", api + "/pulls/" + pull.number);
        links.putObject("html").put("href", html);
        links.putObject("issue").put("href", api + "/issues/" + pull.number);
        links.putObject("comments").put("href", api + "/issues/" + pull.number + "/comments");
        links.putObject("review_comments").put("href", api + "/pulls/" + pull.number + "/comments");
        links.putObject("commits").put("href", api + "/pulls/" + pull.number + "/commits");
        links.putObject("statuses").put("href", api + "/statuses/" + pull.headSha);
        node.put("author_association", "MEMBER");
        node.putNull("auto_merge");
        node.putNull("active_lock_reason");
        node.put("merged", pull.merged);
        if (pull.open()) {
            node.put("mergeable", true).put("rebaseable", true).put("mergeable_state", "clean");
        } else {
            node.putNull("mergeable");
            node.putNull("rebaseable");
            node.put("mergeable_state", "unknown");
        }
        if (pull.mergedBy != null) {
            node.set("merged_by", user(pull.mergedBy));
        } else {
            node.putNull("merged_by");
        }
        node.put("comments", pull.comments.size()).put("review_comments", 0).put("maintainer_can_modify", false)
                .put("commits", 1).put("additions", 0).put("deletions", 0).put("changed_files", changedFiles);
        return node;
    }

    private ObjectNode branchEnd(Repo repo, String branch, String sha) {
        ObjectNode end = JSON.createObjectNode()
                .put("label", repo.owner + ":" + branch)
                .put("ref", branch)
                .put("sha", sha);
        end.set("user", organizationAsOwner(repo.owner));
        end.set("repo", repository(repo));
        return end;
    }

    /** {@code assignees}, and {@code assignee} (the first of them, or null), as an issue and a pull request show them. */
    private void assignees(ObjectNode node, Pull pull) {
        ArrayNode assignees = node.putArray("assignees");
        pull.assignees.forEach(login -> assignees.add(user(login)));
        if (pull.assignees.isEmpty()) {
            node.putNull("assignee");
        } else {
            node.set("assignee", user(pull.assignees.iterator().next()));
        }
    }

    ObjectNode issue(Repo repo, Pull pull) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode()
                .put("url", api + "/issues/" + pull.number)
                .put("repository_url", api)
                .put("labels_url", api + "/issues/" + pull.number + "/labels{/name}")
                .put("comments_url", api + "/issues/" + pull.number + "/comments")
                .put("events_url", api + "/issues/" + pull.number + "/events")
                .put("html_url", webUrl + "/" + repo.fullName() + "/pull/" + pull.number)
                .put("id", pull.id + 1)
                .put("node_id", "I_kwDO" + pull.id)
                .put("number", pull.number)
                .put("title", pull.title);
        node.set("user", user(pull.author));
        ArrayNode labels = node.putArray("labels");
        pull.labels.forEach(name -> labels.add(label(repo, name)));
        node.put("state", pull.state).put("locked", false);
        assignees(node, pull);
        node.putNull("milestone");
        node.put("comments", pull.comments.size())
                .put("created_at", time(pull.createdAt))
                .put("updated_at", time(pull.updatedAt))
                .put("closed_at", time(pull.closedAt))
                .put("author_association", "MEMBER");
        node.putNull("active_lock_reason");
        node.put("draft", false);
        node.putObject("pull_request").put("url", api + "/pulls/" + pull.number)
                .put("html_url", webUrl + "/" + repo.fullName() + "/pull/" + pull.number)
                .put("diff_url", webUrl + "/" + repo.fullName() + "/pull/" + pull.number + ".diff")
                .put("patch_url", webUrl + "/" + repo.fullName() + "/pull/" + pull.number + ".patch")
                .put("merged_at", time(pull.mergedAt));
        node.put("body", pull.body);
        if (pull.closedBy != null) {
            node.set("closed_by", user(pull.closedBy));
        } else {
            node.putNull("closed_by");
        }
        node.put("state_reason", pull.open() ? null : pull.merged ? "completed" : "not_planned");
        return node;
    }

    /** An issue comment as the issue comments API renders it. */
    ObjectNode comment(Repo repo, Pull pull, SandboxState.Comment comment) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode()
                .put("url", api + "/issues/comments/" + comment.id())
                .put("html_url", webUrl + "/" + repo.fullName() + "/pull/" + pull.number + "#issuecomment-" + comment.id())
                .put("issue_url", api + "/issues/" + pull.number)
                .put("id", comment.id())
                .put("node_id", "IC_kwDO" + comment.id());
        node.set("user", user(comment.author()));
        node.put("created_at", time(comment.createdAt()))
                .put("updated_at", time(comment.createdAt()))
                .put("author_association", "NONE")
                .put("body", comment.body());
        return node;
    }

    ObjectNode pullFile(Repo repo, String path, String content, String headSha) {
        String status = content == null ? "removed" : "modified";
        int lines = content == null ? 0 : (int) content.lines().count();
        return JSON.createObjectNode()
                .put("sha", content == null ? "0000000000000000000000000000000000000000"
                        : GitStore.sha1(("blob " + content.getBytes(StandardCharsets.UTF_8).length + "\0").getBytes(StandardCharsets.UTF_8),
                                content.getBytes(StandardCharsets.UTF_8)))
                .put("filename", path)
                .put("status", status)
                .put("additions", lines)
                .put("deletions", 0)
                .put("changes", lines)
                .put("blob_url", webUrl + "/" + repo.fullName() + "/blob/" + headSha + "/" + path)
                .put("raw_url", webUrl + "/" + repo.fullName() + "/raw/" + headSha + "/" + path)
                .put("contents_url", apiUrl + "/repos/" + repo.fullName() + "/contents/" + path + "?ref=" + headSha);
    }

    ObjectNode rateLimit(int limit, int used, long reset) {
        ObjectNode core = JSON.createObjectNode().put("limit", limit).put("used", used).put("remaining", Math.max(0, limit - used))
                .put("reset", reset);
        ObjectNode node = JSON.createObjectNode();
        ObjectNode resources = node.putObject("resources");
        resources.set("core", core);
        resources.set("search", JSON.createObjectNode().put("limit", 30).put("used", 0).put("remaining", 30).put("reset", reset));
        resources.set("graphql", JSON.createObjectNode().put("limit", 5000).put("used", 0).put("remaining", 5000).put("reset", reset));
        resources.set("integration_manifest", JSON.createObjectNode().put("limit", 5000).put("used", 0).put("remaining", 5000)
                .put("reset", reset));
        node.set("rate", core.deepCopy());
        return node;
    }

    ObjectNode error(int status, String message) {
        return error(status, message, java.util.List.of(), "https://docs.github.com/rest");
    }

    /** GitHub's error body: its message, its {@code errors} where it sends them, the page of the endpoint's documentation. */
    ObjectNode error(int status, String message, java.util.List<Map<String, String>> errors, String documentation) {
        ObjectNode node = JSON.createObjectNode().put("message", message);
        if (!errors.isEmpty()) {
            ArrayNode list = node.putArray("errors");
            errors.forEach(e -> {
                ObjectNode error = list.addObject();
                e.forEach(error::put);
            });
        }
        return node.put("documentation_url", documentation).put("status", String.valueOf(status));
    }

    /** {@code GET /repos/{o}/{r}/branches/{branch}}. */
    ObjectNode branch(Repo repo, String name, Commit head) {
        String api = apiUrl + "/repos/" + repo.fullName();
        ObjectNode node = JSON.createObjectNode().put("name", name);
        node.set("commit", restCommitSummary(repo, head));
        node.putObject("_links").put("self", api + "/branches/" + name).put("html", webUrl + "/" + repo.fullName() + "/tree/" + name);
        node.put("protected", false);
        ObjectNode protection = node.putObject("protection").put("enabled", false);
        protection.putObject("required_status_checks").put("enforcement_level", "off").putArray("contexts");
        node.put("protection_url", api + "/branches/" + name + "/protection");
        return node;
    }

    /** What {@code PUT} / {@code DELETE /contents/{path}} answers: the file (null when deleted) and the commit. */
    ObjectNode contentWritten(Repo repo, String path, String blobSha, byte[] content, String branch, Commit commit) {
        ObjectNode node = JSON.createObjectNode();
        if (blobSha == null) {
            node.putNull("content");
        } else {
            ObjectNode file = content(repo, path, blobSha, content, branch);
            file.remove("content");
            file.remove("encoding");
            node.set("content", file);
        }
        node.set("commit", gitCommit(repo, commit));
        return node;
    }

    ObjectNode review(Repo repo, Pull pull, long id, String login, String state) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("node_id", "PRR_" + id);
        node.set("user", user(login));
        return node.put("body", "").put("state", state).put("html_url", webUrl + "/" + repo.fullName() + "/pull/" + pull.number
                + "#pullrequestreview-" + id).put("pull_request_url", apiUrl + "/repos/" + repo.fullName() + "/pulls/" + pull.number)
                .put("commit_id", pull.headSha).put("author_association", "MEMBER");
    }

    private String host() {
        return apiUrl.replaceFirst("^https?://", "");
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
