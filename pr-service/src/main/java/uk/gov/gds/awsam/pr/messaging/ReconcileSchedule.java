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
 * never two runs at once.
 */
@ApplicationScoped
public class ReconcileSchedule {

    private static final Logger LOG = Logger.getLogger(ReconcileSchedule.class);
    private final Reconciler reconciler;
    private final MeterRegistry metrics;
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

    @Scheduled(every = "${pr.reconcile.every}", delayed = "${pr.reconcile.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runSoon();
    }

    /** Reconciles now on the reconciler's thread (at start once the state is rebuilt, and on schedule). */
    public void runSoon() {
        try {
            soon.execute(this::run);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the service is stopping: the scheduler may fire once more after the reconciler's thread has gone
            LOG.debug("not reconciling: pr-service is stopping");
        }
    }

    /** One pass, unless one is running; returns whether it ran. */
    public boolean run() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        try {
            Reconciler.Report report = reconciler.reconcile();
            metrics.counter("pr_service_reconciled_total").increment(report.concluded());
            if (report.concluded() > 0 || !report.failures().isEmpty()) {
                LOG.infof("reconciler: %d open pull requests checked, %d concluded, failures %s", report.checked(), report.concluded(),
                        report.failures());
            }
            return true;
        } finally {
            running.set(false);
        }
    }

    void stop(@jakarta.enterprise.event.Observes ShutdownEvent stopping) {
        soon.shutdownNow();
    }
}
