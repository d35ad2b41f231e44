package uk.gov.gds.awsam.request.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Stage;
import uk.gov.gds.awsam.request.domain.Statistics;
import uk.gov.gds.awsam.request.messaging.LifecycleFeed;

/**
 * The dashboard's figures as Prometheus metrics (/q/metrics), over {@code request.projection.lead-time-window}:
 * <ul>
 *   <li>{@code awsam_request_stage_lead_time_seconds{kind,stage,quantile="0.5"|"0.9"}} and
 *       {@code awsam_request_stage_lead_time_requests{kind,stage}}: time spent in each stage before moving
 *       on ({@code stage="END_TO_END"}: submission to completion);</li>
 *   <li>{@code awsam_requests{kind,stage}}: requests by stage;</li>
 *   <li>{@code awsam_requests_waiting{task}} and {@code awsam_requests_waiting_oldest_seconds{task}}: what
 *       waits on a person;</li>
 *   <li>{@code awsam_projection_*}: the view's own health (caught up, rebuild time, events read).</li>
 * </ul>
 * The figures are computed once per scrape (at most every two seconds), not once per gauge.
 */
@ApplicationScoped
public class ProjectionMetrics {

    static final String END_TO_END = "END_TO_END";
    private static final Duration FRESH_FOR = Duration.ofSeconds(2);

    private final Projection projection;
    private final LifecycleFeed feed;
    private final Clock clock;
    private final Duration window;
    private volatile Statistics latest;

    public ProjectionMetrics(Projection projection, LifecycleFeed feed, Clock clock, RequestConfig config) {
        this.projection = projection;
        this.feed = feed;
        this.clock = clock;
        this.window = config.projection().leadTimeWindow();
    }

    void register(@Observes StartupEvent started, MeterRegistry registry) {
        for (RequestKind kind : RequestKind.values()) {
            List<Stage> journey = Stage.journey(kind);
            for (Stage stage : journey) {
                gauge(registry, "awsam.requests", "Requests by kind and stage", Tags.of("kind", kind.name(), "stage", stage.name()),
                        () -> statistics().counts().get(kind).getOrDefault(stage, 0));
            }
            for (Stage stage : List.of(Stage.REJECTED, Stage.FAILED)) {
                gauge(registry, "awsam.requests", "Requests by kind and stage", Tags.of("kind", kind.name(), "stage", stage.name()),
                        () -> statistics().counts().get(kind).getOrDefault(stage, 0));
            }
            for (Stage stage : journey.subList(0, journey.size() - 1)) {
                leadTime(registry, kind, stage, stage.name());
            }
            leadTime(registry, kind, null, END_TO_END);
        }
        for (RequestView.Waiting.Task task : RequestView.Waiting.Task.values()) {
            gauge(registry, "awsam.requests.waiting", "Requests waiting, by task: on a person, or (OUTSIDE_WORLD) on GitHub, AWS or a quota", Tags.of("task", task.name()),
                    () -> statistics().waitingCounts().get(task));
            gauge(registry, "awsam.requests.waiting.oldest.seconds", "How long the oldest of a task has waited",
                    Tags.of("task", task.name()), () -> statistics().waiting().stream().filter(item -> item.task().task() == task)
                            .mapToDouble(item -> item.waited().toSeconds()).max().orElse(0));
        }
        gauge(registry, "awsam.projection.caught.up", "1 once the view has read everything published before start-up",
                Tags.empty(), () -> projection.isCaughtUp() ? 1 : 0);
        gauge(registry, "awsam.projection.rebuild.seconds", "How long the start-up rebuild took", Tags.empty(),
                () -> feed.caughtUpMillis() < 0 ? Double.NaN : feed.caughtUpMillis() / 1000.0);
        gauge(registry, "awsam.projection.requests", "Requests in the view", Tags.empty(), projection::size);
        FunctionCounter.builder("awsam.projection.events", projection, Projection::applied).tag("outcome", "applied")
                .description("Events read into the view").register(registry);
        FunctionCounter.builder("awsam.projection.events", projection, Projection::repeats).tag("outcome", "repeat")
                .description("Events read again (duplicates), which changed nothing").register(registry);
        FunctionCounter.builder("awsam.projection.events", feed, LifecycleFeed::undecodable).tag("outcome", "undecodable")
                .description("Records that could not be decoded, stepped over").register(registry);
    }

    private void leadTime(MeterRegistry registry, RequestKind kind, Stage stage, String stageTag) {
        Tags tags = Tags.of("kind", kind.name(), "stage", stageTag);
        gauge(registry, "awsam.request.stage.lead.time.seconds", "Time spent in the stage before moving on, median",
                tags.and("quantile", "0.5"), () -> seconds(statistics().leadTime(kind, stage).median()));
        gauge(registry, "awsam.request.stage.lead.time.seconds", "Time spent in the stage before moving on, 90th percentile",
                tags.and("quantile", "0.9"), () -> seconds(statistics().leadTime(kind, stage).p90()));
        gauge(registry, "awsam.request.stage.lead.time.requests", "How many requests the lead time is over", tags,
                () -> statistics().leadTime(kind, stage).count());
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags, java.util.function.Supplier<Number> value) {
        Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private Statistics statistics() {
        Statistics current = latest;
        if (current == null || Duration.between(current.at(), clock.instant()).compareTo(FRESH_FOR) > 0) {
            current = Statistics.of(projection.all(), view -> true, clock.instant(), window);
            latest = current;
        }
        return current;
    }

    private static double seconds(Duration duration) {
        return duration == null ? Double.NaN : duration.toMillis() / 1000.0;
    }
}
