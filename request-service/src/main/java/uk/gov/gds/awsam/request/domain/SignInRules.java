package uk.gov.gds.awsam.request.domain;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who a signed-in person is, from what their identity provider's token says (DESIGN.md §5): their email from the
 * configured claim, which the provider must have verified, and whether they are an engineer (a member of the
 * engineer group in the configured groups claim, or named as an engineer by email, for providers without groups).
 * Providers differ: Google sends no groups, Entra may carry the email in another claim.
 */
public final class SignInRules {

    /** A person the service knows: their email (lower case) and whether they see every request. */
    public record Person(String email, boolean engineer) {
    }

    /** What became of a token's claims: a person, or why none (said to the person, never the token). */
    public sealed interface Outcome {
        record SignedIn(Person person) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    private final String emailClaim;
    private final boolean requireVerifiedEmail;
    private final List<String> groupsPath;
    private final String engineerGroup;
    private final Set<String> engineerEmails;

    public SignInRules(String emailClaim, boolean requireVerifiedEmail, String groupsClaim, String engineerGroup,
            Collection<String> engineerEmails) {
        this.emailClaim = emailClaim;
        this.requireVerifiedEmail = requireVerifiedEmail;
        this.groupsPath = List.of(groupsClaim.split("/"));
        this.engineerGroup = engineerGroup;
        this.engineerEmails = engineerEmails.stream().map(SignInRules::lowerCase).filter(email -> !email.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The person a token names, given its claims by name (null for a claim it does not carry). */
    public Outcome person(Function<String, Object> claims) {
        Object email = claims.apply(emailClaim);
        if (!(email instanceof String text) || text.isBlank()) {
            return new Outcome.Refused("your identity provider did not say your email address (claim " + emailClaim + ")");
        }
        if (requireVerifiedEmail && !isTrue(claims.apply("email_verified"))) {
            return new Outcome.Refused("your identity provider has not verified your email address (email_verified is not true)");
        }
        String lowerCase = lowerCase(text);
        boolean engineer = engineerEmails.contains(lowerCase) || groups(claims).contains(engineerGroup);
        return new Outcome.SignedIn(new Person(lowerCase, engineer));
    }

    private Set<String> groups(Function<String, Object> claims) {
        Object value = claims.apply(groupsPath.get(0));
        for (String step : groupsPath.subList(1, groupsPath.size())) {
            value = value instanceof Map<?, ?> map ? map.get(step) : null;
        }
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return value instanceof String one ? Set.of(one.split("[ ,]+")) : Set.of();
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    private static String lowerCase(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
