package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * Runs a handling's passes on the provisioner's worker pool ({@code provisioner-workers}, the pool the
 * consumers' {@code @Blocking} methods use): a pass that has to wait ({@link Waiting}) gives its thread back
 * and a timer starts the next pass when the wait is over. So minutes of waiting on AWS (an account being created,
 * a role propagating, root MFA lagging) hold no thread, and Vert.x's blocked-thread checker, which watches these
 * workers, never sees a pass longer than the policy's pass budget plus one AWS call.
 */
@ApplicationScoped
public class Passes {

    /** The pool of the consumers' {@code @Blocking(value = "provisioner-workers")}: shared by name. */
    static final String POOL = "provisioner-workers";

    private final Vertx vertx;
    private final WorkerExecutor workers;

    public Passes(Vertx vertx, @ConfigProperty(name = "smallrye.messaging.worker.provisioner-workers.max-concurrency") int size) {
        this.vertx = vertx;
        this.workers = vertx.createSharedWorkerExecutor(POOL, size);
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
