package uk.gov.gds.awsam.request.rest;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.resteasy.reactive.server.runtime.exceptionmappers.UnauthorizedExceptionMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import uk.gov.gds.awsam.request.domain.FieldError;

/**
 * Every error the framework raises at the edge: as application/problem+json under {@code /api/}, as a page for a
 * person everywhere else (someone not signed in is sent to the identity provider to sign in).
 */
public class ProblemMappers {

    private static final UnauthorizedExceptionMapper SIGN_IN = new UnauthorizedExceptionMapper();

    /** The API and the preflight: bearer tokens only (the {@code api} OIDC tenant), answered with problem+json. */
    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("api/") || path.equals(PreflightResource.PATH)
                || path.equals(PreflightResource.PATH.substring(1));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Uni<Response> unauthenticated(Exception failure, UriInfo uri, RoutingContext context) {
        String refused = refusal(failure);
        if (isApi(uri.getPath())) {
            return Uni.createFrom().item(Problems.of(401, "unauthenticated", "Authentication required",
                    refused != null ? "the token was refused: " + refused
                            : "send a valid bearer token from the organisation's identity provider: Authorization: Bearer <token>",
                    List.of()).header("WWW-Authenticate", "Bearer").build());
        }
        if (refused != null) {
            return Uni.createFrom().item(refusedPage(refused));
        }
        // a person's browser: the identity provider's sign-in (Quarkus OIDC's challenge, with its state cookie)
        return SIGN_IN.handle(context);
    }

    /** The sign-in could not be completed: a replayed or forged return from the provider, or a refused identity. */
    @ServerExceptionMapper
    public Response signInNotCompleted(AuthenticationCompletionException failure) {
        String refused = refusal(failure);
        if (refused != null) {
            return refusedPage(refused);
        }
        return Pages.error(401, "Sign-in did not complete",
                "The answer from your organisation's sign-in did not belong to a sign-in started in this browser, so it was not "
                        + "used. Nobody was signed in. Start again from the list of requests.").build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException failure, UriInfo uri, HttpHeaders headers) {
        Response original = failure.getResponse();
        if (original.getMediaType() != null && Problems.MEDIA_TYPE.equals(original.getMediaType().toString())) {
            return original;
        }
        int status = original.getStatus();
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        if (!isApi(uri.getPath()) && accept != null && accept.contains("text/html")) {
            return Pages.error(status, status == 404 ? "Page not found" : title, detail(status)).build();
        }
        Response.ResponseBuilder problem = Problems.of(status, null, title, detail(status), errors(status));
        if (status == 405 && original.getHeaderString("Allow") != null) {
            problem.header("Allow", original.getHeaderString("Allow"));
        }
        return problem.build();
    }

    private static Response refusedPage(String reason) {
        return Pages.error(403, "You cannot use this service yet",
                "Your organisation's sign-in worked, but " + reason + ". Ask the people who run your sign-in to fix it, "
                        + "then sign in again.").build();
    }

    /** The reason the sign-in rules refused the identity, if that is what failed. */
    private static String refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SignInAugmentor.RefusedSignIn refused) {
                return refused.getMessage();
            }
        }
        return null;
    }

    private static List<FieldError> errors(int status) {
        return switch (status) {
            case 405 -> List.of(new FieldError("method", "is not accepted at this address"));
            case 406 -> List.of(new FieldError("Accept", "names no media type this address answers in"));
            case 415 -> List.of(new FieldError("Content-Type", "must be application/json (UTF-8)"));
            default -> List.of();
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
