package uk.gov.gds.awsam.provisioner.domain;

import java.time.Duration;
import java.time.Instant;

import uk.gov.gds.awsam.events.ResumableStage;

/**
 * The work must wait on AWS before it can go on: the pass ends, its worker thread is freed, and the handling
 * runs again from the top after {@link #delay()}. When {@link #announce()} is set and the wait has lasted long
 * enough for a person to wonder, the request's timeline says so (RequestWaiting).
 */
public final class Waiting extends RuntimeException {

    private final Duration delay;
    private final ResumableStage stage;
    private final String key;
    private final String waitingFor;
    private final String reason;
    private final boolean announce;
    private final boolean queued;
    private final Instant until;

    /**
     * @param key what is awaited, stable across passes (e.g. {@code create-account}), for the announcement's id
     * @param waitingFor in a few words a person understands, e.g. "AWS to finish creating the account"
     * @param reason what was seen, in words an engineer can act on
     */
    public Waiting(Duration delay, ResumableStage stage, String key, String waitingFor, String reason, boolean announce) {
        this(delay, stage, key, waitingFor, reason, announce, false, null);
    }

    private Waiting(Duration delay, ResumableStage stage, String key, String waitingFor, String reason, boolean announce, boolean queued,
            Instant until) {
        super(stage + ": waiting " + delay.toMillis() + " ms for " + waitingFor + ": " + reason, null, false, false);
        this.delay = delay;
        this.stage = stage;
        this.key = key;
        this.waitingFor = waitingFor;
        this.reason = reason;
        this.announce = announce;
        this.queued = queued;
        this.until = until;
    }

    /**
     * The request is queued (a quota, a limit of AWS's): announced at once, not after a while, with when it will go
     * ({@code until}, null when not known).
     */
    public Waiting queued(Instant until) {
        return new Waiting(delay, stage, key, waitingFor, reason, true, true, until);
    }

    public boolean queued() {
        return queued;
    }

    /** When a queued request will go (null: not known). */
    public Instant until() {
        return until;
    }

    /** A pause that no one needs to hear about: a retry after throttling, or handing the thread back. */
    public static Waiting briefly(Duration delay, ResumableStage stage, String reason) {
        return new Waiting(delay, stage, "retry", "AWS", reason, false);
    }

    public Duration delay() {
        return delay;
    }

    public ResumableStage stage() {
        return stage;
    }

    public String key() {
        return key;
    }

    public String waitingFor() {
        return waitingFor;
    }

    public String reason() {
        return reason;
    }

    public boolean announce() {
        return announce;
    }
}
