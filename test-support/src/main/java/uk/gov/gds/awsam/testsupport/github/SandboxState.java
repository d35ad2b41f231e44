package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.testsupport.github.GitStore.Commit;
import uk.gov.gds.awsam.testsupport.github.GitStore.Person;

/**
 * What the sandbox's GitHub knows: repositories with their branches and git objects, pull requests with
 * labels and requested reviewers, and the faults a test asked for. Every method is synchronised on the
 * instance: the sandbox serves one request at a time against this state.
 */
final class SandboxState {

    /** The login the sandbox reports for the authenticated caller (the services' bot account). */
    static final String BOT_LOGIN = "aws-accounts-bot";

    static final class Repo {
        final long id;
        /** Changed only by {@link #renameRepository}, under the state's lock. */
        volatile String owner;
        volatile String name;
        /** The name it was made with, which {@link #reset} gives it back. */
        final String createdAs;
        final String defaultBranch;
        final Instant createdAt;
        final Map<String, String> branches = new TreeMap<>();
        final Map<Integer, Pull> pulls = new TreeMap<>();
        int nextNumber = 1;

        Repo(long id, String owner, String name, String defaultBranch, Instant createdAt) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            this.createdAs = owner + "/" + name;
            this.defaultBranch = defaultBranch;
            this.createdAt = createdAt;
        }

        String fullName() {
            return owner + "/" + name;
        }
    }

    static final class Pull {
        final long id;
        final int number;
        final String head;
        String base;
        final String author;
        final Instant createdAt;
        String title;
        String body;
        String state = "open";
        boolean merged;
        String headSha;
        String mergeCommitSha;
        String mergedBy;
        String closedBy;
        Instant updatedAt;
        Instant closedAt;
        Instant mergedAt;
        final Set<String> labels = new LinkedHashSet<>();
        final Set<String> assignees = new LinkedHashSet<>();
        final Set<String> requestedReviewers = new LinkedHashSet<>();
        final Set<String> requestedTeams = new LinkedHashSet<>();
        /** Reviews submitted: login → state (APPROVED, CHANGES_REQUESTED, COMMENTED). */
        final Map<String, String> reviews = new LinkedHashMap<>();
        /** Its conversation's comments (the issue comments API), oldest first. */
        final List<Comment> comments = new ArrayList<>();

        Pull(long id, int number, String head, String base, String author, Instant createdAt) {
            this.id = id;
            this.number = number;
            this.head = head;
            this.base = base;
            this.author = author;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        boolean open() {
            return state.equals("open");
        }
    }

    /** An issue comment on a pull request's conversation. */
    record Comment(long id, String author, String body, Instant createdAt) {
    }

    /** A fault a test asked for: the next {@code remaining} matching calls answer with it. */
    static final class Fault {
        final String method;
        final Pattern path;
        final FaultKind kind;
        final long waitSeconds;
        int remaining;

        Fault(String method, Pattern path, FaultKind kind, long waitSeconds, int remaining) {
            this.method = method;
            this.path = path;
            this.kind = kind;
            this.waitSeconds = waitSeconds;
            this.remaining = remaining;
        }
    }

    /** Raised for a call GitHub would refuse; carries GitHub's status, message, and its {@code errors} where GitHub sends them. */
    static final class GitHubError extends RuntimeException {
        final int status;
        final transient List<Map<String, String>> errors;

        GitHubError(int status, String message) {
            this(status, message, List.of());
        }

        GitHubError(int status, String message, List<Map<String, String>> errors) {
            super(message);
            this.status = status;
            this.errors = errors;
        }

        /** GitHub's 422 "Validation Failed" with one error, as the pulls endpoints send it. */
        static GitHubError validation(String resource, Map<String, String> error) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("resource", resource);
            one.putAll(error);
            return new GitHubError(422, "Validation Failed", List.of(one));
        }
    }

    /** GitHub's longest pull request title, in characters. */
    static final int MAX_TITLE = 256;
    /** GitHub's longest pull request body or issue comment, in characters. */
    static final int MAX_BODY = 65_536;

    final GitStore git = new GitStore();
    private final Clock clock;
    private final Map<String, Repo> repos = new LinkedHashMap<>();
    /** Old names of renamed or transferred repositories, lower-cased: GitHub redirects them. */
    private final Map<String, Repo> moved = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1_000_000);

    SandboxState(Clock clock) {
        this.clock = clock;
    }

    /** Now, to the second, as GitHub's timestamps are. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Now, precisely: for the rate limits' windows. */
    Instant preciseNow() {
        return clock.instant();
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    // ---- repositories ---------------------------------------------------------------------------------

    /** {@code owner/name} as its two parts; 422 for anything else. */
    private static String[] ownerAndName(String fullName) {
        String[] parts = fullName.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new GitHubError(422, "Repository name must be owner/name: " + fullName);
        }
        return parts;
    }

    synchronized Repo createRepository(String fullName, String defaultBranch) {
        String[] parts = ownerAndName(fullName);
        Repo existing = repos.get(fullName.toLowerCase(java.util.Locale.ROOT));
        if (existing != null) {
            return existing;
        }
        Repo repo = new Repo(nextId(), parts[0], parts[1], defaultBranch, now());
        String tree = git.putTree(new TreeMap<>(Map.of("README.md",
                git.putBlob(("# " + parts[1] + "\n").getBytes(StandardCharsets.UTF_8)))));
        Person bot = person("GitHub", "noreply@github.com");
        repo.branches.put(defaultBranch, git.putCommit(tree, List.of(), "Initial commit", bot, bot).sha());
        repos.put(fullName.toLowerCase(java.util.Locale.ROOT), repo);
        return repo;
    }

    synchronized Repo repo(String owner, String name) {
        Repo repo = repos.get((owner + "/" + name).toLowerCase(java.util.Locale.ROOT));
        if (repo == null) {
            throw new GitHubError(404, "Not Found");
        }
        return repo;
    }

    /**
     * Renames or transfers a repository, as GitHub does: its pull requests, branches and id stay, and the old name
     * answers with a redirect ({@link #moved}) until a repository is made with that name again.
     */
    synchronized void renameRepository(Repo repo, String to) {
        String[] parts = ownerAndName(to);
        if (repos.containsKey(to.toLowerCase(java.util.Locale.ROOT))) {
            throw new GitHubError(422, "Repository creation failed: name already exists on this account");
        }
        String from = repo.fullName().toLowerCase(java.util.Locale.ROOT);
        repos.remove(from);
        repo.owner = parts[0];
        repo.name = parts[1];
        repos.put(to.toLowerCase(java.util.Locale.ROOT), repo);
        moved.put(from, repo);
    }

    /** The repository a name that is no longer one (renamed or transferred) redirects to; empty for a current name. */
    synchronized Optional<Repo> moved(String owner, String name) {
        String key = (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
        return repos.containsKey(key) ? Optional.empty() : Optional.ofNullable(moved.get(key));
    }

    /** A repository by its id ({@code /repositories/{id}}, where GitHub's redirects point). */
    synchronized Repo repoById(long id) {
        return repos.values().stream().filter(repo -> repo.id == id).findFirst().orElseThrow(() -> new GitHubError(404, "Not Found"));
    }

    synchronized List<Repo> repositories() {
        return List.copyOf(repos.values());
    }

    synchronized void reset() {
        List<Repo> previous = List.copyOf(repos.values());
        repos.clear();
        moved.clear();
        faults.clear();
        for (Repo repo : previous) {
            createRepository(repo.createdAs, repo.defaultBranch);
        }
    }

    // ---- git data -------------------------------------------------------------------------------------

    synchronized String branchSha(Repo repo, String branch) {
        String sha = repo.branches.get(branch);
        if (sha == null) {
            throw new GitHubError(404, "Not Found");
        }
        return sha;
    }

    synchronized void createRef(Repo repo, String ref, String sha) {
        String branch = branchOf(ref);
        if (!git.hasCommit(sha)) {
            throw new GitHubError(422, "Object does not exist");
        }
        if (repo.branches.containsKey(branch)) {
            throw new GitHubError(422, "Reference already exists");
        }
        repo.branches.put(branch, sha);
    }

    synchronized void updateRef(Repo repo, String branch, String sha, boolean force) {
        String current = branchSha(repo, branch);
        if (!git.hasCommit(sha)) {
            throw new GitHubError(422, "Object does not exist");
        }
        if (!force && !git.ancestors(sha).contains(current)) {
            throw new GitHubError(422, "Update is not a fast forward");
        }
        moveBranch(repo, branch, sha);
    }

    synchronized void deleteRef(Repo repo, String branch) {
        branchSha(repo, branch);
        repo.branches.remove(branch);
    }

    static String branchOf(String ref) {
        if (!ref.startsWith("refs/heads/")) {
            throw new GitHubError(422, "Reference name must start with refs/heads/ in the sandbox: " + ref);
        }
        return ref.substring("refs/heads/".length());
    }

    synchronized String createTree(String baseTree, List<TreeEntry> entries) {
        SortedMap<String, String> files = baseTree == null ? new TreeMap<>()
                : git.tree(baseTree).orElseThrow(() -> new GitHubError(422, "Invalid base_tree"));
        for (TreeEntry entry : entries) {
            if (entry.content() != null) {
                files.put(entry.path(), git.putBlob(entry.content().getBytes(StandardCharsets.UTF_8)));
            } else if (entry.sha() != null) {
                if (git.blob(entry.sha()).isEmpty()) {
                    throw new GitHubError(422, "Invalid tree info: blob " + entry.sha() + " does not exist");
                }
                files.put(entry.path(), entry.sha());
            } else if (files.remove(entry.path()) == null) {
                // GitHub refuses to delete what the base tree does not hold (octokit, go-github#2418, recorded 422s)
                throw new GitHubError(422, "GitRPC::BadObjectState");
            }
        }
        return git.putTree(files);
    }

    record TreeEntry(String path, String sha, String content) {
    }

    synchronized Commit createCommit(String tree, List<String> parents, String message, Person author, Person committer) {
        try {
            return git.putCommit(tree, parents, message, author, committer);
        } catch (IllegalArgumentException missing) {
            throw new GitHubError(422, missing.getMessage());
        }
    }

    /** A commit on a branch changing files (content null deletes), as a person editing on GitHub would. */
    synchronized Commit commitFiles(Repo repo, String branch, Map<String, String> files, String message, String login) {
        String parent = branchSha(repo, branch);
        SortedMap<String, String> tree = git.files(parent);
        files.forEach((path, content) -> {
            if (content == null) {
                tree.remove(path);
            } else {
                tree.put(path, git.putBlob(content.getBytes(StandardCharsets.UTF_8)));
            }
        });
        Person who = person(login, login + "@users.noreply.github.com");
        Commit commit = git.putCommit(git.putTree(tree), List.of(parent), message, who, who);
        moveBranch(repo, branch, commit.sha());
        return commit;
    }

    /** What {@code PUT /contents/{path}} did: the commit, and whether the file is new. */
    record Written(Commit commit, boolean created, String blobSha) {
    }

    /**
     * {@code PUT /repos/{o}/{r}/contents/{path}} on a branch, as GitHub checks it: the branch must exist (404);
     * replacing a file needs its blob SHA (422 "sha" wasn't supplied), and the SHA must be the file's (409).
     */
    synchronized Written putFile(Repo repo, String branch, String path, byte[] content, String sha, String message, String login) {
        String parent = branchOf404(repo, branch);
        SortedMap<String, String> tree = git.files(parent);
        String current = tree.get(path);
        if (current != null && sha == null) {
            throw new GitHubError(422, "Invalid request.\n\n\"sha\" wasn't supplied.");
        }
        if (sha != null && !sha.equals(current)) {
            throw new GitHubError(409, path + " does not match " + sha);
        }
        String blob = git.putBlob(content);
        tree.put(path, blob);
        Person who = person(login, login + "@users.noreply.github.com");
        Commit commit = git.putCommit(git.putTree(tree), List.of(parent), message, who, who);
        moveBranch(repo, branch, commit.sha());
        return new Written(commit, current == null, blob);
    }

    /** {@code DELETE /repos/{o}/{r}/contents/{path}}: the file must exist (404) and {@code sha} must be its blob (422, 409). */
    synchronized Commit deleteFile(Repo repo, String branch, String path, String sha, String message, String login) {
        String parent = branchOf404(repo, branch);
        SortedMap<String, String> tree = git.files(parent);
        String current = tree.get(path);
        if (current == null) {
            throw new GitHubError(404, "Not Found");
        }
        if (sha == null) {
            throw new GitHubError(422, "Invalid request.\n\n\"sha\" wasn't supplied.");
        }
        if (!sha.equals(current)) {
            throw new GitHubError(409, path + " does not match " + sha);
        }
        tree.remove(path);
        Person who = person(login, login + "@users.noreply.github.com");
        Commit commit = git.putCommit(git.putTree(tree), List.of(parent), message, who, who);
        moveBranch(repo, branch, commit.sha());
        return commit;
    }

    private String branchOf404(Repo repo, String branch) {
        String sha = repo.branches.get(branch);
        if (sha == null) {
            throw new GitHubError(404, "Branch " + branch + " not found");
        }
        return sha;
    }

    /** Branches whose name starts with {@code prefix}, sorted, as {@code matching-refs} lists them. */
    synchronized List<String> branchesStartingWith(Repo repo, String prefix) {
        return repo.branches.keySet().stream().filter(b -> b.startsWith(prefix)).sorted().toList();
    }

    private void moveBranch(Repo repo, String branch, String sha) {
        repo.branches.put(branch, sha);
        for (Pull pull : repo.pulls.values()) {
            if (pull.open() && pull.head.equals(branch)) {
                pull.headSha = sha;
                pull.updatedAt = now();
            }
        }
    }

    synchronized String resolve(Repo repo, String ref) {
        if (ref == null || ref.isEmpty()) {
            return branchSha(repo, repo.defaultBranch);
        }
        if (repo.branches.containsKey(ref)) {
            return repo.branches.get(ref);
        }
        if (ref.startsWith("heads/") && repo.branches.containsKey(ref.substring(6))) {
            return repo.branches.get(ref.substring(6));
        }
        if (git.hasCommit(ref)) {
            return ref;
        }
        throw new GitHubError(404, "No commit found for the ref " + ref);
    }

    // ---- pull requests --------------------------------------------------------------------------------

    synchronized Pull createPull(Repo repo, String title, String head, String base, String body, String author) {
        String headBranch = head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
        if (!repo.branches.containsKey(headBranch)) {
            throw GitHubError.validation("PullRequest", Map.of("field", "head", "code", "invalid"));
        }
        if (!repo.branches.containsKey(base)) {
            throw GitHubError.validation("PullRequest", Map.of("field", "base", "code", "invalid"));
        }
        for (Pull pull : repo.pulls.values()) {
            if (pull.open() && pull.head.equals(headBranch) && pull.base.equals(base)) {
                throw GitHubError.validation("PullRequest", Map.of("code", "custom", "message",
                        "A pull request already exists for " + repo.owner + ":" + headBranch + "."));
            }
        }
        textLimits(title, body);
        String headSha = repo.branches.get(headBranch);
        if (git.ancestors(repo.branches.get(base)).contains(headSha)) {
            throw GitHubError.validation("PullRequest", Map.of("code", "custom", "message", "No commits between " + base + " and " + headBranch));
        }
        Pull pull = new Pull(nextId(), repo.nextNumber++, headBranch, base, author, now());
        pull.title = title;
        pull.body = body;
        pull.headSha = headSha;
        repo.pulls.put(pull.number, pull);
        return pull;
    }

    synchronized Pull pull(Repo repo, int number) {
        Pull pull = repo.pulls.get(number);
        if (pull == null) {
            throw new GitHubError(404, "Not Found");
        }
        return pull;
    }

    /**
     * The pull requests of a listing. {@code head} filters only in GitHub's form {@code owner:branch}: GitHub ignores a
     * bare branch name and lists every pull request (its docs, and clients that learnt it the hard way).
     */
    synchronized List<Pull> pulls(Repo repo, String state, String head, String base) {
        boolean byHead = head != null && head.contains(":");
        String headBranch = byHead ? head.substring(head.indexOf(':') + 1) : null;
        String headOwner = byHead ? head.substring(0, head.indexOf(':')) : null;
        return repo.pulls.values().stream()
                .filter(p -> state == null || state.equals("all") || p.state.equals(state))
                .filter(p -> headBranch == null || p.head.equals(headBranch))
                .filter(p -> headOwner == null || headOwner.equalsIgnoreCase(repo.owner))
                .filter(p -> base == null || p.base.equals(base))
                .sorted(Comparator.comparingInt((Pull p) -> p.number).reversed())
                .toList();
    }

    /** Merges like GitHub's merge button: a merge commit on the base branch with the pull request's changes. */
    synchronized Pull merge(Repo repo, int number, String mergedBy, String commitTitle) {
        Pull pull = pull(repo, number);
        if (!pull.open()) {
            throw new GitHubError(405, "Pull Request is not mergeable");
        }
        String baseSha = branchSha(repo, pull.base);
        String headSha = pull.headSha;
        String mergeBase = git.mergeBase(baseSha, headSha).orElseThrow(() -> new GitHubError(405, "Pull Request is not mergeable"));
        SortedMap<String, String> before = git.files(mergeBase);
        SortedMap<String, String> after = git.files(headSha);
        SortedMap<String, String> merged = git.files(baseSha);
        before.forEach((path, blob) -> {
            if (!after.containsKey(path)) {
                merged.remove(path);
            }
        });
        after.forEach((path, blob) -> {
            if (!blob.equals(before.get(path))) {
                merged.put(path, blob);
            }
        });
        Person who = person(mergedBy, mergedBy + "@users.noreply.github.com");
        String message = (commitTitle != null ? commitTitle : "Merge pull request #" + number + " from " + repo.owner + "/" + pull.head)
                + "\n\n" + pull.title;
        Commit commit = git.putCommit(git.putTree(merged), List.of(baseSha, headSha), message, who, person("GitHub", "noreply@github.com"));
        repo.branches.put(pull.base, commit.sha());
        Instant at = now();
        pull.state = "closed";
        pull.merged = true;
        pull.mergedBy = mergedBy;
        pull.closedBy = mergedBy;
        pull.mergedAt = at;
        pull.closedAt = at;
        pull.updatedAt = at;
        pull.mergeCommitSha = commit.sha();
        return pull;
    }

    synchronized Pull close(Repo repo, int number, String closedBy) {
        Pull pull = pull(repo, number);
        if (pull.open()) {
            Instant at = now();
            pull.state = "closed";
            pull.closedBy = closedBy;
            pull.closedAt = at;
            pull.updatedAt = at;
        }
        return pull;
    }

    synchronized Pull update(Repo repo, int number, String title, String body, String state, String actor) {
        return update(repo, number, title, body, state, null, actor);
    }

    /**
     * GitHub's "Edit" of a pull request; a new base must be a branch of the repository (422 otherwise). Closing a closed
     * pull request changes nothing (200); the state of a merged one cannot be changed at all, closed included: GitHub's
     * 422 "Validation Failed", and nothing of the edit is made.
     */
    synchronized Pull update(Repo repo, int number, String title, String body, String state, String base, String actor) {
        Pull pull = pull(repo, number);
        if (state != null && !state.equals("open") && !state.equals("closed")) {
            throw new GitHubError(422, "Invalid request.\n\nFor 'properties/state', \"" + state + "\" is not a member of enum.");
        }
        if (state != null && pull.merged) {
            throw GitHubError.validation("PullRequest", Map.of("code", "custom", "field", "state", "message",
                    "state cannot be changed. The pull request has been merged."));
        }
        textLimits(title, body);
        if (base != null) {
            if (!repo.branches.containsKey(base)) {
                throw GitHubError.validation("PullRequest", Map.of("field", "base", "code", "invalid"));
            }
            pull.base = base;
        }
        if (title != null) {
            pull.title = title;
        }
        if (body != null) {
            pull.body = body;
        }
        if ("closed".equals(state)) {
            close(repo, number, actor);
        }
        pull.updatedAt = now();
        return pull;
    }

    /** A comment on a pull request's conversation, open, closed or merged alike (GitHub takes them on all three). */
    synchronized Comment comment(Repo repo, int number, String author, String body) {
        Pull pull = pull(repo, number);
        if (body == null) {
            throw new GitHubError(422, "Invalid request.\n\n\"body\" wasn't supplied.");
        }
        if (body.isBlank()) {
            throw GitHubError.validation("IssueComment", Map.of("field", "body", "code", "missing_field"));
        }
        if (body.length() > MAX_BODY) {
            // GitHub's answer for a comment over the limit, as recorded since 2020 (suzuki-shunsuke/github-comment#125,
            // telia-oss/github-pr-resource#259, vebr/jest-lcov-reporter#14, jmikedupont2/ai-ticket#51, 2023): "unprocessable" on
            // "data", "Body" capitalised; before 2020 it was the pull request's form (danger/danger#424)
            throw new GitHubError(422, "Validation Failed", List.of(error("IssueComment", "unprocessable", "data",
                    "Body is too long (maximum is " + MAX_BODY + " characters)")));
        }
        Comment comment = new Comment(nextId(), author, body, now());
        pull.comments.add(comment);
        pull.updatedAt = comment.createdAt();
        return comment;
    }

    /**
     * GitHub's limits on a pull request's text, checked on create and on edit before anything is changed: a title of at
     * most {@value #MAX_TITLE} characters, a body of at most {@value #MAX_BODY}. GitHub checks them on the pull request's
     * issue, so its 422 names the resource {@code Issue}, one error per field over its limit, as recorded from the REST API:
     * {@code {"resource":"Issue","code":"custom","field":"body","message":"body is too long (maximum is 65536 characters)"}}
     * (renovatebot/renovate#2032, denoland/bump-workspaces#34, potproject/code-agent#3, on {@code POST /pulls}) and
     * {@code {"resource":"Issue","code":"custom","field":"title","message":"title is too long (maximum is 256 characters)"}}
     * (googleapis/repo-automation-bots#1895, on {@code POST /pulls}). Characters are counted as Java counts them (UTF-16
     * units), never fewer than GitHub counts, so the sandbox is at least as strict.
     */
    private static void textLimits(String title, String body) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (title != null && title.length() > MAX_TITLE) {
            errors.add(error("Issue", "custom", "title", "title is too long (maximum is " + MAX_TITLE + " characters)"));
        }
        if (body != null && body.length() > MAX_BODY) {
            errors.add(error("Issue", "custom", "body", "body is too long (maximum is " + MAX_BODY + " characters)"));
        }
        if (!errors.isEmpty()) {
            throw new GitHubError(422, "Validation Failed", errors);
        }
    }

    /** One of a 422's {@code errors}, its fields in GitHub's order. */
    private static Map<String, String> error(String resource, String code, String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("resource", resource);
        error.put("code", code);
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    /** The files a pull request changes, with their content at its head (null for a deletion). */
    synchronized Map<String, String> changedFiles(Repo repo, Pull pull) {
        String baseSha = pull.merged ? git.commit(pull.mergeCommitSha).orElseThrow().parents().get(0) : branchSha(repo, pull.base);
        String mergeBase = git.mergeBase(baseSha, pull.headSha).orElse(baseSha);
        SortedMap<String, String> before = git.files(mergeBase);
        SortedMap<String, String> after = git.files(pull.headSha);
        Map<String, String> changes = new TreeMap<>();
        before.keySet().stream().filter(path -> !after.containsKey(path)).forEach(path -> changes.put(path, null));
        after.forEach((path, blob) -> {
            if (!blob.equals(before.get(path))) {
                changes.put(path, new String(git.blob(blob).orElseThrow(), StandardCharsets.UTF_8));
            }
        });
        return changes;
    }

    // ---- faults ---------------------------------------------------------------------------------------

    synchronized void addFault(Fault fault) {
        faults.add(fault);
    }

    /** The fault this call must answer with, if a test asked for one; consumes one use of it. */
    synchronized Optional<Fault> takeFault(String method, String path) {
        for (Fault fault : faults) {
            if (fault.remaining > 0 && (fault.method == null || fault.method.equalsIgnoreCase(method))
                    && fault.path.matcher(path).matches()) {
                fault.remaining--;
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    Person person(String name, String email) {
        return new Person(name, email, now());
    }
}
