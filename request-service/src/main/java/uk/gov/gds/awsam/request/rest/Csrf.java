package uk.gov.gds.awsam.request.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Cross-site request forgery cannot change anything through a page: every form post (any method but GET, HEAD and
 * OPTIONS outside {@code /api/} and {@code /preflight}) must come from this site (its {@code Origin} and {@code Sec-Fetch-Site} headers,
 * when the browser sends them) and carry the {@value #FIELD} field of the signed-in person's session, an HMAC of the
 * provider's session id (or, without one, the subject) under a key derived from the client secret. Another site can
 * neither read it nor compute it. Pages put it in their forms with {@code {#csrf /}} (templates/tags/csrf.html).
 * The API and the preflight take no cookies at all (bearer tokens only), so they need none of this.
 */
@ApplicationScoped
public class Csrf {

    public static final String FIELD = "csrf";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final SecretKeySpec key;
    private final CurrentIdentityAssociation identities;

    public Csrf(@ConfigProperty(name = "quarkus.oidc.credentials.secret") String clientSecret, CurrentIdentityAssociation identities) {
        this.identities = identities;
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256").digest(("awsam-csrf|" + clientSecret).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "HmacSHA256");
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The token of a signed-in person's session; empty for anyone else. */
    public String token(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return "";
        }
        Object sid = token.getClaim("sid");
        String session = sid != null ? "sid:" + sid : "sub:" + token.getIssuer() + "|" + token.getSubject();
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(session.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @ServerRequestFilter(readBody = true)
    public Uni<Response> refuseForgedPosts(ResteasyReactiveContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (SAFE.contains(request.getMethod()) || ProblemMappers.isApi(path)) {
            return Uni.createFrom().nullItem();
        }
        String site = request.getHeaderString("Sec-Fetch-Site");
        String origin = request.getHeaderString("Origin");
        if ((site != null && !site.equals("same-origin") && !site.equals("none"))
                || (origin != null && !sameOrigin(origin, request.getUriInfo().getBaseUri()))) {
            return Uni.createFrom().item(refused("the form was sent from another site"));
        }
        Object sent = ((org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext) request.getServerRequestContext())
                .getFormParameter(FIELD, true, false);
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                return null; // not signed in: the page's own check sends them to sign in
            }
            String expected = token(identity);
            return sent instanceof String value && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8)) && !expected.isEmpty()
                    ? null : refused("the form did not carry this session's token (it may be from before you signed in again)");
        });
    }

    private static boolean sameOrigin(String origin, URI base) {
        try {
            URI from = URI.create(origin);
            return base.getScheme().equalsIgnoreCase(from.getScheme()) && base.getHost().equalsIgnoreCase(from.getHost())
                    && port(base) == port(from);
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Response refused(String why) {
        return Pages.error(403, "This form cannot be accepted",
                "Nothing was changed: " + why + ". Go back, reload the page and send the form again.")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
