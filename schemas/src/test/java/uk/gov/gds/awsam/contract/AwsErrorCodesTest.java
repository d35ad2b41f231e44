package uk.gov.gds.awsam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;

/** The one classification of AWS error answers, with the codes AWS documents. */
class AwsErrorCodesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown",
            "PriorRequestNotComplete"})
    void throttlingCodesAreThrottledAndRetryable(String code) {
        assertThat(AwsErrorCodes.classify(code, 400)).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrorCodes.classify(code, 400).retryable()).isTrue();
    }

    @Test
    void http429IsThrottledWhateverTheCode() {
        assertThat(AwsErrorCodes.classify(null, 429)).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrorCodes.classify("SomethingNew", 429)).isEqualTo(Kind.THROTTLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException"})
    void aSessionNotYetKnownOrExpiredWantsFreshCredentials(String code) {
        assertThat(AwsErrorCodes.classify(code, 403)).isEqualTo(Kind.FRESH_CREDENTIALS);
        assertThat(AwsErrorCodes.classify(code, 403).retryable()).isTrue();
    }

    @Test
    void organizationsConcurrentModificationIsRetryable() {
        assertThat(AwsErrorCodes.classify("ConcurrentModificationException", 400)).isEqualTo(Kind.CONCURRENT_MODIFICATION);
        assertThat(AwsErrorCodes.classify("ConcurrentModificationException", 400).retryable()).isTrue();
    }

    @Test
    void serverErrorsAreTransientByCodeOrByStatus() {
        assertThat(AwsErrorCodes.classify("ServiceUnavailable", 503)).isEqualTo(Kind.TRANSIENT);
        assertThat(AwsErrorCodes.classify("InternalFailure", 500)).isEqualTo(Kind.TRANSIENT);
        assertThat(AwsErrorCodes.classify("ServiceException", 400)).isEqualTo(Kind.TRANSIENT);
        assertThat(AwsErrorCodes.classify(null, 502)).isEqualTo(Kind.TRANSIENT);
        assertThat(AwsErrorCodes.classify("Unheard", 500).retryable()).isTrue();
    }

    @Test
    void anInvalidPrincipalIsStillPropagatingButOtherMalformedPoliciesAreRefused() {
        assertThat(AwsErrorCodes.classify("MalformedPolicyDocument", 400, "Invalid principal in policy: \"AWS\":\"arn:...\""))
                .isEqualTo(Kind.PRINCIPAL_PROPAGATING);
        assertThat(AwsErrorCodes.classify("MalformedPolicyDocument", 400, "Syntax errors in policy.")).isEqualTo(Kind.REFUSED);
        assertThat(AwsErrorCodes.classify("MalformedPolicyDocument", 400)).isEqualTo(Kind.REFUSED);
        assertThat(Kind.PRINCIPAL_PROPAGATING.retryable()).isFalse();
    }

    @Test
    void refusalsArePermanent() {
        assertThat(AwsErrorCodes.classify("EntityTemporarilyUnmodifiable", 409)).isEqualTo(Kind.TEMPORARILY_UNMODIFIABLE);
        assertThat(AwsErrorCodes.classify("AccessDenied", 403)).isEqualTo(Kind.ACCESS_DENIED);
        assertThat(AwsErrorCodes.classify("AccessDeniedException", 400)).isEqualTo(Kind.ACCESS_DENIED);
        assertThat(AwsErrorCodes.classify("NoSuchEntity", 404)).isEqualTo(Kind.NOT_FOUND);
        assertThat(AwsErrorCodes.classify("AccountNotFoundException", 400)).isEqualTo(Kind.NOT_FOUND);
        assertThat(AwsErrorCodes.classify("EntityAlreadyExists", 409)).isEqualTo(Kind.ALREADY_EXISTS);
        assertThat(AwsErrorCodes.classify("DeleteConflict", 409)).isEqualTo(Kind.DELETE_CONFLICT);
        assertThat(AwsErrorCodes.classify("ConstraintViolationException", 400)).isEqualTo(Kind.REFUSED);
        assertThat(AwsErrorCodes.classify(null, 400)).isEqualTo(Kind.REFUSED);
        for (Kind permanent : new Kind[] {Kind.TEMPORARILY_UNMODIFIABLE, Kind.ACCESS_DENIED, Kind.NOT_FOUND, Kind.ALREADY_EXISTS,
                Kind.DELETE_CONFLICT, Kind.REFUSED}) {
            assertThat(permanent.retryable()).as(permanent.name()).isFalse();
        }
    }
}
