package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleCheck;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.Due;
import uk.gov.gds.awsam.provisioner.domain.Run;

/**
 * After hand-over, on a schedule ({@code provisioner.bootstrap-role.scan-every}): once what the topics hold has been
 * read back, asks the {@link BootstrapRoleSchedule} which looks are due and runs them one account at a time, each in
 * passes on the provisioner's worker pool (waits on AWS hold no thread), each publishing its BootstrapRoleChecked
 * ({@link BootstrapRoleCheck}). A check that fails (the broker away, the provisioner stopping) is left due and tried
 * at the next scan with the same event id; it does not stop the others.
 */
@ApplicationScoped
public class BootstrapRoleChecks {

    private static final Logger LOG = Logger.getLogger(BootstrapRoleChecks.class);

    private final PublishedEvents published;
    private final BootstrapRoleSchedule schedule;
    private final BootstrapRoleCheck check;
    private final Passes passes;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean scanning = new AtomicBoolean();

    public BootstrapRoleChecks(PublishedEvents published, BootstrapRoleSchedule schedule, BootstrapRoleCheck check, Passes passes) {
        this.published = published;
        this.schedule = schedule;
        this.check = check;
        this.passes = passes;
    }

    /**
     * A scheduled job as every one of the provisioner's (see its README): void, so on a worker thread (the first scan
     * makes this bean and its AWS clients, which must not happen on an event loop); it only starts the looks and
     * returns, so its one skip is {@code scanning}: a scan whose looks are still running makes the next one skip.
     */
    @Scheduled(identity = "bootstrap-role-checks", every = "${provisioner.bootstrap-role.scan-every}")
    void checkDue() {
        if (!published.caughtUp() || !scanning.compareAndSet(false, true)) {
            return;
        }
        CompletionStage<Void> all = CompletableFuture.completedFuture(null);
        try {
            for (Due due : schedule.due(published, clock.instant())) {
                all = all.thenCompose(previous -> run(due));
            }
        } finally {
            all.whenComplete((done, failure) -> scanning.set(false));
        }
    }

    private CompletionStage<Void> run(Due due) {
        return passes.run(new Run(due.requestId(), due.causationId(), clock), run -> {
            RequestMdc.log(due.requestId(), () -> check.check(run, due).ifPresent(checked -> LOG.infof(
                    "Bootstrap role %s of account %s (%s), look %d after hand-over: %s%s", checked.roleName(), checked.accountId(),
                    checked.accountName(), due.number(), checked.state(), checked.detail() == null ? "" : ": " + checked.detail())));
        }).handle((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                RequestMdc.log(due.requestId(), () -> LOG.warnf(
                        "Bootstrap role look %d of account %s not published (tried again at the next scan): %s", due.number(),
                        due.accountId(), cause.toString()));
            }
            return null;
        });
    }
}
