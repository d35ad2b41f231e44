package uk.gov.gds.awsam.request.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.FieldError;

/** Refuses a body announced as too large before any of it is read, as problem+json. */
public class BodyLimitFilter {

    private final RequestConfig config;

    public BodyLimitFilter(RequestConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseLargeBodies(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long announced;
        try {
            announced = Long.parseLong(length.trim());
        } catch (NumberFormatException malformed) {
            return Problems.about(400, "invalid-request", "Bad Content-Length",
                    new FieldError(HttpHeaders.CONTENT_LENGTH, "must be a number of bytes"));
        }
        return announced > config.maxBodyBytes() ? tooLarge(config) : null;
    }

    static Response tooLarge(RequestConfig config) {
        return Problems.about(413, "too-large", "Body too large",
                new FieldError("body", "must be at most " + config.maxBodyBytes() + " bytes"));
    }
}
