package uk.gov.gds.awsam.pr.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import uk.gov.gds.awsam.pr.domain.Reconciler;

/**
 * Runs the reconciler on a schedule ({@code pr.reconcile.every}) and once the state is rebuilt at start, on a
 * thread of its own (a pass over many open pull requests may take longer than a worker thread may be held);
 * never two runs at once. The scheduled method is void (a worker thread) and only starts a pass, so Quarkus's
 * {@code concurrentExecution = SKIP} would guard nothing: the one skip is {@code running}, set when a pass is
 * started and cleared when it ends, so ticks during a long pass neither overlap it nor queue more passes behind it.
 */
@ApplicationScoped
public class ReconcileSchedule {

    private static final Logger LOG = Logger.getLogger(ReconcileSchedule.class);
    private final Reconciler reconciler;
    private final MeterRegistry metrics;
    /** A pass is queued on the reconciler's thread or running (anywhere). */
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService soon = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "pr-service-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    public ReconcileSchedule(Reconciler reconciler, MeterRegistry metrics) {
        this.reconciler = reconciler;
        this.metrics = metrics;
    }

    @Scheduled(every = "${pr.reconcile.every}", delayed = "${pr.reconcile.every}")
    void scheduled() {
        runSoon();
    }

    /** Starts a pass on the reconciler's thread (at start once the state is rebuilt, and on schedule), unless one is under way. */
    public void runSoon() {
        if (!running.compareAndSet(false, true)) {
            LOG.debug("reconciler: a pass is under way, not starting another");
            return;
        }
        try {
            soon.execute(() -> {
                try {
                    pass();
                } finally {
                    running.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the service is stopping: the scheduler may fire once more after the reconciler's thread has gone
            running.set(false);
            LOG.debug("not reconciling: pr-service is stopping");
        }
    }

    /** One pass here and now, unless one is under way; returns whether it ran. */
    public boolean run() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        try {
            pass();
            return true;
        } finally {
            running.set(false);
        }
    }

    private void pass() {
        Reconciler.Report report = reconciler.reconcile();
        metrics.counter("pr_service_reconciled_total").increment(report.concluded());
        if (report.concluded() > 0 || !report.failures().isEmpty()) {
            LOG.infof("reconciler: %d open pull requests checked, %d concluded, failures %s", report.checked(), report.concluded(),
                    report.failures());
        }
    }

    void stop(@jakarta.enterprise.event.Observes ShutdownEvent stopping) {
        soon.shutdownNow();
    }
}
