package uk.gov.gds.awsam.provisioner.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * When the provisioner looks for the bootstrap role of an account it handed over: first {@code checkAfter} after
 * the hand-over (the YubikeysReturned that completed its request), then at each check's {@code nextCheckAt}
 * ({@code checkEvery} later) while the role is there or cannot be seen; never after it was seen REMOVED or after
 * the provisioner announced the account's closure (AccountClosing). Only accounts the provisioner made and announced
 * (AccountCreated) are watched: accounts made by hand are not.
 *
 * <p>Everything it decides from comes from the topics ({@link Known}), so a restart decides the same: a check is
 * due until its event is published, and its id derives from the hand-over and its number, so a look repeated after
 * a crash between GetRole and the publish gives the same event, once.
 */
public final class BootstrapRoleSchedule {

    /** What the provisioner saw of the bootstrap role. */
    public enum RoleState {
        /** GetRole found it: the requesters have not replaced it yet. */
        PRESENT,
        /** GetRole answered NoSuchEntity: nothing more to remind. */
        REMOVED,
        /** The provisioner could not look (the audit role missing or refused, or AWS still failing). */
        NOT_VISIBLE
    }

    /** A YubikeysReturned: the request's account was handed over at {@code at}. */
    public record HandOver(String requestId, String eventId, String accountId, Instant at) {
    }

    /** The account as the provisioner announced it (AccountCreated). */
    public record Announced(String accountId, String accountName) {
    }

    /** One of the provisioner's BootstrapRoleChecked events. */
    public record Check(String eventId, RoleState state, Instant checkedAt, Instant nextCheckAt) {
    }

    /** What the topics say, read back at start and kept up to date. */
    public interface Known {

        /** Every hand-over (the first YubikeysReturned of each request). */
        Collection<HandOver> handOvers();

        /** The AccountCreated the provisioner published for the request, if it did. */
        Optional<Announced> announced(String requestId);

        /** The provisioner's BootstrapRoleChecked of the request, each once, in the order published. */
        List<Check> checks(String requestId);

        /** Whether the provisioner announced the account's closure (AccountClosing). */
        boolean closing(String accountId);
    }

    /**
     * A look that is due: the {@code number}th (from 1) of the request's account, with its event id, and the
     * event it follows (the YubikeysReturned for the first, the previous check after).
     */
    public record Due(String eventId, String requestId, String causationId, String accountId, String accountName, int number,
            Instant handedOverAt, Instant dueAt) {
    }

    private final Duration checkAfter;
    private final Duration checkEvery;

    /**
     * @param checkAfter from the hand-over to the first look
     * @param checkEvery between looks while the role is there or cannot be seen (the reminder cadence)
     */
    public BootstrapRoleSchedule(Duration checkAfter, Duration checkEvery) {
        if (checkAfter.isNegative() || checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("bootstrap role checks need check-after >= 0 and check-every > 0, got " + checkAfter
                    + ", " + checkEvery);
        }
        this.checkAfter = checkAfter;
        this.checkEvery = checkEvery;
    }

    /** The looks due at {@code now}, the longest overdue first; at most one per account. */
    public List<Due> due(Known known, Instant now) {
        return known.handOvers().stream().map(handOver -> next(known, handOver)).flatMap(Optional::stream)
                .filter(due -> !due.dueAt().isAfter(now)).sorted(Comparator.comparing(Due::dueAt)).toList();
    }

    /** The account's next look, whenever it is due; none when the account is not watched or no more looks are needed. */
    public Optional<Due> next(Known known, HandOver handOver) {
        Optional<Announced> announced = known.announced(handOver.requestId())
                .filter(account -> account.accountId().equals(handOver.accountId()));
        if (announced.isEmpty() || known.closing(handOver.accountId())) {
            return Optional.empty();
        }
        List<Check> checks = known.checks(handOver.requestId());
        Check last = checks.isEmpty() ? null : checks.get(checks.size() - 1);
        if (last != null && (last.state() == RoleState.REMOVED || last.nextCheckAt() == null)) {
            return Optional.empty();
        }
        int number = checks.size() + 1;
        return Optional.of(new Due(eventId(handOver.eventId(), number), handOver.requestId(), last == null ? handOver.eventId() : last.eventId(),
                handOver.accountId(), announced.get().accountName(), number, handOver.at(),
                last == null ? handOver.at().plus(checkAfter) : last.nextCheckAt()));
    }

    /** When to look again after a look at {@code checkedAt} that did not find the role removed. */
    public Instant nextCheckAt(Instant checkedAt) {
        return checkedAt.plus(checkEvery);
    }

    /** The id of the {@code number}th look after the hand-over {@code handOverEventId}: the same however often it is tried. */
    public static String eventId(String handOverEventId, int number) {
        return UUID.nameUUIDFromBytes((handOverEventId + ":bootstrap-role-check:" + number).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
