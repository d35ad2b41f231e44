package uk.gov.gds.awsam.pr.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Limit;

/**
 * pr-service's one classification of GitHub's answers, from the status, the headers and the message, as
 * GitHub documents and sends them (see pr-service/README.md, "GitHub's answers"):
 * <ul>
 * <li>403 or 429 is a rate limit when {@code Retry-After} is present (wait that long: seconds or an HTTP
 * date), when {@code X-RateLimit-Remaining} is 0 (wait until {@code X-RateLimit-Reset}, measured against
 * GitHub's {@code Date}), when {@code gh-limited-by} is present, when the message names a secondary rate
 * limit (GitHub often sends only that: {@code X-RateLimit-Remaining} above 0 and no {@code Retry-After}), and
 * always for 429. Without a time, the budget decides how long (at least a minute).</li>
 * <li>422 "Reference already exists", "A pull request already exists", "No commits between", "Repository rule
 * violations found" (also 409 for a ruleset on the contents API), and the rest.</li>
 * <li>403 {@code too_large} (a file over the contents API's 1 MB): invalid, not refused.</li>
 * <li>401/403 otherwise: refused; 404: not found; 409: a conflict another attempt resolves; 5xx, 408: unavailable.</li>
 * </ul>
 */
final class GitHubErrors {

    private GitHubErrors() {
    }

    /**
     * @param call {@code METHOD /path} of the call, for the message
     * @param header the response's headers by name (case-insensitive)
     * @param body the response's JSON, or null
     */
    static GitHubFailure classify(String call, int status, Function<String, String> header, JsonNode body, Instant now) {
        String message = message(body);
        String said = call + ": GitHub answered " + status + (message.isEmpty() ? "" : " " + message);
        if (status == 403 || status == 429) {
            Optional<GitHubFailure> limit = rateLimit(call, status, header, message, now);
            if (limit.isPresent()) {
                return limit.get();
            }
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if ((status == 422 || status == 409) && lower.startsWith("repository rule violations found")) {
            return new GitHubFailure(Kind.RULESET, said, null);
        }
        if (status == 403 && tooLarge(body)) {
            // the contents API's 1 MB limit: nothing to do with permissions, and GitHub's message says what it is
            return new GitHubFailure(Kind.INVALID, said, null);
        }
        return switch (status) {
            case 401, 403 -> new GitHubFailure(Kind.REFUSED, said, null);
            case 404 -> new GitHubFailure(Kind.NOT_FOUND, said, null);
            case 409 -> new GitHubFailure(Kind.UNAVAILABLE, said + " (a conflict: another attempt reads again)", null);
            case 422 -> new GitHubFailure(unprocessable(lower), said, null);
            case 400, 405, 410, 413, 415 -> new GitHubFailure(Kind.INVALID, said, null);
            default -> new GitHubFailure(status >= 500 || status == 408 ? Kind.UNAVAILABLE : Kind.INVALID, said, null);
        };
    }

    private static Kind unprocessable(String message) {
        if (message.contains("reference already exists")) {
            return Kind.REF_EXISTS;
        }
        if (message.contains("a pull request already exists")) {
            return Kind.PR_EXISTS;
        }
        if (message.contains("no commits between")) {
            return Kind.NO_COMMITS;
        }
        if (message.contains("\"sha\" wasn't supplied")) {
            // the file appeared since it was read: reading it again resolves it
            return Kind.UNAVAILABLE;
        }
        return Kind.INVALID;
    }

    private static Optional<GitHubFailure> rateLimit(String call, int status, Function<String, String> header, String message,
            Instant now) {
        Instant serverNow = date(header.apply("Date")).orElse(now);
        Optional<Duration> retryAfter = retryAfter(header.apply("Retry-After"), serverNow);
        if (retryAfter.isPresent()) {
            return Optional.of(GitHubFailure.rateLimited(Limit.SECONDARY, now.plus(atLeastASecond(retryAfter.get())),
                    "GitHub's secondary rate limit: " + status + " with Retry-After " + header.apply("Retry-After").trim()
                            + (message.isEmpty() ? "" : " (" + message + ")") + " on " + call));
        }
        if ("0".equals(trim(header.apply("X-RateLimit-Remaining")))) {
            Optional<Instant> reset = epoch(header.apply("X-RateLimit-Reset"));
            // measured on GitHub's clock, plus a second: the reset is a whole second and clocks differ a little
            Instant until = reset.map(r -> now.plus(atLeastASecond(Duration.between(serverNow, r).plusSeconds(1)))).orElse(null);
            return Optional.of(GitHubFailure.rateLimited(Limit.PRIMARY, until, "GitHub's primary rate limit: the "
                    + Optional.ofNullable(header.apply("X-RateLimit-Resource")).orElse("core") + " budget of "
                    + Optional.ofNullable(header.apply("X-RateLimit-Limit")).orElse("?") + " calls an hour is used up"
                    + reset.map(r -> " until " + r).orElse("") + " (" + status + " on " + call + ")"));
        }
        String limitedBy = header.apply("gh-limited-by");
        String lower = message.toLowerCase(Locale.ROOT);
        if (limitedBy != null || status == 429 || lower.contains("secondary rate limit") || lower.contains("abuse detection")) {
            return Optional.of(GitHubFailure.rateLimited(Limit.SECONDARY, null, "GitHub's secondary rate limit: " + status
                    + (limitedBy != null ? " gh-limited-by " + limitedBy : "") + (message.isEmpty() ? "" : " (" + message + ")")
                    + ", no time given, on " + call));
        }
        return Optional.empty();
    }

    /** GitHub's 403 for a file over the contents API's 1 MB: {@code errors: [{"code": "too_large"}]}. */
    private static boolean tooLarge(JsonNode body) {
        if (body == null) {
            return false;
        }
        for (JsonNode error : body.path("errors")) {
            if (error.path("code").asText().equals("too_large")) {
                return true;
            }
        }
        return false;
    }

    /** GitHub's message, with the messages of its {@code errors} (where 422s say what was wrong). */
    static String message(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "";
        }
        StringBuilder text = new StringBuilder(body.path("message").asText("").strip().replaceAll("\\s*\\n+\\s*", ": "));
        for (JsonNode error : body.path("errors")) {
            String detail = error.isTextual() ? error.asText() : error.path("message").asText(
                    error.has("field") ? error.path("field").asText() + " " + error.path("code").asText() : "");
            if (!detail.isBlank()) {
                text.append(text.length() > 0 ? ": " : "").append(detail.strip());
            }
        }
        String all = text.toString();
        return all.length() > 500 ? all.substring(0, 500) + "…" : all;
    }

    private static Duration atLeastASecond(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    private static Optional<Duration> retryAfter(String value, Instant serverNow) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            return date(value).map(at -> Duration.between(serverNow, at));
        }
    }

    private static Optional<Instant> date(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException garbled) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> epoch(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
        } catch (NumberFormatException garbled) {
            return Optional.empty();
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
