package uk.gov.gds.awsam.request.rest;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import io.quarkus.arc.Arc;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * How every page is answered: server-rendered HTML (templates/layout.html gives the GOV.UK look), never framed,
 * sniffed or cached, running no script but the site's own, and posting forms only to this site (and, for signing
 * out, the identity provider it redirects to). Errors a person meets on a page are pages too ({@link #error}).
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
public class Pages {

    /** Where forms may go: this site, and the identity provider that signing out redirects to (browsers check redirects too). */
    private static volatile String formTargets;

    private final Template error;

    public Pages(@Location("error.html") Template error) {
        this.error = error;
    }

    private static String formTargets() {
        if (formTargets == null) {
            formTargets = "'self' " + origin(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse(""));
        }
        return formTargets;
    }

    /** A page (200). */
    public static Response page(String html) {
        return page(200, html).build();
    }

    public static Response.ResponseBuilder page(int status, String html) {
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
                        + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action " + formTargets());
    }

    /** A page saying what went wrong and what to do, with the status it deserves. */
    public static Response.ResponseBuilder error(int status, String title, String detail) {
        return error(status, title, detail, "/", "Go to the list of requests");
    }

    /** The same, linking back to the page the person came from ({@code back}, named {@code backText}). */
    public static Response.ResponseBuilder error(int status, String title, String detail, String back, String backText) {
        return page(status, Arc.container().instance(Pages.class).get().render(title, detail, status, back, backText));
    }

    String render(String title, String detail, int status, String back, String backText) {
        return error.data("title", title).data("detail", detail).data("status", status).data("back", back).data("backText", backText)
                .render();
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return "";
        }
    }
}
