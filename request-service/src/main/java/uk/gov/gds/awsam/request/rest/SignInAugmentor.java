package uk.gov.gds.awsam.request.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import uk.gov.gds.awsam.request.domain.SignInRules;

/**
 * Turns a verified token (the ID token of a browser's session, or an API caller's access token) into the person it
 * names, by {@link SignInRules}: the identity gets the {@link #PERSON} attribute, which says whether they are an
 * engineer ({@link Caller#isEngineer()}). A token the rules refuse (no email, or one the provider has not verified) fails authentication:
 * the API answers 401 and a browser is told why.
 */
@ApplicationScoped
public class SignInAugmentor implements SecurityIdentityAugmentor {

    public static final String PERSON = "awsam.person";
    private static final Logger LOG = Logger.getLogger(SignInAugmentor.class);

    private final SignInRules rules;

    public SignInAugmentor(SignInRules rules) {
        this.rules = rules;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        SignInRules.Outcome outcome = rules.person(name -> plain(token.getClaim(name)));
        if (outcome instanceof SignInRules.Outcome.Refused refused) {
            LOG.infof("Sign-in refused (issuer %s, subject %s): %s", token.getIssuer(), token.getSubject(), refused.reason());
            return Uni.createFrom().failure(new AuthenticationFailedException(new RefusedSignIn(refused.reason())));
        }
        SignInRules.Person person = ((SignInRules.Outcome.SignedIn) outcome).person();
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addAttribute(PERSON, person).build());
    }

    /** A sign-in the rules refused, with the reason to tell the person (the cause of the authentication failure). */
    public static final class RefusedSignIn extends RuntimeException {
        public RefusedSignIn(String reason) {
            super(reason);
        }
    }

    /** A claim as plain Java: strings, booleans, numbers, lists and maps (tokens hold JSON-P values). */
    static Object plain(Object claim) {
        if (claim instanceof JsonString string) {
            return string.getString();
        }
        if (claim instanceof JsonNumber number) {
            return number.numberValue();
        }
        if (claim instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (claim instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach((key, value) -> map.put(key, plain(value)));
            return map;
        }
        if (claim instanceof JsonValue value) {
            return value == JsonValue.TRUE ? Boolean.TRUE : value == JsonValue.FALSE ? Boolean.FALSE : null;
        }
        if (claim instanceof java.util.Collection<?> collection) {
            return collection.stream().map(SignInAugmentor::plain).toList();
        }
        return claim;
    }
}
