package uk.gov.gds.awsam.request.domain;

import java.util.concurrent.CompletionStage;

/** Publishes a request's RequestSubmitted; completes once the broker has acknowledged it, or fails. */
public interface SubmissionPublisher {

    CompletionStage<Void> publish(Submission submission);
}
