package uk.gov.gds.awsam.request.rest;

import java.util.Map;

import uk.gov.gds.awsam.request.domain.FieldError;

/** The body of an engineer's action: {@code {"reason": "what was fixed"}}, nothing else. */
record ReasonBody(String reason, FieldError error) {

    static final int MAX_LENGTH = 500;

    static ReasonBody parse(byte[] body) {
        JsonBodies.Parsed parsed = JsonBodies.parse(body);
        if (parsed.error() != null) {
            return new ReasonBody(null, parsed.error());
        }
        if (!(parsed.tree() instanceof Map<?, ?> object)) {
            return new ReasonBody(null, new FieldError("body", "must be a JSON object: {\"reason\": \"what was fixed\"}"));
        }
        for (Object name : object.keySet()) {
            if (!"reason".equals(name)) {
                return new ReasonBody(null, new FieldError(String.valueOf(name), "is not a field of this request"));
            }
        }
        return of(object.get("reason"));
    }

    /** A reason typed in a form or sent in a body. */
    static ReasonBody of(Object reason) {
        if (!(reason instanceof String text) || text.isBlank()) {
            return new ReasonBody(null, new FieldError("reason", "is required: say what was fixed"));
        }
        String stripped = text.strip();
        if (stripped.length() > MAX_LENGTH || stripped.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
            return new ReasonBody(null, new FieldError("reason", "must be at most " + MAX_LENGTH + " characters of text"));
        }
        return new ReasonBody(stripped, null);
    }
}
