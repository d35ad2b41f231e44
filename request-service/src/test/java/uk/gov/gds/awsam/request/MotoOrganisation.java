package uk.gov.gds.awsam.request;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AlreadyInOrganizationException;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;

/** The organisation in the JVM's moto (behind the strict layer), as an engineer would make accounts in the console. */
public final class MotoOrganisation {

    private MotoOrganisation() {
    }

    /** Organizations as the management account (moto's default account), the one a test closes accounts of. */
    public static OrganizationsClient client() {
        OrganizationsClient client = OrganizationsClient.builder().endpointOverride(MotoServer.get().endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID,
                        MotoServer.SECRET_ACCESS_KEY)))
                .build();
        try {
            client.createOrganization(b -> b.featureSet("ALL"));
        } catch (AlreadyInOrganizationException exists) {
            // made by an earlier test since moto's last reset
        }
        return client;
    }

    /** A new member account's id, once CreateAccount has finished. */
    public static String created(OrganizationsClient client, String name) {
        String id = client.createAccount(b -> b.accountName(name).email(name + "@example.org")).createAccountStatus().id();
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> client.describeCreateAccountStatus(b -> b.createAccountRequestId(id)).createAccountStatus().accountId(),
                accountId -> accountId != null);
    }
}
