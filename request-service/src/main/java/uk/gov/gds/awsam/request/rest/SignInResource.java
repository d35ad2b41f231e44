package uk.gov.gds.awsam.request.rest;

import java.net.URI;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import uk.gov.gds.awsam.request.config.RequestConfig;

/**
 * Signing a browser in: the person pastes a token (in production their identity provider's; in the
 * local run one from LocalTokens), which is verified like any bearer token and kept in an HttpOnly,
 * SameSite=Strict cookie for reading pages. Changes still need the Authorization header (see
 * {@link CookieWriteFilter}).
 */
@Path("/")
@PermitAll
public class SignInResource {

    private final Template signIn;
    private final JWTParser parser;
    private final RequestConfig config;

    public SignInResource(@Location("signIn.html") Template signIn, JWTParser parser, RequestConfig config) {
        this.signIn = signIn;
        this.parser = parser;
        this.config = config;
    }

    @GET
    @Path("sign-in")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response form(@QueryParam("next") String next) {
        return PagesResource.page(signIn.data("next", safeNext(next)).data("error", null).render());
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response signIn(@FormParam("token") String token, @FormParam("next") String next, @Context UriInfo uri) {
        JsonWebToken verified;
        try {
            verified = parser.parse(token == null ? "" : token.trim());
        } catch (ParseException invalid) {
            return Response.status(401).type(MediaType.TEXT_HTML_TYPE)
                    .entity(signIn.data("next", safeNext(next)).data("error", "That token is not valid here (signature, issuer, "
                            + "audience or expiry).").render())
                    .build();
        }
        long maxAge = Math.max(0, verified.getExpirationTime() - Instant.now().getEpochSecond());
        NewCookie cookie = new NewCookie.Builder(config.tokenCookie()).value(token.trim()).path("/").httpOnly(true)
                .secure("https".equals(uri.getRequestUri().getScheme())).sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) Math.min(Integer.MAX_VALUE, maxAge)).build();
        return Response.seeOther(URI.create(safeNext(next))).cookie(cookie).build();
    }

    @POST
    @Path("sign-out")
    @Operation(hidden = true)
    public Response signOut() {
        NewCookie expired = new NewCookie.Builder(config.tokenCookie()).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.seeOther(URI.create("/sign-in")).cookie(expired).build();
    }

    /** Only a path of this site: no scheme, no host, no protocol-relative "//". */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.chars().anyMatch(c -> c < 0x21)) {
            return "/";
        }
        return next;
    }
}
