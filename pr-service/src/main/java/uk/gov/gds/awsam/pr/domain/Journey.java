package uk.gov.gds.awsam.pr.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a request asks for, with the slug its branch names carry (set by terraform-generator). */
public enum Journey {
    NEW_ACCOUNT("new-account"),
    USER_ACCESS("user-access"),
    USER_REMOVAL("user-removal"),
    ACCOUNT_CLOSURE("account-closure");

    private final String slug;

    Journey(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public static Optional<Journey> ofSlug(String slug) {
        return Arrays.stream(values()).filter(j -> j.slug.equals(slug)).findFirst();
    }
}
