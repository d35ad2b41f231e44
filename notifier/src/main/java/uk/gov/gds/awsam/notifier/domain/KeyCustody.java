package uk.gov.gds.awsam.notifier.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each new account's YubiKeys are: seeded by an engineer (RootMfaSeeded), out of the safe until root
 * is secured (RootSecured) and then until the engineer confirms they are back (YubikeysReturned). Rebuilt
 * from those topics at start; events may arrive in any order across topics. Thread-safe.
 */
public final class KeyCustody {

    private final Map<String, Keys> byRequest = new ConcurrentHashMap<>();

    /**
     * One request's keys.
     *
     * @param secured the RootSecured facts, null until root is secured
     * @param engineer who seeded the keys, null until known
     */
    public record Keys(String requestId, Facts.AccountSecured secured, String engineer, List<String> serials, boolean returned) {

        static Keys none(String requestId) {
            return new Keys(requestId, null, null, List.of(), false);
        }

        /** Root is secured and the keys are not back in the safe. */
        public boolean outstanding() {
            return secured != null && !returned;
        }

        public Instant securedAt() {
            return secured == null ? null : secured.occurredAt();
        }
    }

    public void seeded(Facts.RootMfaSeeded seeded) {
        byRequest.compute(seeded.requestId(), (id, keys) -> {
            Keys current = keys == null ? Keys.none(id) : keys;
            return new Keys(id, current.secured(), seeded.engineer(), seeded.serials(), current.returned());
        });
    }

    public void secured(Facts.AccountSecured secured) {
        byRequest.compute(secured.requestId(), (id, keys) -> {
            Keys current = keys == null ? Keys.none(id) : keys;
            return new Keys(id, secured, current.engineer(), current.serials(), current.returned());
        });
    }

    public void returned(Facts.KeysReturned returned) {
        byRequest.compute(returned.requestId(), (id, keys) -> {
            Keys current = keys == null ? Keys.none(id) : keys;
            return new Keys(id, current.secured(), current.engineer(), current.serials(), true);
        });
    }

    public Optional<Keys> of(String requestId) {
        return Optional.ofNullable(byRequest.get(requestId));
    }

    /** Every account whose keys are out of the safe after root was secured. */
    public List<Keys> outstanding() {
        return byRequest.values().stream().filter(Keys::outstanding).toList();
    }
}
