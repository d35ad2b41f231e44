package uk.gov.gds.awsam.request.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.SampleEvents;

/**
 * Each timeline line says what the event says happened: created or adopted (accounts and users), a password sent
 * or the existing one kept, removed or nothing to remove, trust policies that could not be read, what a failure
 * leaves to do, whether root MFA was verified with AWS.
 */
class TimelineWordsTest {

    private static final String ID = "6f1c9a52-0c1e-4d7e-9a3b-2f1e4b7a9c10";
    private static final String USER = SampleEvents.USER;

    @Test
    void anAccountIsCreatedOrAnExistingOneAdopted() {
        assertThat(line(SampleEvents.accountCreated(ID).build()))
                .isEqualTo("Account sample-service-staging created: " + SampleEvents.ACCOUNT_ID);
        assertThat(line(SampleEvents.accountCreated(ID).setCreateAccountRequestId(null).build()))
                .isEqualTo("Existing account sample-service-staging (" + SampleEvents.ACCOUNT_ID + ") adopted: no new account was created");
    }

    @Test
    void aUserIsCreatedOrAdoptedWithAPasswordSentOrTheirsUnchanged() {
        assertThat(line(SampleEvents.userCreated(ID).build()))
                .isEqualTo("IAM user " + USER + " created; an initial password was sent to them");
        assertThat(line(SampleEvents.userCreated(ID).setAdopted(true).build()))
                .isEqualTo("Existing IAM user " + USER + " adopted; an initial password was sent to them");
        assertThat(line(SampleEvents.userCreated(ID).setAdopted(true).setSealedInitialPassword(null).build()))
                .isEqualTo("Existing IAM user " + USER + " adopted; no password sent: their existing one is unchanged");
        assertThat(line(SampleEvents.userCreated(ID).setSealedInitialPassword(null).build()))
                .isEqualTo("IAM user " + USER + " created; no password sent: their existing one is unchanged");
    }

    @Test
    void aUserIsRemovedOrThereWasNothingToRemoveAndUnreadAccountsAreNamed() {
        assertThat(line(SampleEvents.userRemoved(ID).setUnreadableAccounts(List.of()).build()))
                .isEqualTo("IAM user " + USER + " removed; still named in the trust policies of arn:aws:iam::"
                        + SampleEvents.ACCOUNT_ID + ":role/bootstrap");
        assertThat(line(SampleEvents.userRemoved(ID).setTrustPoliciesStillNamingUser(List.of()).setUnreadableAccounts(List.of()).build()))
                .isEqualTo("IAM user " + USER + " removed");
        assertThat(line(SampleEvents.userRemoved(ID).setUserExisted(false).setRemoved(List.of())
                .setTrustPoliciesStillNamingUser(List.of()).build()))
                .isEqualTo(USER + " had no IAM user in gds-users: nothing to remove; trust policies not read (unknown whether they"
                        + " name them): 210987654321 (no audit role)");
    }

    @Test
    void aFailureSaysWhatIsNextWhenTheFailingServiceSaysIt() {
        assertThat(line(SampleEvents.requestFailed(ID).build())).isEqualTo("CREATE_ACCOUNT failed (attempt 1): ACCOUNT_LIMIT_EXCEEDED:"
                + " the organization has reached its account limit. Next: An engineer asks AWS Support to raise the account limit,"
                + " then retries the request.");
        assertThat(line(SampleEvents.requestFailed(ID).setWhatNext(null).setRetryable(true).build()))
                .isEqualTo("CREATE_ACCOUNT failed (attempt 1, may succeed if retried): ACCOUNT_LIMIT_EXCEEDED: the organization has"
                        + " reached its account limit");
    }

    @Test
    void rootSecuredSaysWhenRootMfaWasNotVerifiedWithAws() {
        assertThat(line(SampleEvents.rootSecured(ID).build())).startsWith("Root secured; arn:aws:iam::");
        assertThat(line(SampleEvents.rootSecured(ID).setRootMfaVerified(false).build()))
                .startsWith("Root secured (root MFA not verified with AWS); arn:aws:iam::");
    }

    @Test
    void aRetryAndAReplayNameWhoAndWhy() {
        assertThat(line(SampleEvents.retryRequested(ID).build())).isEqualTo(
                "engineer@digital.cabinet-office.gov.uk asked for CREATE_ACCOUNT to be retried: AWS Support raised the account limit");
        assertThat(line(SampleEvents.deadLetterReplayed(ID).build())).isEqualTo(
                "engineer@digital.cabinet-office.gov.uk replayed to aws-accounts.pr-merged the record dead-lettered at"
                        + " aws-accounts.pr-merged.dlq-1@42 (AWS answered 503 six times): AWS is answering again");
    }

    @Test
    void aClosureSaysWhatHappenedToTheAccountAndWhenItWillGoOrCanComeBack() {
        assertThat(line(SampleEvents.closureSubmitted(ID).build())).isEqualTo("Closure of account sample-service-staging ("
                + SampleEvents.ACCOUNT_ID + ") asked for by " + SampleEvents.REQUESTER + ": The sample service was retired");
        assertThat(line(SampleEvents.requestWaiting(ID).setStage("CLOSE_ACCOUNT").setWaitingFor("the closure quota")
                .setReason("the organisation's closure quota is used up").setUntil(java.time.Instant.parse("2027-01-05T00:00:00Z")).build()))
                .isEqualTo("Queued for the closure quota: the organisation's closure quota is used up; it will go on 2027-01-05");
        assertThat(line(SampleEvents.requestWaiting(ID).setStage("CLOSE_ACCOUNT").setWaitingFor("closures in flight")
                .setReason("3 closures are pending, the most AWS allows at once").setUntil(null).build()))
                .isEqualTo("Queued for closures in flight: 3 closures are pending, the most AWS allows at once;"
                        + " when it will go is not known yet");
        assertThat(line(SampleEvents.accountClosing(ID).build())).isEqualTo("Closing: sample-service-staging (" + SampleEvents.ACCOUNT_ID
                + ") moved to ou-abcd-suspended and AWS accepted CloseAccount; it counts against the closure quota for 30 days");
        assertThat(line(SampleEvents.accountClosed(ID).setReinstatableUntil(java.time.Instant.parse("2027-03-06T10:15:00Z")).build()))
                .isEqualTo("Closed: AWS can reinstate it until 2027-03-06; sample-service-staging (" + SampleEvents.ACCOUNT_ID
                        + ") is suspended, and Amazon Web Services:root-mfa@" + SampleEvents.ACCOUNT_ID + " is still on the YubiKeys");
        assertThat(line(SampleEvents.rootMfaRemoved(ID).build())).isEqualTo("Amazon Web Services:root-mfa@" + SampleEvents.ACCOUNT_ID
                + " deleted from YubiKeys 12345678, 87654321 by engineer@digital.cabinet-office.gov.uk: the closure is complete");
    }

    @Test
    void aLookAtTheBootstrapRoleSaysWhatTheProvisionerSawAndWhen() {
        // the sample: handed over 2026-11-21, looked 14 days later, next look 7 days after that
        assertThat(line(SampleEvents.bootstrapRoleChecked(ID).build())).isEqualTo("Bootstrap role bootstrap still in place on"
                + " 2026-12-05, 14 days after hand-over (2026-11-21): the requester and the account's admins are reminded to replace it"
                + " with a properly named admin role; next look on 2026-12-12");
        assertThat(line(SampleEvents.bootstrapRoleChecked(ID).setState(uk.gov.gds.awsam.events.BootstrapRoleState.REMOVED)
                .setNextCheckAt(null).build())).isEqualTo("Bootstrap role bootstrap removed: gone when looked for on 2026-12-05,"
                        + " 14 days after hand-over (2026-11-21); no more reminders");
        assertThat(line(SampleEvents.bootstrapRoleChecked(ID).setState(uk.gov.gds.awsam.events.BootstrapRoleState.NOT_VISIBLE)
                .setDetail("AWS did not answer GetRole within 10 s").build())).isEqualTo("Could not look for the bootstrap role"
                        + " bootstrap on 2026-12-05, 14 days after hand-over (2026-11-21): AWS did not answer GetRole within 10 s;"
                        + " the engineers are told, and nobody is reminded meanwhile; next try on 2026-12-12");
    }

    private static String line(SpecificRecord event) {
        return LifecycleEvents.toDomain(event).detail().describe();
    }
}
