package uk.gov.gds.awsam.request.rest;

import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import uk.gov.gds.awsam.request.domain.FieldError;

/**
 * The browser's cookie is for reading pages only: an API call that changes something must carry its
 * token in the Authorization header, which another site cannot make a browser send (no cross-site
 * request forgery through the cookie).
 */
public class CookieWriteFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** Whether a path (with or without its leading slash) is under /api/. */
    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("api/");
    }

    @ServerRequestFilter(preMatching = true)
    public Response requireAuthorizationHeaderForChanges(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || !isApi(request.getUriInfo().getPath())) {
            return null;
        }
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        return Problems.of(401, "unauthenticated", "Authentication required",
                "send a bearer token in the Authorization header: a cookie does not authorise changes",
                java.util.List.of(new FieldError(HttpHeaders.AUTHORIZATION, "is required to change anything")))
                .header("WWW-Authenticate", "Bearer").build();
    }
}
