package uk.gov.gds.awsam.notifier.domain;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * When each handed-over account's bootstrap role was found still there (each such check reminds the requesters),
 * so that the check that finds it gone knows whether anyone was reminded. Rebuilt from the BootstrapRoleChecked
 * topic at start. Thread-safe.
 */
public final class BootstrapRoleChecks {

    private final Map<String, NavigableSet<Instant>> presentAt = new ConcurrentHashMap<>();

    public void checked(Facts.BootstrapRoleChecked check) {
        if (check.state() == Facts.BootstrapRoleChecked.RoleState.PRESENT) {
            presentAt.computeIfAbsent(check.requestId(), id -> new ConcurrentSkipListSet<>()).add(check.checkedAt());
        }
    }

    /** The last check of the request's account, before {@code instant}, that found the role still there. */
    public Optional<Instant> lastPresentBefore(String requestId, Instant instant) {
        NavigableSet<Instant> checks = presentAt.get(requestId);
        return Optional.ofNullable(checks == null ? null : checks.lower(instant));
    }
}
