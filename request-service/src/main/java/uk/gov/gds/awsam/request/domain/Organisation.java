package uk.gov.gds.awsam.request.domain;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** AWS Organizations as the intake reads it (read-only): where an account to close is found. */
public interface Organisation {

    /**
     * The accounts with this 12-digit id or this name (as Organizations records it: names need not be unique), with
     * the ids of the accounts never closed here; fails with {@link Unreachable} when Organizations does not answer
     * (after the client's retries).
     */
    CompletionStage<Found> find(String idOrName);

    /** {@code gdsUsersAccountId} may be null (not configured). */
    record Found(List<Account> accounts, String managementAccountId, String gdsUsersAccountId) {
        public Found {
            accounts = List.copyOf(accounts);
        }
    }

    /** A member account; {@code state} as Organizations says it (ACTIVE, PENDING_CLOSURE, SUSPENDED, ...). */
    record Account(String id, String name, String state) {
        public boolean isClosing() {
            return "PENDING_CLOSURE".equals(state) || "SUSPENDED".equals(state) || "CLOSED".equals(state);
        }
    }

    /** Organizations could not be reached or kept throttling: nothing can be decided now. */
    final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
