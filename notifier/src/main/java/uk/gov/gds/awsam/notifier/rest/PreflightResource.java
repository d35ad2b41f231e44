package uk.gov.gds.awsam.notifier.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import uk.gov.gds.awsam.notifier.client.SmtpPreflight;
import uk.gov.gds.awsam.preflight.Report;
import uk.gov.gds.awsam.preflight.ReportResponses;

/**
 * {@code POST /preflight}: checks the outside systems the notifier sends with, with its real configuration and
 * credentials, and answers the report: {@code text/plain} (the default) or the {@link Report} as JSON when asked for;
 * 200 when nothing failed, 503 otherwise. It sends no email.
 */
@Path("/preflight")
public class PreflightResource {

    static final String SERVICE = "notifier";

    private final SmtpPreflight smtp;

    public PreflightResource(SmtpPreflight smtp) {
        this.smtp = smtp;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    public Response preflight(@Context HttpHeaders headers) {
        Report report = new Report(SERVICE, smtp.check());
        return ReportResponses.of(report, headers);
    }
}
