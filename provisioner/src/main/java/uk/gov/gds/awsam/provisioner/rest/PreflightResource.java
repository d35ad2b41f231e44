package uk.gov.gds.awsam.provisioner.rest;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;
import uk.gov.gds.awsam.preflight.Report;
import uk.gov.gds.awsam.preflight.ReportResponses;
import uk.gov.gds.awsam.provisioner.client.AwsPreflight;

/**
 * {@code POST /preflight[?unit=ou-...]}: checks AWS with the provisioner's real configuration and credentials (see
 * {@link AwsPreflight}; each {@code unit} is an organisational unit new accounts go to) and answers the report:
 * {@code text/plain} (the default) or the {@link Report} as JSON when asked for; 200 when nothing failed, 503
 * otherwise. It only reads.
 */
@Path("/preflight")
public class PreflightResource {

    static final String SERVICE = "provisioner";

    private final AwsPreflight aws;

    public PreflightResource(AwsPreflight aws) {
        this.aws = aws;
    }

    @POST
    @Blocking
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response preflight(@QueryParam("unit") List<String> units, @Context HttpHeaders headers) {
        Report report = new Report(SERVICE, aws.check(units == null ? List.of() : units));
        return ReportResponses.of(report, headers);
    }
}
