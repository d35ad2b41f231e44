package uk.gov.gds.awsam.request.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import uk.gov.gds.awsam.contract.AwsErrorCodes;
import uk.gov.gds.awsam.request.domain.Organisation;

/**
 * AWS Organizations, read only (DescribeAccount, ListAccounts, DescribeOrganization): where a closure request finds its account. Set
 * up as the provisioner's clients are (endpoint, static or default credentials, an optional role to assume), with
 * the SDK's standard retries bounded by one api-call timeout as the one retry policy for AWS. The blocking calls run
 * on {@code executor}, never on an event loop.
 */
public final class AwsOrganisation implements Organisation, AutoCloseable {

    /** As {@code RequestConfig.Aws}; {@code gdsUsersAccountId} may be absent. */
    public record Settings(String region, Optional<URI> endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey,
            Optional<String> organizationsRoleArn, String roleSessionName, Duration apiCallTimeout, Optional<String> gdsUsersAccountId) {
    }

    private final SdkHttpClient http;
    private final StsClient sts;
    private final OrganizationsClient organizations;
    private final String gdsUsersAccountId;
    private final Executor executor;

    public AwsOrganisation(Settings settings, Executor executor) {
        this.executor = executor;
        this.gdsUsersAccountId = settings.gdsUsersAccountId().orElse(null);
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(settings.apiCallTimeout()).build();
        if (settings.accessKeyId().isPresent() != settings.secretAccessKey().isPresent()) {
            throw new IllegalArgumentException("static AWS credentials need both request.aws.access-key-id and secret-access-key");
        }
        AwsCredentialsProvider base = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        var stsBuilder = StsClient.builder().region(Region.of(settings.region())).credentialsProvider(base).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()).apiCallTimeout(settings.apiCallTimeout()));
        settings.endpoint().ifPresent(stsBuilder::endpointOverride);
        this.sts = stsBuilder.build();
        AwsCredentialsProvider credentials = settings.organizationsRoleArn().<AwsCredentialsProvider>map(arn -> StsAssumeRoleCredentialsProvider
                .builder().stsClient(sts).refreshRequest(r -> r.roleArn(arn).roleSessionName(settings.roleSessionName())).build()).orElse(base);
        var builder = OrganizationsClient.builder().region(Region.of(settings.region())).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(freshSessionsToo()).apiCallTimeout(settings.apiCallTimeout()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.organizations = builder.build();
    }

    /**
     * The SDK's standard retries, and also whatever the one classification of AWS error codes ({@link AwsErrorCodes},
     * in schemas) calls retryable, among them a session AWS does not know yet (it answers InvalidClientTokenId /
     * UnrecognizedClientException for a few seconds after AssumeRole): backed off from 200 ms up to 2 s, eight
     * attempts at most, all within the api-call timeout.
     */
    private static software.amazon.awssdk.retries.api.RetryStrategy freshSessionsToo() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .retryOnException(failure -> failure instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                        && AwsErrorCodes.classify(aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode(), aws.statusCode())
                                .retryable())
                .backoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(2)))
                .maxAttempts(8).build();
    }

    @Override
    public CompletionStage<Found> find(String idOrName) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String management = organizations.describeOrganization().organization().masterAccountId();
                Optional<Organisation.Account> byId = uk.gov.gds.awsam.contract.AccountId.isValid(idOrName) ? describe(idOrName) : Optional.empty();
                if (byId.isPresent()) {
                    return new Found(List.of(byId.get()), management, gdsUsersAccountId);
                }
                List<Organisation.Account> matches = organizations.listAccountsPaginator().stream().flatMap(page -> page.accounts().stream())
                        .filter(account -> idOrName.equals(account.id()) || idOrName.equals(account.name()))
                        .map(AwsOrganisation::toDomain).toList();
                return new Found(matches, management, gdsUsersAccountId);
            } catch (SdkException failure) {
                throw new Unreachable(failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
            }
        }, executor);
    }

    /**
     * An account id is one DescribeAccount, not the whole organisation listed (20 accounts a page, and Organizations
     * allows only a few calls a second): empty when the organisation has no such account, so the name search below
     * still finds an account whose name happens to be twelve digits.
     */
    private Optional<Organisation.Account> describe(String accountId) {
        try {
            return Optional.of(toDomain(organizations.describeAccount(r -> r.accountId(accountId)).account()));
        } catch (software.amazon.awssdk.services.organizations.model.AccountNotFoundException notInOrganisation) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("deprecation")
    private static Organisation.Account toDomain(software.amazon.awssdk.services.organizations.model.Account account) {
        String state = account.state() != null ? account.stateAsString() : account.statusAsString();
        return new Organisation.Account(account.id(), account.name(), state);
    }

    @Override
    public void close() {
        organizations.close();
        sts.close();
        http.close();
    }
}
