package uk.gov.gds.awsam.pr.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;
import uk.gov.gds.awsam.pr.client.GitHubPreflight;
import uk.gov.gds.awsam.preflight.Report;
import uk.gov.gds.awsam.preflight.ReportResponses;

/**
 * {@code POST /preflight}: checks GitHub with pr-service's real configuration and credentials (see
 * {@link GitHubPreflight}) and answers the report: {@code text/plain} (the default) or the {@link Report} as JSON
 * when asked for; 200 when nothing failed, 503 otherwise. It writes nothing on GitHub but a webhook ping.
 */
@Path("/preflight")
public class PreflightResource {

    static final String SERVICE = "pr-service";

    private final GitHubPreflight github;

    public PreflightResource(GitHubPreflight github) {
        this.github = github;
    }

    @POST
    @Blocking
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response preflight(@Context HttpHeaders headers) {
        Report report = new Report(SERVICE, github.run());
        return ReportResponses.of(report, headers);
    }
}
