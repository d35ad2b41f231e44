package uk.gov.gds.awsam.request.domain;

import java.util.List;

/** Where a request is (DESIGN.md §3): the journeys' stages in order, and the two ways a request ends early. */
public enum Stage {
    SUBMITTED("Submitted"),
    TERRAFORM_GENERATED("Terraform generated"),
    PR_OPEN("Pull request open"),
    PR_MERGED("Pull request merged"),
    ACCOUNT_CREATED("Account created"),
    AWAITING_ROOT_MFA("Awaiting root MFA"),
    ROOT_SECURED("Root secured"),
    COMPLETE("Complete"),
    USER_CREATED("Users created"),
    USER_REMOVED("Users removed"),
    REJECTED("Rejected"),
    FAILED("Failed");

    private static final List<Stage> ACCOUNT_JOURNEY = List.of(SUBMITTED, TERRAFORM_GENERATED, PR_OPEN, PR_MERGED, ACCOUNT_CREATED,
            AWAITING_ROOT_MFA, ROOT_SECURED, COMPLETE);
    private static final List<Stage> USER_ACCESS_JOURNEY = List.of(SUBMITTED, TERRAFORM_GENERATED, PR_OPEN, PR_MERGED, USER_CREATED);
    private static final List<Stage> USER_REMOVAL_JOURNEY = List.of(SUBMITTED, TERRAFORM_GENERATED, PR_OPEN, PR_MERGED, USER_REMOVED);

    private final String title;

    Stage(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Whether nothing more is expected: done, rejected or failed. */
    public boolean isTerminal() {
        return this == COMPLETE || this == USER_CREATED || this == USER_REMOVED || this == REJECTED || this == FAILED;
    }

    /** The stages a request of this kind passes through, in order, ending with its completion. */
    public static List<Stage> journey(RequestKind kind) {
        return switch (kind) {
            case NEW_ACCOUNT -> ACCOUNT_JOURNEY;
            case USER_ACCESS -> USER_ACCESS_JOURNEY;
            case USER_REMOVAL -> USER_REMOVAL_JOURNEY;
            case ACCOUNT_CLOSURE -> List.of(SUBMITTED, TERRAFORM_GENERATED, PR_OPEN, PR_MERGED);
        };
    }
}
