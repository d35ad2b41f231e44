package uk.gov.gds.awsam.pr.rest;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import uk.gov.gds.awsam.pr.domain.PullRequestEvent;
import uk.gov.gds.awsam.pr.domain.PullRequestState;
import uk.gov.gds.awsam.pr.domain.WebhookPayloads;

/**
 * GitHub's webhook bodies, read with Jackson for the domain's {@link WebhookPayloads}: one mapper with
 * GitHub-sized limits (nesting 64, strings 5 MB, nothing after the document). The {@code pull_request} payload is
 * read strictly (see {@link WebhookPayloads#pullRequest}); a ping is read for what it says of its webhook.
 */
public final class WebhookJson implements WebhookPayloads {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(5_000_000).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public PullRequestEvent pullRequest(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new Malformed("body", "not a JSON document (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("body", "not a JSON object");
        }
        String action = text(root, "action");
        String repository = text(root.path("repository"), "repository.full_name", "full_name");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new Malformed("repository.full_name", "not owner/name");
        }
        String sender = text(root.path("sender"), "sender.login", "login");
        JsonNode pr = object(root, "pull_request");
        int number = positiveInt(pr, "pull_request.number", "number");
        if (positiveInt(root, "number", "number") != number) {
            throw new Malformed("number", "does not match pull_request.number");
        }
        String state = text(pr, "pull_request.state", "state");
        if (!state.equals("open") && !state.equals("closed")) {
            throw new Malformed("pull_request.state", "neither open nor closed");
        }
        boolean merged = bool(pr, "pull_request.merged", "merged");
        String url = text(pr, "pull_request.html_url", "html_url");
        String headRef = text(pr.path("head"), "pull_request.head.ref", "ref");
        String headSha = sha(pr.path("head"), "pull_request.head.sha", "sha");
        String baseRef = text(pr.path("base"), "pull_request.base.ref", "ref");
        Instant createdAt = instant(pr, "pull_request.created_at", "created_at");
        Instant closedAt = state.equals("closed") ? instant(pr, "pull_request.closed_at", "closed_at") : null;
        String mergeCommitSha = null;
        String mergedBy = null;
        Instant mergedAt = null;
        if (merged) {
            if (!state.equals("closed")) {
                throw new Malformed("pull_request.merged", "true on an open pull request");
            }
            mergeCommitSha = sha(pr, "pull_request.merge_commit_sha", "merge_commit_sha");
            mergedBy = text(pr.path("merged_by"), "pull_request.merged_by.login", "login");
            mergedAt = instant(pr, "pull_request.merged_at", "merged_at");
        }
        return new PullRequestEvent(action, repository, sender, new PullRequestState(repository, number, url, headRef, headSha, baseRef,
                state.equals("open"), merged, mergeCommitSha, mergedBy, mergedAt, closedAt, createdAt));
    }

    @Override
    public Optional<Ping> ping(byte[] json) {
        try {
            JsonNode ping = JSON.readTree(json);
            JsonNode hook = ping.path("hook");
            List<String> events = null;
            if (hook.has("events")) {
                events = new ArrayList<>();
                for (JsonNode event : hook.path("events")) {
                    events.add(event.asText());
                }
            }
            return Optional.of(new Ping(ping.path("hook_id").asText("?"), events));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new Malformed(field, "missing or not an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, field);
    }

    private static String text(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > 1024) {
            throw new Malformed(name, "missing or not a non-empty string");
        }
        return node.asText();
    }

    private static String sha(JsonNode parent, String name, String field) {
        String sha = text(parent, name, field);
        if (!SHA.matcher(sha).matches()) {
            throw new Malformed(name, "not a commit SHA");
        }
        return sha;
    }

    private static int positiveInt(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isInt() || node.asInt() <= 0) {
            throw new Malformed(name, "missing or not a positive integer");
        }
        return node.asInt();
    }

    private static boolean bool(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isBoolean()) {
            throw new Malformed(name, "missing or not a boolean");
        }
        return node.asBoolean();
    }

    private static Instant instant(JsonNode parent, String name, String field) {
        String text = text(parent, name, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Malformed(name, "not an ISO-8601 time");
        }
    }
}
