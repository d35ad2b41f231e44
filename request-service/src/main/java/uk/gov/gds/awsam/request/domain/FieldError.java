package uk.gov.gds.awsam.request.domain;

/**
 * One thing wrong with an input: which field (a path such as {@code team.lead.email} or
 * {@code adminUserEmails[2]}; {@code body} for the body as a whole) and what rule it breaks. Messages say
 * what is expected and never repeat the value, so nothing a caller sent is reflected back.
 */
public record FieldError(String field, String message) {
}
