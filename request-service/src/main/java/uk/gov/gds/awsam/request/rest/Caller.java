package uk.gov.gds.awsam.request.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;
import uk.gov.gds.awsam.request.domain.SignInRules.Person;

/**
 * Who is calling: the person their identity provider's token names (never a field of a body), signed in through
 * the browser or calling the API with a bearer token, and whether they are an engineer, who may see every request.
 * {@link SignInAugmentor} decides who that is; this reads it. Templates read it as {@code inject:caller}.
 *
 * <p>A page or endpoint only for engineers asks {@link #isEngineer()} (for the API, {@link EngineersOnly}): there is
 * no engineer role, so no {@code @RolesAllowed}.
 */
@RequestScoped
@Named("caller")
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    private Person person() {
        return identity.isAnonymous() ? null : identity.getAttribute(SignInAugmentor.PERSON);
    }

    /** Whether a person is signed in. */
    public boolean signedIn() {
        return person() != null;
    }

    /** The caller's email (lower case); null when no one is signed in. */
    public String email() {
        Person person = person();
        return person == null ? null : person.email();
    }

    public boolean isEngineer() {
        Person person = person();
        return person != null && person.engineer();
    }

    /** Whether the caller may see a request made by {@code requesterEmail}. */
    public boolean maySee(String requesterEmail) {
        return isEngineer() || (requesterEmail != null && requesterEmail.equalsIgnoreCase(email()));
    }
}
