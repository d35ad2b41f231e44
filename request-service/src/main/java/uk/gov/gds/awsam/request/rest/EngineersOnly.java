package uk.gov.gds.awsam.request.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.core.Response;

/** What only engineers may do: retry requests, replay dead letters, run the preflight. */
final class EngineersOnly {

    private EngineersOnly() {
    }

    /** A 403 problem for anyone but an engineer; null for an engineer. */
    static Response refuse(Caller caller) {
        return caller.isEngineer() ? null : Problems.of(403, "engineers-only", "Engineers only",
                "only members of the engineers' group may retry requests, replay dead letters or run the preflight");
    }

    static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
