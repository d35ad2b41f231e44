package uk.gov.gds.awsam.request.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in person's form token, for templates ({@code {#csrf /}} writes it as a hidden field). */
@RequestScoped
@Named("csrfToken")
public class CsrfToken {

    private final Csrf csrf;
    private final SecurityIdentity identity;

    public CsrfToken(Csrf csrf, SecurityIdentity identity) {
        this.csrf = csrf;
        this.identity = identity;
    }

    public String value() {
        return csrf.token(identity);
    }
}
