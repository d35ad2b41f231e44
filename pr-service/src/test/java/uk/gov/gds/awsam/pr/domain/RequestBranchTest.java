package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestBranchTest {

    static final String ID = "0b6e4bde-5a2f-4c47-9f0c-6a1f2d3e4f50";

    @Test
    void theRequestIsTheLastSegment() {
        RequestBranch branch = RequestBranch.parse("aws-accounts/user-access/ann-one-and-2-more/" + ID).orElseThrow();
        assertThat(branch.requestId()).isEqualTo(ID);
        assertThat(branch.journey()).contains(Journey.USER_ACCESS);
        assertThat(branch.isFollowUp()).isFalse();
    }

    @Test
    void aClosureBranchIsTheClosureJourneys() {
        RequestBranch branch = RequestBranch.parse("aws-accounts/account-closure/pay-staging/" + ID).orElseThrow();
        assertThat(branch.journey()).contains(Journey.ACCOUNT_CLOSURE);
        assertThat(branch.requestId()).isEqualTo(ID);
        assertThat(branch.isFollowUp()).isFalse();
    }

    @Test
    void importBranchesAreRecognisedAsSuch() {
        String name = RequestBranch.importBranch("my-account", ID);
        assertThat(name).isEqualTo("aws-accounts/import/my-account/" + ID);
        assertThat(RequestBranch.parse(name).orElseThrow().isFollowUp()).isTrue();
        assertThat(RequestBranch.parse("aws-accounts/import/my-account-2/" + ID)).as("not an account name").isEmpty();
    }

    @Test
    void removalBranchesAreFollowUpsToo() {
        String name = RequestBranch.removedBranch("my-account", ID);
        assertThat(name).isEqualTo("aws-accounts/removed/my-account/" + ID);
        RequestBranch branch = RequestBranch.parse(name).orElseThrow();
        assertThat(branch.isFollowUp()).isTrue();
        assertThat(branch.journey()).isEmpty();
        assertThat(branch.subject()).isEqualTo("my-account");
        assertThat(branch.requestId()).isEqualTo(ID);
        assertThat(RequestBranch.parse("aws-accounts/removed/My-Account/" + ID)).as("not an account name").isEmpty();
    }

    @Test
    void otherBranchesAreNotTheSystems() {
        assertThat(RequestBranch.parse("main")).isEmpty();
        assertThat(RequestBranch.parse("aws-accounts/new-account/x/not-a-uuid")).isEmpty();
        assertThat(RequestBranch.parse("aws-accounts/delete-everything/x/" + ID)).isEmpty();
        assertThat(RequestBranch.parse("aws-accounts/new-account/" + "a".repeat(41) + "/" + ID)).isEmpty();
        assertThat(RequestBranch.parse("aws-accounts/new-account/UPPER/" + ID)).isEmpty();
        assertThat(RequestBranch.parse(null)).isEmpty();
    }
}
