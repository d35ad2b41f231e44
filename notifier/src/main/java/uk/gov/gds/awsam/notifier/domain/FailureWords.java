package uk.gov.gds.awsam.notifier.domain;

import java.util.Map;

import uk.gov.gds.awsam.events.ResumableStage;

/**
 * What a failure means to the people told of it: the failed step in words, and what happens next. The failing
 * service's own words ({@code whatNext}) come first; without them, the words follow from the stage and whether
 * a retry may help, and never promise what nobody will do.
 */
public final class FailureWords {

    private static final Map<String, String> STEPS = Map.ofEntries(
            Map.entry(ResumableStage.GENERATE_TERRAFORM.name(), "turning the request into Terraform"),
            Map.entry(ResumableStage.OPEN_PR.name(), "opening the pull request"),
            Map.entry(ResumableStage.PR_MERGE.name(), "merging the pull request"),
            Map.entry(ResumableStage.VERIFY_MERGED_CONTENT.name(), "checking what was merged"),
            Map.entry(ResumableStage.CREATE_ACCOUNT.name(), "creating the AWS account"),
            Map.entry(ResumableStage.MOVE_ACCOUNT.name(), "moving the account to its organisational unit"),
            Map.entry(ResumableStage.ACCOUNT_READINESS.name(), "waiting for the new account to be ready"),
            Map.entry(ResumableStage.SECURE_ROOT.name(), "securing the account's root user and handing it to its admins"),
            Map.entry(ResumableStage.CREATE_USER.name(), "creating the IAM user"),
            Map.entry(ResumableStage.REMOVE_USER.name(), "removing the IAM user"),
            Map.entry(ResumableStage.CLOSE_ACCOUNT.name(), "closing the AWS account"));

    private FailureWords() {
    }

    /** The failed step in words, e.g. "creating the AWS account"; the stage's own name when it is not a known one. */
    public static String step(String stage) {
        return STEPS.getOrDefault(stage, stage);
    }

    /** What happens next, for the requester. */
    public static String forRequester(Facts.Failure failure) {
        if (hasText(failure.whatNext())) {
            return failure.whatNext();
        }
        if (failure.retryable()) {
            return "This may pass by itself (for example a service that did not answer). The account-management team has"
                    + " been told; an engineer retries your request from this step once it has passed. You do not need to do"
                    + " anything.";
        }
        return "Something must be changed before your request can go on. The account-management team has been told; once"
                + " the cause is fixed, an engineer resumes your request from this step, and you are emailed at the next step.";
    }

    /** What happens next, for the team: who does what to move the request on. */
    public static String forTeam(Facts.Failure failure) {
        String how = ResumableStage.named(failure.stage()).isPresent()
                ? " then retry it from the request's page (engineers only): " + ResumableStage.named(failure.stage()).get().owner().source()
                        + " resumes it at " + failure.stage() + "."
                : " no service resumes " + failure.stage() + " by itself: the request must be asked for again.";
        String own = hasText(failure.whatNext()) ? failure.whatNext() + " " : "";
        return own + (failure.retryable()
                ? "A retry may succeed: once the cause has passed," + how
                : "Something must change first: fix the cause," + how);
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
