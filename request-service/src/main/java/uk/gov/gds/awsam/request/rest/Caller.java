package uk.gov.gds.awsam.request.rest;

import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import uk.gov.gds.awsam.request.config.RequestConfig;

/**
 * Who is calling: the authenticated token's {@code email} claim (never a field of a body), and whether
 * they are an engineer (a member of the configured group), who may see every request.
 */
@RequestScoped
public class Caller {

    public static final String EMAIL_CLAIM = "email";

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final String engineerGroup;

    public Caller(JsonWebToken token, SecurityIdentity identity, RequestConfig config) {
        this.token = token;
        this.identity = identity;
        this.engineerGroup = config.engineerGroup();
    }

    /** The caller's email as the token states it (lower-cased); null when the token has none. */
    public String email() {
        Object email = token.getClaim(EMAIL_CLAIM);
        return email == null ? null : email.toString().trim().toLowerCase(Locale.ROOT);
    }

    public boolean isEngineer() {
        return identity.hasRole(engineerGroup);
    }

    /** Whether the caller may see a request made by {@code requesterEmail}. */
    public boolean maySee(String requesterEmail) {
        return isEngineer() || (requesterEmail != null && requesterEmail.equalsIgnoreCase(email()));
    }
}
