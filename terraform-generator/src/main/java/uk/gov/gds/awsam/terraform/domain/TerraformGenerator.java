package uk.gov.gds.awsam.terraform.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.ResumableStage;

/**
 * Turns a request into exactly the change a reviewer will see: a pure function of the submitted request
 * (and the settings), in the generator's own types ({@code messaging} maps the events to and from them).
 * It reads nothing from GitHub; the same event always gives the same files, byte for
 * byte, the same branch and text, and the same event id, so a re-processed event is recognised
 * downstream. Only {@code occurredAt} says when it was done.
 */
public final class TerraformGenerator {

    /** The stage a RequestFailed of this service names. */
    public static final String STAGE = ResumableStage.GENERATE_TERRAFORM.name();

    private final GeneratorSettings settings;

    public TerraformGenerator(GeneratorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The change a request asks for.
     *
     * @throws InvalidRequestException when the request cannot be turned into Terraform
     */
    public Generated generate(Submitted submitted, Instant occurredAt) {
        ValidRequest request = ValidRequest.of(submitted);
        List<Generated.FileEdit> changes = changes(request);
        PullRequestText text = PullRequestText.of(request, settings, changes);
        boolean account = request.kind() == Kind.NEW_ACCOUNT || request.kind() == Kind.ACCOUNT_CLOSURE;
        return new Generated(Envelope.derivedEventId(request.eventId(), EventType.TERRAFORM_GENERATED), request.requestId(), occurredAt,
                request.eventId(), request.kind(), request.subjects(), request.requesterEmail(),
                account ? settings.billingRepository() : settings.usersRepository(), settings.baseBranch(),
                Names.branch(request.kind(), request.subjects(), request.requestId()), text.commitMessage(), text.title(), text.body(),
                changes);
    }

    /**
     * The refusal (RequestFailed) that answers a request the generator could not handle: not retryable, since the
     * same event would fail the same way.
     */
    public static Refusal failure(Submitted submitted, RuntimeException cause, Instant occurredAt) {
        return failure(submitted, cause, occurredAt, submitted.eventId());
    }

    /**
     * The refusal (RequestFailed) that answers an engineer's retry the generator still could not handle: its id derives from
     * the retry, so it is a new failure (the request is FAILED again), and the same one if the retry is redelivered.
     */
    public static Refusal failureOfRetry(Submitted submitted, RuntimeException cause, Instant occurredAt,
            String retryEventId) {
        return failure(submitted, cause, occurredAt, retryEventId);
    }

    private static Refusal failure(Submitted submitted, RuntimeException cause, Instant occurredAt, String causeId) {
        boolean invalid = cause instanceof InvalidRequestException;
        String reason = invalid
                ? "invalid request: " + cause.getMessage()
                : "could not generate Terraform: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String whatNext = invalid
                ? "The request cannot be turned into Terraform as it was made: ask for it again, corrected. If the generator"
                        + " is wrong to refuse it, an engineer fixes the generator, then retries the request."
                : "An engineer looks into the generator's error, fixes it, then retries the request.";
        return new Refusal(Envelope.derivedEventId(causeId, EventType.REQUEST_FAILED), submitted.requestId(), occurredAt, causeId, STAGE,
                reason, false, 1, whatNext);
    }

    private List<Generated.FileEdit> changes(ValidRequest request) {
        List<Generated.FileEdit> changes = new ArrayList<>();
        switch (request.kind()) {
            case NEW_ACCOUNT -> changes.add(written(TerraformLayout.DEFAULT.accountFile(request.account().name()),
                    TerraformJson.render(TerraformFiles.account(request, settings))));
            case USER_ACCESS -> request.userEmails().forEach(email -> changes.add(
                    written(TerraformLayout.DEFAULT.userFile(email), TerraformJson.render(TerraformFiles.user(email, settings)))));
            case ACCOUNT_CLOSURE -> changes.add(written(TerraformLayout.DEFAULT.accountClosureFile(request.closure().accountId()),
                    TerraformJson.render(TerraformFiles.closure(request.closure()))));
            case USER_REMOVAL -> request.userEmails().forEach(email -> changes.add(
                    new Generated.FileEdit(TerraformLayout.DEFAULT.userFile(email), null, null)));
        }
        changes.sort(Comparator.comparing(Generated.FileEdit::path));
        return changes;
    }

    private static Generated.FileEdit written(String path, String content) {
        return new Generated.FileEdit(path, content, Sha256.hex(content));
    }
}
