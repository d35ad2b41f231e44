package uk.gov.gds.awsam.request.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import uk.gov.gds.awsam.request.domain.FieldError;

/**
 * Errors as {@code application/problem+json} (RFC 9457): a type, a title, the status, a detail in words
 * and, for invalid input, {@code errors}: every bad field with what is wrong with it.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "/problems/";

    private Problems() {
    }

    /** At most this many errors are listed: a body of thousands of unknown fields gets a bounded answer. */
    static final int MAX_ERRORS = 50;

    public static Response invalid(List<FieldError> errors) {
        return invalid(errors, 400);
    }

    /** Invalid input answered with {@code status}: 422 where the body is well formed but names what cannot be done. */
    public static Response invalid(List<FieldError> errors, int status) {
        List<FieldError> listed = errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors;
        String detail = describe(listed) + (errors.size() > MAX_ERRORS ? " (and " + (errors.size() - MAX_ERRORS) + " more)" : "");
        return of(status, "invalid-request", "The request is not valid", detail, listed).build();
    }

    /** A problem about one field (or header, or the body as a whole). */
    public static Response about(int status, String type, String title, FieldError error) {
        return of(status, type, title, error.field() + " " + error.message(), List.of(error)).build();
    }

    public static Response of(int status, String type, String title, String detail) {
        return of(status, type, title, detail, List.of()).build();
    }

    public static Response unavailable(String detail, Duration retryAfter) {
        return of(503, "unavailable", "Not accepted now: retry later", detail, List.of())
                .header("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .build();
    }

    public static Response.ResponseBuilder of(int status, String type, String title, String detail, List<FieldError> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type == null ? "about:blank" : TYPE_PREFIX + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            problem.put("errors", errors.stream().map(error -> Map.of("field", error.field(), "message", error.message())).toList());
        }
        return Response.status(status).type(MEDIA_TYPE).entity(problem);
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are not valid: " + String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
    }
}
