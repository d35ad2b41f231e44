package uk.gov.gds.awsam.terraform.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.TerraformGenerated;

/**
 * Turns a request into exactly the change a reviewer will see: a pure function of the RequestSubmitted
 * (and the settings). It reads nothing from GitHub; the same event always gives the same files, byte for
 * byte, the same branch and text, and the same event id, so a re-processed event is recognised
 * downstream. Only {@code occurredAt} says when it was done.
 */
public final class TerraformGenerator {

    /** The stage a RequestFailed of this service names. */
    public static final String STAGE = "GENERATE_TERRAFORM";

    private final GeneratorSettings settings;

    public TerraformGenerator(GeneratorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The change a request asks for.
     *
     * @throws InvalidRequestException when the request cannot be turned into Terraform
     */
    public TerraformGenerated generate(RequestSubmitted submitted, Instant occurredAt) {
        ValidRequest request = ValidRequest.of(submitted);
        List<FileChange> changes = changes(request);
        PullRequestText text = PullRequestText.of(request, settings, changes);
        boolean account = request.kind() == RequestKind.NEW_ACCOUNT;
        return TerraformGenerated.newBuilder()
                .setEventId(Envelope.derivedEventId(request.eventId(), EventType.TERRAFORM_GENERATED))
                .setRequestId(request.requestId())
                .setOccurredAt(occurredAt)
                .setCausationId(request.eventId())
                .setKind(request.kind())
                .setSubjects(request.subjects())
                .setRequesterEmail(request.requesterEmail())
                .setRepository(account ? settings.billingRepository() : settings.usersRepository())
                .setBaseBranch(settings.baseBranch())
                .setBranch(Names.branch(request.kind(), request.subjects(), request.requestId()))
                .setCommitMessage(text.commitMessage())
                .setPrTitle(text.title())
                .setPrBody(text.body())
                .setChanges(changes)
                .build();
    }

    /**
     * The RequestFailed that answers a request the generator could not handle: not retryable, since the
     * same event would fail the same way.
     */
    public static RequestFailed failure(RequestSubmitted submitted, RuntimeException cause, Instant occurredAt) {
        return failure(submitted, cause, occurredAt, submitted.getEventId());
    }

    /**
     * The RequestFailed that answers an engineer's retry the generator still could not handle: its id derives from
     * the retry, so it is a new failure (the request is FAILED again), and the same one if the retry is redelivered.
     */
    public static RequestFailed failureOfRetry(RequestSubmitted submitted, RuntimeException cause, Instant occurredAt,
            String retryEventId) {
        return failure(submitted, cause, occurredAt, retryEventId);
    }

    private static RequestFailed failure(RequestSubmitted submitted, RuntimeException cause, Instant occurredAt, String causeId) {
        boolean invalid = cause instanceof InvalidRequestException;
        String reason = invalid
                ? "invalid request: " + cause.getMessage()
                : "could not generate Terraform: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return RequestFailed.newBuilder()
                .setEventId(Envelope.derivedEventId(causeId, EventType.REQUEST_FAILED))
                .setRequestId(submitted.getRequestId())
                .setOccurredAt(occurredAt)
                .setCausationId(causeId)
                .setStage(STAGE)
                .setReason(reason)
                .setRetryable(false)
                .setAttempt(1)
                .setWhatNext(invalid
                        ? "The request cannot be turned into Terraform as it was made: ask for it again, corrected. If the generator"
                                + " is wrong to refuse it, an engineer fixes the generator, then retries the request."
                        : "An engineer looks into the generator's error, fixes it, then retries the request.")
                .build();
    }

    private List<FileChange> changes(ValidRequest request) {
        List<FileChange> changes = new ArrayList<>();
        switch (request.kind()) {
            case NEW_ACCOUNT -> changes.add(written(TerraformFiles.accountPath(settings, request.account().getName()),
                    TerraformJson.render(TerraformFiles.account(request, settings))));
            case USER_ACCESS -> request.userEmails().forEach(email -> changes.add(
                    written(TerraformFiles.userPath(settings, email), TerraformJson.render(TerraformFiles.user(email, settings)))));
            case USER_REMOVAL -> request.userEmails().forEach(email -> changes.add(
                    FileChange.newBuilder().setPath(TerraformFiles.userPath(settings, email)).setContent(null).setSha256(null).build()));
        }
        changes.sort(Comparator.comparing(FileChange::getPath));
        return changes;
    }

    private static FileChange written(String path, String content) {
        return FileChange.newBuilder().setPath(path).setContent(content).setSha256(Hashing.sha256Hex(content)).build();
    }
}
