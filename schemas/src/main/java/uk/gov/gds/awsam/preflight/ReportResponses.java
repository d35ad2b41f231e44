package uk.gov.gds.awsam.preflight;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer of every service's {@code POST /preflight}: {@link Report#httpStatus()}, and the report as text for a
 * terminal, or as JSON when the caller prefers it to text.
 */
public final class ReportResponses {

    private ReportResponses() {
    }

    public static Response of(Report report, HttpHeaders headers) {
        return wantsJson(headers)
                ? Response.status(report.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(report).build()
                : Response.status(report.httpStatus()).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(report.text()).build();
    }

    /** JSON when the caller prefers it to text (text for a terminal otherwise, and when it says nothing). */
    private static boolean wantsJson(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.TEXT_PLAIN_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }
}
