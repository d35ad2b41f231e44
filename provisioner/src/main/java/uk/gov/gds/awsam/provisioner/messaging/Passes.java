package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;


import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import uk.gov.gds.awsam.provisioner.config.ProvisionerConfig;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * Runs a handling's passes on the provisioner's own worker pool ({@code provisioner-passes},
 * {@code provisioner.workers} threads): a pass that has to wait ({@link Waiting}) gives its thread back and a
 * timer starts the next pass when the wait is over. So minutes of waiting on AWS (an account being created, a role
 * propagating, root MFA lagging) hold no thread, and Vert.x's blocked-thread checker, which watches these workers,
 * never sees a pass longer than the policy's pass budget plus one AWS call. The consumers' {@code @Blocking}
 * methods only queue the handling; their pool's size ({@code provisioner-workers}) is how many handlings of a
 * channel may be in flight at once, waiting included (SmallRye merges that many), so waiting accounts never stop
 * user requests from being handled.
 */
@ApplicationScoped
public class Passes {

    static final String POOL = "provisioner-passes";

    private final Vertx vertx;
    private final WorkerExecutor workers;

    public Passes(Vertx vertx, ProvisionerConfig config) {
        this.vertx = vertx;
        this.workers = vertx.createSharedWorkerExecutor(POOL, config.workers());
    }

    /** Runs {@code pass} until it neither waits nor fails; completes with its outcome, and ends the run. */
    public CompletionStage<Void> run(Run run, Consumer<Run> pass) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(run, pass, done);
        return done.whenComplete((ok, failure) -> run.end());
    }

    private void execute(Run run, Consumer<Run> pass, CompletableFuture<Void> done) {
        workers.<Waiting>executeBlocking(() -> {
            run.startPass();
            try {
                pass.accept(run);
                return null;
            } catch (Waiting waiting) {
                return waiting;
            }
        }, false).onComplete(outcome -> {
            if (outcome.failed()) {
                done.completeExceptionally(outcome.cause());
            } else if (outcome.result() == null) {
                done.complete(null);
            } else {
                Duration delay = outcome.result().delay();
                if (delay.toMillis() <= 0) {
                    execute(run, pass, done);
                } else {
                    vertx.setTimer(delay.toMillis(), timer -> execute(run, pass, done));
                }
            }
        });
    }

    @PreDestroy
    void close() {
        workers.close();
    }
}
