package uk.gov.gds.awsam.request.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;

/**
 * Signing in and out in a browser, with the organisation's identity provider (OIDC authorization code flow with PKCE;
 * the flow itself is Quarkus OIDC's, see application.properties). A page that needs a person sends them to the
 * provider; the provider sends them back to {@code /signed-in}, and from there to the page they asked for. Signing
 * out ({@code POST /sign-out}) ends the session here and at the provider, which sends them to {@code /signed-out}.
 */
@Path("/")
public class SessionResource {

    private final Template signedOut;

    public SessionResource(@Location("signed-out.html") Template signedOut) {
        this.signedOut = signedOut;
    }

    /** Where the provider sends people back; Quarkus OIDC completes the sign-in and restores the page they asked for. */
    @GET
    @Path("signed-in")
    @Authenticated
    @Operation(hidden = true)
    public Response signedIn() {
        return Response.seeOther(URI.create("/")).build();
    }

    /** Intercepted by Quarkus OIDC for a signed-in person (the session ends here and at the provider). */
    @POST
    @Path("sign-out")
    @Authenticated
    @Operation(hidden = true)
    public Response signOut() {
        return Response.seeOther(URI.create("/signed-out")).build();
    }

    @GET
    @Path("signed-out")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response signedOut() {
        return Pages.page(signedOut.instance().render());
    }
}
