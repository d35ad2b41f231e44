package uk.gov.gds.awsam.request.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.quarkus.security.Authenticated;
import uk.gov.gds.awsam.preflight.ReportResponses;
import uk.gov.gds.awsam.request.client.Preflight;

/**
 * {@code POST /preflight}: checks the outside systems the service depends on (identity provider, Kafka topics,
 * schema registry) with its real configuration and says, for each check, PASS, FAIL with what to change, or
 * CANNOT-CHECK with why: as text for a terminal, or the report as JSON. 200 when nothing failed, 503 otherwise.
 * Engineers only (bearer token, as the API; the same problem+json refusal as the engineers' other endpoints).
 */
@Path(PreflightResource.PATH)
@Authenticated
@SecurityRequirement(name = "bearer")
public class PreflightResource {

    public static final String PATH = "/preflight";

    private final Preflight preflight;
    private final Caller caller;

    public PreflightResource(Preflight preflight, Caller caller) {
        this.preflight = preflight;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Engineers: check the identity provider, the Kafka topics and the schema registry with the service's own settings")
    @APIResponse(responseCode = "200", description = "Every check passed or could not be made (see the report); text, or the report as JSON")
    @APIResponse(responseCode = "403", description = "Not an engineer")
    @APIResponse(responseCode = "503", description = "A check failed: the report says what to change")
    public Response run(@Context HttpHeaders headers) {
        Response refused = EngineersOnly.refuse(caller);
        if (refused != null) {
            return refused;
        }
        return ReportResponses.of(preflight.run(), headers);
    }
}
