package uk.gov.gds.awsam.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import uk.gov.gds.awsam.contract.RootMfaCredential;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.AlertPriority;
import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.DeadLetterReplayed;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.events.YubikeysReturned;

/**
 * A valid, fully populated event of every type (every optional field set), for tests that need an event
 * and do not care about its details. Builders are returned where a test may want to change a field.
 */
public final class SampleEvents {

    public static final String ACCOUNT_NAME = "sample-service-staging";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String REQUESTER = "requester@digital.cabinet-office.gov.uk";
    public static final String ADMIN = "admin.one@digital.cabinet-office.gov.uk";
    public static final String USER = "new.user@digital.cabinet-office.gov.uk";
    public static final String BILLING_REPOSITORY = "gds/aws-billing-account";
    /** A root email within AWS's 64 characters (a sample: not the one terraform-generator would derive). */
    public static final String ROOT_EMAIL = "aws-root-accounts+sample-staging@digital.cabinet-office.gov.uk";
    private static final Instant AT = Instant.parse("2026-11-21T09:00:00Z");

    private SampleEvents() {
    }

    /** A fresh request id. */
    public static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** A sample of the given type for a request. */
    public static SpecificRecord of(EventType type, String requestId) {
        return switch (type) {
            case REQUEST_SUBMITTED -> requestSubmitted(requestId).build();
            case TERRAFORM_GENERATED -> terraformGenerated(requestId).build();
            case PR_OPENED -> prOpened(requestId).build();
            case PR_MERGED -> prMerged(requestId).build();
            case PR_CLOSED -> prClosed(requestId).build();
            case ACCOUNT_CREATED -> accountCreated(requestId).build();
            case ROOT_MFA_REQUESTED -> rootMfaRequested(requestId).build();
            case ROOT_MFA_SEEDED -> rootMfaSeeded(requestId).build();
            case ROOT_SECURED -> rootSecured(requestId).build();
            case YUBIKEYS_RETURNED -> yubikeysReturned(requestId).build();
            case USER_CREATED -> userCreated(requestId).build();
            case USER_REMOVED -> userRemoved(requestId).build();
            case ACCOUNT_CLOSING -> accountClosing(requestId).build();
            case ACCOUNT_CLOSED -> accountClosed(requestId).build();
            case ROOT_MFA_REMOVED -> rootMfaRemoved(requestId).build();
            case BOOTSTRAP_ROLE_CHECKED -> bootstrapRoleChecked(requestId).build();
            case REQUEST_FAILED -> requestFailed(requestId).build();
            case REQUEST_WAITING -> requestWaiting(requestId).build();
            case RETRY_REQUESTED -> retryRequested(requestId).build();
            case DEAD_LETTER_REPLAYED -> deadLetterReplayed(requestId).build();
        };
    }

    public static RequestSubmitted.Builder requestSubmitted(String requestId) {
        return RequestSubmitted.newBuilder()
                .setEventId(eventId(requestId, EventType.REQUEST_SUBMITTED)).setRequestId(requestId)
                .setOccurredAt(at(0)).setCausationId(null)
                .setKind(RequestKind.NEW_ACCOUNT)
                .setRequesterEmail(REQUESTER)
                .setIdempotencyKey("key-" + requestId)
                .setPayloadSha256("a".repeat(64))
                .setAccount(accountRequest())
                .setUserEmails(List.of());
    }

    public static RequestSubmitted.Builder userAccessSubmitted(String requestId, String... emails) {
        return requestSubmitted(requestId).setKind(RequestKind.USER_ACCESS).setAccount(null)
                .setUserEmails(emails.length == 0 ? List.of(USER) : List.of(emails));
    }

    /** A request to close the sample account, whose admins request-service knows. */
    public static RequestSubmitted.Builder closureSubmitted(String requestId) {
        return requestSubmitted(requestId).setKind(RequestKind.ACCOUNT_CLOSURE).setAccount(null).setUserEmails(List.of())
                .setClosure(ClosureRequest.newBuilder().setAccountId(ACCOUNT_ID).setAccountName(ACCOUNT_NAME)
                        .setReason("The sample service was retired").setAdminUserEmails(List.of(ADMIN)).build());
    }

    public static AccountRequest accountRequest() {
        return AccountRequest.newBuilder()
                .setName(ACCOUNT_NAME)
                .setDescription("Staging environment of the sample service")
                .setOrganisation("GDS")
                .setCostCentre("CC-1234")
                .setTeam(Team.newBuilder().setName("Sample Team").setEmail("sample-team@digital.cabinet-office.gov.uk")
                        .setLead(TeamLead.newBuilder().setName("Lee Dear").setEmail("lee.dear@digital.cabinet-office.gov.uk")
                                .setPhone("+44 20 7946 0000").setRole("Technical Architect").build())
                        .build())
                .setService(ServiceInfo.newBuilder().setName("Sample Service").setOutOfHoursSupport(true)
                        .setOutOfHoursPhone("+44 20 7946 0001").setOutOfHoursEmail("oncall@digital.cabinet-office.gov.uk").build())
                .setSecurity(SecurityProfile.newBuilder().setAlertPriority(AlertPriority.P2)
                        .setCriticalResources("Customer database").setHoldsPii(true).setHoldsPciData(false).build())
                .setAdminUserEmails(List.of(ADMIN, "admin.two@digital.cabinet-office.gov.uk"))
                .build();
    }

    public static TerraformGenerated.Builder terraformGenerated(String requestId) {
        String content = "{\n  \"resource\": {}\n}\n";
        return TerraformGenerated.newBuilder()
                .setEventId(eventId(requestId, EventType.TERRAFORM_GENERATED)).setRequestId(requestId)
                .setOccurredAt(at(1)).setCausationId(eventId(requestId, EventType.REQUEST_SUBMITTED))
                .setKind(RequestKind.NEW_ACCOUNT)
                .setSubjects(List.of(ACCOUNT_NAME))
                .setRequesterEmail(REQUESTER)
                .setRepository(BILLING_REPOSITORY)
                .setBaseBranch("main")
                .setBranch("aws-accounts/new-account/" + ACCOUNT_NAME + "/" + requestId)
                .setCommitMessage("Add AWS account " + ACCOUNT_NAME + "\n\nCo-authored-by: Requester <" + REQUESTER + ">\n")
                .setPrTitle("New AWS account: " + ACCOUNT_NAME)
                .setPrBody("## New AWS account\n")
                .setChanges(List.of(FileChange.newBuilder().setPath(TerraformLayout.DEFAULT.accountFile(ACCOUNT_NAME))
                        .setContent(content).setSha256(sha256(content)).build()));
    }

    public static PrOpened.Builder prOpened(String requestId) {
        return PrOpened.newBuilder()
                .setEventId(eventId(requestId, EventType.PR_OPENED)).setRequestId(requestId)
                .setOccurredAt(at(2)).setCausationId(eventId(requestId, EventType.TERRAFORM_GENERATED))
                .setRepository(BILLING_REPOSITORY).setNumber(42)
                .setUrl("https://github.com/" + BILLING_REPOSITORY + "/pull/42")
                .setHeadSha("0123456789abcdef0123456789abcdef01234567");
    }

    public static PrMerged.Builder prMerged(String requestId) {
        String content = "{\n  \"resource\": {}\n}\n";
        return PrMerged.newBuilder()
                .setEventId(eventId(requestId, EventType.PR_MERGED)).setRequestId(requestId)
                .setOccurredAt(at(3)).setCausationId(eventId(requestId, EventType.PR_OPENED))
                .setRepository(BILLING_REPOSITORY).setNumber(42)
                .setMergeCommitSha("89abcdef0123456789abcdef0123456789abcdef")
                .setMergedBy("reviewer").setMergedAt(at(3))
                .setKind(RequestKind.NEW_ACCOUNT).setSubjects(List.of(ACCOUNT_NAME))
                .setFiles(List.of(FileChange.newBuilder().setPath(TerraformLayout.DEFAULT.accountFile(ACCOUNT_NAME))
                        .setContent(content).setSha256(sha256(content)).build()));
    }

    public static PrClosed.Builder prClosed(String requestId) {
        return PrClosed.newBuilder()
                .setEventId(eventId(requestId, EventType.PR_CLOSED)).setRequestId(requestId)
                .setOccurredAt(at(3)).setCausationId(eventId(requestId, EventType.PR_OPENED))
                .setRepository(BILLING_REPOSITORY).setNumber(42).setClosedBy("reviewer");
    }

    public static AccountCreated.Builder accountCreated(String requestId) {
        return AccountCreated.newBuilder()
                .setEventId(eventId(requestId, EventType.ACCOUNT_CREATED)).setRequestId(requestId)
                .setOccurredAt(at(4)).setCausationId(eventId(requestId, EventType.PR_MERGED))
                .setAccountId(ACCOUNT_ID).setAccountName(ACCOUNT_NAME)
                .setRootEmail(ROOT_EMAIL)
                .setCreateAccountRequestId("car-0123456789abcdef")
                .setAdminUserEmails(List.of(ADMIN));
    }

    public static RootMfaRequested.Builder rootMfaRequested(String requestId) {
        return RootMfaRequested.newBuilder()
                .setEventId(eventId(requestId, EventType.ROOT_MFA_REQUESTED)).setRequestId(requestId)
                .setOccurredAt(at(5)).setCausationId(eventId(requestId, EventType.ACCOUNT_CREATED))
                .setAccountId(ACCOUNT_ID).setAccountName(ACCOUNT_NAME)
                .setRootEmail(ROOT_EMAIL)
                .setCredentialName(RootMfaCredential.nameFor(ACCOUNT_ID))
                .setKeysRequired(2)
                .setConsoleSignInUrl("https://signin.aws.amazon.com/console");
    }

    public static RootMfaSeeded.Builder rootMfaSeeded(String requestId) {
        return RootMfaSeeded.newBuilder()
                .setEventId(eventId(requestId, EventType.ROOT_MFA_SEEDED)).setRequestId(requestId)
                .setOccurredAt(at(6)).setCausationId(eventId(requestId, EventType.ROOT_MFA_REQUESTED))
                .setAccountId(ACCOUNT_ID).setCredentialName(RootMfaCredential.nameFor(ACCOUNT_ID))
                .setYubikeySerials(List.of("12345678", "87654321")).setEngineer("engineer@digital.cabinet-office.gov.uk")
                .setRootSignInTested(true);
    }

    public static RootSecured.Builder rootSecured(String requestId) {
        return RootSecured.newBuilder()
                .setEventId(eventId(requestId, EventType.ROOT_SECURED)).setRequestId(requestId)
                .setOccurredAt(at(7)).setCausationId(eventId(requestId, EventType.ROOT_MFA_SEEDED))
                .setAccountId(ACCOUNT_ID).setBootstrapRoleArn("arn:aws:iam::" + ACCOUNT_ID + ":role/bootstrap")
                .setTrustedPrincipalArns(List.of("arn:aws:iam::622626885786:user/" + ADMIN))
                .setRootMfaVerified(true)
                .setMissingAdminUserEmails(List.of("admin.two@digital.cabinet-office.gov.uk"))
                .setAuditRoleArn("arn:aws:iam::" + ACCOUNT_ID + ":role/aws-account-management-audit");
    }

    public static YubikeysReturned.Builder yubikeysReturned(String requestId) {
        return YubikeysReturned.newBuilder()
                .setEventId(eventId(requestId, EventType.YUBIKEYS_RETURNED)).setRequestId(requestId)
                .setOccurredAt(at(8)).setCausationId(eventId(requestId, EventType.ROOT_SECURED))
                .setAccountId(ACCOUNT_ID).setYubikeySerials(List.of("12345678", "87654321"))
                .setEngineer("engineer@digital.cabinet-office.gov.uk");
    }

    public static UserCreated.Builder userCreated(String requestId) {
        return UserCreated.newBuilder()
                .setEventId(eventId(requestId, EventType.USER_CREATED)).setRequestId(requestId)
                .setOccurredAt(at(4)).setCausationId(eventId(requestId, EventType.PR_MERGED))
                .setUserName(USER).setArn("arn:aws:iam::622626885786:user/" + USER)
                .setGroups(List.of("cross-account-access"))
                .setAdopted(false)
                .setSealedInitialPassword(SealedSecret.newBuilder().setAlgorithm("RSA-OAEP-256+A256GCM")
                        .setKeyId("b".repeat(64))
                        .setEncryptedKey(ByteBuffer.wrap(new byte[256]))
                        .setIv(ByteBuffer.wrap(new byte[12]))
                        .setCiphertext(ByteBuffer.wrap(new byte[40])).build());
    }

    public static UserRemoved.Builder userRemoved(String requestId) {
        return UserRemoved.newBuilder()
                .setEventId(eventId(requestId, EventType.USER_REMOVED)).setRequestId(requestId)
                .setOccurredAt(at(4)).setCausationId(eventId(requestId, EventType.PR_MERGED))
                .setUserName(USER)
                .setRemoved(List.of("login-profile", "mfa-device:arn:aws:iam::622626885786:mfa/" + USER, "group:cross-account-access", "user"))
                .setTrustPoliciesStillNamingUser(List.of("arn:aws:iam::" + ACCOUNT_ID + ":role/bootstrap"))
                .setUnreadableAccounts(List.of("210987654321 (no audit role)"))
                .setUserExisted(true);
    }

    public static AccountClosing.Builder accountClosing(String requestId) {
        return AccountClosing.newBuilder()
                .setEventId(eventId(requestId, EventType.ACCOUNT_CLOSING)).setRequestId(requestId)
                .setOccurredAt(at(5)).setCausationId(eventId(requestId, EventType.PR_MERGED))
                .setAccountId(ACCOUNT_ID).setAccountName(ACCOUNT_NAME).setSuspendedParentId("ou-abcd-suspended")
                .setClosureRequestedAt(at(5));
    }

    public static AccountClosed.Builder accountClosed(String requestId) {
        return AccountClosed.newBuilder()
                .setEventId(eventId(requestId, EventType.ACCOUNT_CLOSED)).setRequestId(requestId)
                .setOccurredAt(at(30)).setCausationId(eventId(requestId, EventType.ACCOUNT_CLOSING))
                .setAccountId(ACCOUNT_ID).setAccountName(ACCOUNT_NAME)
                .setClosedAt(at(30)).setReinstatableUntil(at(30).plus(90, ChronoUnit.DAYS))
                .setCredentialName(RootMfaCredential.nameFor(ACCOUNT_ID));
    }

    public static RootMfaRemoved.Builder rootMfaRemoved(String requestId) {
        return RootMfaRemoved.newBuilder()
                .setEventId(eventId(requestId, EventType.ROOT_MFA_REMOVED)).setRequestId(requestId)
                .setOccurredAt(at(60)).setCausationId(eventId(requestId, EventType.ACCOUNT_CLOSED))
                .setAccountId(ACCOUNT_ID).setCredentialName(RootMfaCredential.nameFor(ACCOUNT_ID))
                .setYubikeySerials(List.of("12345678", "87654321")).setEngineer("engineer@digital.cabinet-office.gov.uk");
    }

    /** The first look at the bootstrap role, 14 days after hand-over: still there, the next look 7 days later. */
    public static BootstrapRoleChecked.Builder bootstrapRoleChecked(String requestId) {
        Instant handedOver = at(8);
        Instant checked = handedOver.plus(14, ChronoUnit.DAYS);
        return BootstrapRoleChecked.newBuilder()
                .setEventId(eventId(requestId, EventType.BOOTSTRAP_ROLE_CHECKED)).setRequestId(requestId)
                .setOccurredAt(checked).setCausationId(eventId(requestId, EventType.YUBIKEYS_RETURNED))
                .setAccountId(ACCOUNT_ID).setAccountName(ACCOUNT_NAME).setRoleName("bootstrap")
                .setState(BootstrapRoleState.PRESENT).setDetail(null)
                .setHandedOverAt(handedOver).setCheckedAt(checked).setNextCheckAt(checked.plus(7, ChronoUnit.DAYS));
    }

    public static RequestFailed.Builder requestFailed(String requestId) {
        return RequestFailed.newBuilder()
                .setEventId(eventId(requestId, EventType.REQUEST_FAILED)).setRequestId(requestId)
                .setOccurredAt(at(4)).setCausationId(eventId(requestId, EventType.PR_MERGED))
                .setStage("CREATE_ACCOUNT").setReason("ACCOUNT_LIMIT_EXCEEDED: the organization has reached its account limit")
                .setRetryable(false).setAttempt(1)
                .setWhatNext("An engineer asks AWS Support to raise the account limit, then retries the request.");
    }

    public static RequestWaiting.Builder requestWaiting(String requestId) {
        return RequestWaiting.newBuilder()
                .setEventId(eventId(requestId, EventType.REQUEST_WAITING)).setRequestId(requestId)
                .setOccurredAt(at(2)).setCausationId(eventId(requestId, EventType.TERRAFORM_GENERATED))
                .setStage("OPEN_PR").setWaitingFor("GitHub")
                .setReason("GitHub's secondary rate limit").setUntil(at(3));
    }

    public static RetryRequested.Builder retryRequested(String requestId) {
        return RetryRequested.newBuilder()
                .setEventId(eventId(requestId, EventType.RETRY_REQUESTED)).setRequestId(requestId)
                .setOccurredAt(at(5)).setCausationId(eventId(requestId, EventType.REQUEST_FAILED))
                .setStage("CREATE_ACCOUNT").setEngineer("engineer@digital.cabinet-office.gov.uk")
                .setReason("AWS Support raised the account limit")
                .setFailedEventId(eventId(requestId, EventType.REQUEST_FAILED));
    }

    public static DeadLetterReplayed.Builder deadLetterReplayed(String requestId) {
        return DeadLetterReplayed.newBuilder()
                .setEventId(eventId(requestId, EventType.DEAD_LETTER_REPLAYED)).setRequestId(requestId)
                .setOccurredAt(at(5)).setCausationId(eventId(requestId, EventType.PR_MERGED))
                .setTopic(EventType.PR_MERGED.topic()).setDeadLetterTopic(EventType.PR_MERGED.deadLetterTopic())
                .setPartition(1).setOffset(42L).setError("AWS answered 503 six times")
                .setEngineer("engineer@digital.cabinet-office.gov.uk").setReason("AWS is answering again");
    }

    /** The sample event id of a type for a request: stable, so samples can name each other as causes. */
    public static String eventId(String requestId, EventType type) {
        return UUID.nameUUIDFromBytes((requestId + "|" + type.name()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Instant at(int minutes) {
        return AT.plus(minutes, ChronoUnit.MINUTES);
    }

    private static String sha256(String content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
