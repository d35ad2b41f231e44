package uk.gov.gds.awsam.request.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import uk.gov.gds.awsam.request.domain.FieldError;

/** Every error the framework raises at the edge, as application/problem+json. */
public class ProblemMappers {

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(jakarta.ws.rs.core.HttpHeaders headers, jakarta.ws.rs.core.UriInfo uri,
            jakarta.ws.rs.core.Request request) {
        // A person's browser asking for a page is sent to sign in; everything else gets a problem.
        String accept = headers.getHeaderString(jakarta.ws.rs.core.HttpHeaders.ACCEPT);
        if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html") && !CookieWriteFilter.isApi(uri.getPath())) {
            String next = uri.getRequestUri().getRawPath() + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
            return Response.seeOther(jakarta.ws.rs.core.UriBuilder.fromPath("/sign-in").queryParam("next", next).build()).build();
        }
        return Problems.of(401, "unauthenticated", "Authentication required",
                "send a valid bearer token: Authorization: Bearer <token>", java.util.List.of())
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException forbidden) {
        return Problems.of(403, "forbidden", "Forbidden", "you may not do this");
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException failure) {
        Response original = failure.getResponse();
        if (original.getMediaType() != null && Problems.MEDIA_TYPE.equals(original.getMediaType().toString())) {
            return original;
        }
        int status = original.getStatus();
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        Response.ResponseBuilder problem = Problems.of(status, null, title, detail(status), errors(status));
        if (status == 405 && original.getHeaderString("Allow") != null) {
            problem.header("Allow", original.getHeaderString("Allow"));
        }
        return problem.build();
    }

    private static java.util.List<FieldError> errors(int status) {
        return switch (status) {
            case 405 -> java.util.List.of(new FieldError("method", "is not accepted at this address"));
            case 406 -> java.util.List.of(new FieldError("Accept", "names no media type this address answers in"));
            case 415 -> java.util.List.of(new FieldError("Content-Type", "must be application/json (UTF-8)"));
            default -> java.util.List.of();
        };
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "there is nothing at this address";
            case 405 -> "this address does not accept this method";
            case 406 -> "this address answers in application/json (or text/html for pages)";
            case 415 -> "send the body as application/json (UTF-8)";
            default -> "the request could not be served";
        };
    }
}
