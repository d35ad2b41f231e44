package uk.gov.gds.awsam.provisioner.testing;

import java.util.Optional;

import jakarta.inject.Singleton;

import uk.gov.gds.awsam.provisioner.domain.AccountClosure;

/**
 * The suspended unit of the tests (it replaces the configured one): each test's organisation is fresh, so its unit
 * has a new id, which the test sets here after creating it.
 */
@Singleton
public class SuspendedUnitForTests implements AccountClosure.SuspendedUnit {

    private volatile String parentId;

    public void set(String parentId) {
        this.parentId = parentId;
    }

    @Override
    public Optional<String> parentId() {
        return Optional.ofNullable(parentId);
    }
}
