package uk.gov.gds.awsam.testsupport.github;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.gov.gds.awsam.testsupport.github.GitHubApi.Answer;
import uk.gov.gds.awsam.testsupport.github.GitHubApi.Call;
import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Pull;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * Pull requests and their issue side, as GitHub answers them: creation's 422 "Validation Failed" variants;
 * review requests only from collaborators and teams with access (one refused name refuses the whole request,
 * as on GitHub), never from the author; assignees GitHub cannot assign silently dropped; labels created as
 * they are added; the conversation's comments; a merged pull request's state cannot be changed (422).
 */
final class PullRoutes {

    private static final String REPO = "/repos/([^/]+)/([^/]+)";
    private static final String DOCS = GitHubApi.DOCS;
    private static final String LABELS = "issues:write|pull_requests:write";

    private final SandboxState state;
    private final GitHubJson json;
    private final SandboxPeople people;
    private final SandboxAdmin admin;
    private GitHubApi api;

    PullRoutes(SandboxState state, GitHubJson json, SandboxPeople people, SandboxAdmin admin) {
        this.state = state;
        this.json = json;
        this.people = people;
        this.admin = admin;
    }

    void register(GitHubApi.Routes add) {
        add.add("GET", REPO + "/pulls", "pull_requests:read", DOCS + "/pulls/pulls#list-pull-requests", this::listPulls);
        add.add("POST", REPO + "/pulls", "pull_requests:write", DOCS + "/pulls/pulls#create-a-pull-request", this::createPull);
        add.add("GET", REPO + "/pulls/([0-9]+)", "pull_requests:read", DOCS + "/pulls/pulls#get-a-pull-request",
                c -> Answer.json(200, pull(repo(c), pullOf(c))));
        add.add("PATCH", REPO + "/pulls/([0-9]+)", "pull_requests:write", DOCS + "/pulls/pulls#update-a-pull-request", this::updatePull);
        add.add("GET", REPO + "/pulls/([0-9]+)/files", "pull_requests:read", DOCS + "/pulls/pulls#list-pull-requests-files", this::pullFiles);
        add.add("GET", REPO + "/pulls/([0-9]+)/merge", "pull_requests:read", DOCS + "/pulls/pulls#check-if-a-pull-request-has-been-merged",
                c -> new Answer(pullOf(c).merged ? 204 : 404, null, Map.of()));
        add.add("PUT", REPO + "/pulls/([0-9]+)/merge", "contents:write", DOCS + "/pulls/pulls#merge-a-pull-request", this::mergePull);
        add.add("POST", REPO + "/pulls/([0-9]+)/requested_reviewers", "pull_requests:write",
                DOCS + "/pulls/review-requests#request-reviewers-for-a-pull-request", this::requestReviewers);
        add.add("GET", REPO + "/pulls/([0-9]+)/requested_reviewers", "pull_requests:read",
                DOCS + "/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request", this::requestedReviewers);
        add.add("GET", REPO + "/pulls/([0-9]+)/reviews", "pull_requests:read", DOCS + "/pulls/reviews#list-reviews-for-a-pull-request",
                this::reviews);
        add.add("GET", REPO + "/issues/([0-9]+)", "issues:read|pull_requests:read", DOCS + "/issues/issues#get-an-issue",
                c -> Answer.json(200, json.issue(repo(c), pullOf(c))));
        add.add("POST", REPO + "/issues/([0-9]+)/labels", LABELS, DOCS + "/issues/labels#add-labels-to-an-issue", this::addLabels);
        add.add("GET", REPO + "/issues/([0-9]+)/labels", "issues:read|pull_requests:read", DOCS + "/issues/labels#list-labels-for-an-issue",
                c -> Answer.json(200, labels(repo(c), pullOf(c))));
        add.add("POST", REPO + "/issues/([0-9]+)/assignees", LABELS, DOCS + "/issues/assignees#add-assignees-to-an-issue", this::addAssignees);
        add.add("POST", REPO + "/issues/([0-9]+)/comments", LABELS, DOCS + "/issues/comments#create-an-issue-comment", this::addComment);
        add.add("GET", REPO + "/issues/([0-9]+)/comments", "issues:read|pull_requests:read", DOCS + "/issues/comments#list-issue-comments",
                this::comments);
    }

    /** The API renders pull requests; set once it exists. */
    void attach(GitHubApi renderer) {
        this.api = renderer;
    }

    private ObjectNode pull(Repo repo, Pull pull) {
        return api.pull(repo, pull);
    }

    private Repo repo(Call c) {
        return state.repo(c.group(1), c.group(2));
    }

    private Pull pullOf(Call c) {
        return state.pull(repo(c), Integer.parseInt(c.group(3)));
    }

    /**
     * {@code GET /pulls} as GitHub lists them: {@code state} open unless asked; {@code sort} created (the default) or
     * updated (popularity and long-running are taken as created); {@code direction} desc when sorted by creation, asc
     * otherwise, unless asked; a page at a time, {@code per_page} 30 unless asked (at most 100), {@code page} from 1,
     * with a {@code Link} header while more follow.
     */
    private Answer listPulls(Call c) {
        Repo repo = repo(c);
        String stateFilter = c.query("state") == null ? "open" : c.query("state");
        boolean byUpdate = "updated".equals(c.query("sort"));
        boolean ascending = c.query("direction") == null ? byUpdate : c.query("direction").equals("asc");
        Page page = Page.of(c);
        Comparator<Pull> order = byUpdate ? Comparator.comparing((Pull p) -> p.updatedAt).thenComparingInt(p -> p.number)
                : Comparator.comparingInt((Pull p) -> p.number);
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        int total;
        synchronized (state) {
            List<Pull> pulls = state.pulls(repo, stateFilter, c.query("head"), c.query("base")).stream()
                    .sorted(ascending ? order : order.reversed()).toList();
            total = pulls.size();
            for (Pull pull : page.of(pulls)) {
                ObjectNode node = pull(repo, pull);
                // a list shows less than a pull request read alone: GitHub leaves these out
                for (String field : List.of("merged", "mergeable", "rebaseable", "mergeable_state", "merged_by", "comments",
                        "review_comments", "maintainer_can_modify", "commits", "additions", "deletions", "changed_files")) {
                    node.remove(field);
                }
                list.add(node);
            }
        }
        StringBuilder query = new StringBuilder();
        for (String name : List.of("state", "head", "base", "sort", "direction")) {
            if (c.query(name) != null) {
                query.append(name).append('=').append(java.net.URLEncoder.encode(c.query(name), java.nio.charset.StandardCharsets.UTF_8))
                        .append('&');
            }
        }
        return page.answer(list, total, json.apiUrl() + "/repos/" + repo.fullName() + "/pulls?" + query);
    }

    private Answer createPull(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        Pull pull = state.createPull(repo, GitRoutes.required(body, "title"), GitRoutes.required(body, "head"),
                GitRoutes.required(body, "base"), body.path("body").asText(""), SandboxState.BOT_LOGIN);
        return Answer.json(201, pull(repo, pull));
    }

    private Answer updatePull(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        Pull before = pullOf(c);
        boolean wasOpen = before.open();
        Pull pull = state.update(repo, before.number, text(body, "title"), text(body, "body"), text(body, "state"), text(body, "base"),
                SandboxState.BOT_LOGIN);
        if (wasOpen && !pull.open()) {
            admin.deliver(repo, pull, "closed", SandboxState.BOT_LOGIN);
        }
        return Answer.json(200, pull(repo, pull));
    }

    private Answer mergePull(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        Pull pull = state.merge(repo, pullOf(c).number, SandboxState.BOT_LOGIN, text(body, "commit_title"));
        admin.deliver(repo, pull, "closed", SandboxState.BOT_LOGIN);
        return Answer.json(200, GitHubJson.JSON.createObjectNode().put("sha", pull.mergeCommitSha).put("merged", true)
                .put("message", "Pull Request successfully merged"));
    }

    private Answer pullFiles(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        ArrayNode files = GitHubJson.JSON.createArrayNode();
        state.changedFiles(repo, pull).forEach((path, content) -> files.add(json.pullFile(repo, path, content, pull.headSha)));
        return Answer.json(200, files);
    }

    private Answer requestReviewers(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        JsonNode body = c.body();
        List<String> users = texts(body.path("reviewers"));
        List<String> teams = texts(body.path("team_reviewers"));
        if (users.isEmpty() && teams.isEmpty()) {
            throw new GitHubError(422, "Invalid request.\n\nNo subschema in \"anyOf\" matched.");
        }
        if (users.stream().anyMatch(u -> u.equalsIgnoreCase(pull.author))) {
            throw GitHubError.validation("PullRequest", Map.of("code", "custom", "message",
                    "Review cannot be requested from pull request author."));
        }
        boolean userRefused = users.stream().anyMatch(u -> !people.collaborates(repo.fullName(), u));
        boolean teamRefused = teams.stream().anyMatch(t -> !people.teamHasAccess(repo.owner, t, repo.fullName()));
        if (userRefused || teamRefused) {
            throw new GitHubError(422, "Reviews may only be requested from collaborators. One or more of the "
                    + (userRefused && teamRefused ? "users or teams" : userRefused ? "users" : "teams") + " you specified is not a"
                    + " collaborator of the " + repo.fullName() + " repository.");
        }
        synchronized (state) {
            pull.requestedReviewers.addAll(users);
            pull.requestedTeams.addAll(teams);
        }
        return Answer.json(201, pull(repo, pull));
    }

    private Answer requestedReviewers(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        ObjectNode node = GitHubJson.JSON.createObjectNode();
        ArrayNode users = node.putArray("users");
        ArrayNode teams = node.putArray("teams");
        synchronized (state) {
            pull.requestedReviewers.forEach(login -> users.add(json.user(login)));
            pull.requestedTeams.forEach(slug -> teams.add(json.team(repo.owner, slug)));
        }
        return Answer.json(200, node);
    }

    private Answer reviews(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        synchronized (state) {
            long id = pull.id * 100;
            for (Map.Entry<String, String> review : pull.reviews.entrySet()) {
                list.add(json.review(repo, pull, ++id, review.getKey(), review.getValue()));
            }
        }
        return Answer.json(200, list);
    }

    private Answer addLabels(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        JsonNode body = c.body();
        JsonNode labels = body.isArray() ? body : body.path("labels");
        if (!labels.isArray() || labels.isEmpty()) {
            throw new GitHubError(422, "Invalid request.\n\n\"labels\" wasn't supplied.");
        }
        synchronized (state) {
            labels.forEach(l -> pull.labels.add(l.isObject() ? l.path("name").asText() : l.asText()));
        }
        return Answer.json(200, labels(repo, pull));
    }

    private Answer addAssignees(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        synchronized (state) {
            // GitHub assigns only those it can and drops the rest without an error
            texts(c.body().path("assignees")).stream().filter(login -> people.collaborates(repo.fullName(), login)).limit(10)
                    .forEach(pull.assignees::add);
        }
        return Answer.json(201, json.issue(repo, pull));
    }

    private Answer addComment(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        SandboxState.Comment comment = state.comment(repo, pull.number, SandboxState.BOT_LOGIN, text(c.body(), "body"));
        return Answer.json(201, json.comment(repo, pull, comment));
    }

    /** Oldest first, a page at a time as GitHub pages them: {@code per_page} 30 unless asked (at most 100), {@code page} from 1. */
    private Answer comments(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        Page page = Page.of(c);
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        int total;
        synchronized (state) {
            total = pull.comments.size();
            page.of(pull.comments).forEach(comment -> list.add(json.comment(repo, pull, comment)));
        }
        return page.answer(list, total, json.apiUrl() + "/repos/" + repo.fullName() + "/issues/" + pull.number + "/comments?");
    }

    /** A page of a listing as GitHub pages them: {@code per_page} 30 unless asked (at most 100), {@code page} from 1. */
    private record Page(int perPage, int number) {

        static Page of(Call c) {
            return new Page(Math.min(100, Math.max(1, PullRoutes.number(c.query("per_page"), 30))),
                    Math.max(1, PullRoutes.number(c.query("page"), 1)));
        }

        <T> List<T> of(List<T> all) {
            return all.stream().skip((long) (number - 1) * perPage).limit(perPage).toList();
        }

        /** The page's items, with a {@code Link} to the next and the last page while more follow ({@code listing} ends in ? or &). */
        Answer answer(ArrayNode items, int total, String listing) {
            if ((long) number * perPage >= total) {
                return Answer.json(200, items);
            }
            String url = listing + "per_page=" + perPage + "&page=";
            return new Answer(200, items, Map.of("Link", "<" + url + (number + 1) + ">; rel=\"next\", <" + url
                    + ((total + perPage - 1) / perPage) + ">; rel=\"last\""));
        }
    }

    private static int number(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            return otherwise;
        }
    }

    private ArrayNode labels(Repo repo, Pull pull) {
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        synchronized (state) {
            pull.labels.forEach(name -> list.add(json.label(repo, name)));
        }
        return list;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
