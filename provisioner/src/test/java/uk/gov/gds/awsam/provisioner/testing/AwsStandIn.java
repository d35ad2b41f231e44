package uk.gov.gds.awsam.provisioner.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import uk.gov.gds.awsam.provisioner.client.AwsClients;

/**
 * A WireMock stand-in of the AWS APIs the provisioner calls, for what moto cannot do: failed account
 * creations, throttling, an account that is slow to become assumable, DeleteConflict, root MFA shown as
 * enabled. Organizations speaks AWS JSON 1.1 (operation in {@code X-Amz-Target}); IAM and STS speak the AWS
 * query protocol (operation in the {@code Action} form field, XML answers). Answers given as a sequence are
 * served in order, the last one repeating.
 */
public final class AwsStandIn implements AutoCloseable {

    public static final String ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128.";
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private int scenarios;

    public AwsStandIn() {
        server.start();
    }

    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** Clients with static base credentials pointing at the stand-in; each role (when given) is assumed first. */
    public AwsClients clients(Optional<String> organizationsRoleArn, Optional<String> gdsUsersRoleArn) {
        return new AwsClients(new AwsClients.Settings("eu-west-2", Optional.of(endpoint()), Optional.of("AKIDBASE"),
                Optional.of("base-secret"), organizationsRoleArn, gdsUsersRoleArn, "provisioner-test", Duration.ofSeconds(5)));
    }

    public AwsClients clients() {
        return clients(Optional.empty(), Optional.empty());
    }

    // ---- Organizations (JSON 1.1)

    public void organizations(String operation, Answer... answers) {
        stub(() -> post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ORGANIZATIONS_TARGET + operation)), answers);
    }

    public static Answer json(String body) {
        return new Answer(200, "application/x-amz-json-1.1", body);
    }

    public static Answer jsonError(int status, String type, String message) {
        return new Answer(status, "application/x-amz-json-1.1", "{\"__type\":\"" + type + "\",\"Message\":\"" + message + "\"}");
    }

    public static Answer accounts(String... idNameEmail) {
        StringBuilder json = new StringBuilder("{\"Accounts\":[");
        for (int i = 0; i < idNameEmail.length; i += 3) {
            json.append(i == 0 ? "" : ",").append("{\"Id\":\"").append(idNameEmail[i]).append("\",\"Name\":\"").append(idNameEmail[i + 1])
                    .append("\",\"Email\":\"").append(idNameEmail[i + 2]).append("\",\"Status\":\"ACTIVE\",\"State\":\"ACTIVE\"}");
        }
        return json(json.append("]}").toString());
    }

    public static Answer createStatus(String id, String state, String accountId, String failureReason) {
        return json("{\"CreateAccountStatus\":{\"Id\":\"" + id + "\",\"AccountName\":\"x\",\"State\":\"" + state + "\""
                + (accountId == null ? "" : ",\"AccountId\":\"" + accountId + "\"")
                + (failureReason == null ? "" : ",\"FailureReason\":\"" + failureReason + "\"") + "}}");
    }

    // ---- IAM and STS (query protocol)

    public void query(String action, Answer... answers) {
        stub(() -> post(urlEqualTo("/")).withFormParam("Action", equalTo(action)), answers);
    }

    /** Answers an action only when a form field has a value (e.g. AssumeRole of one role); wins over {@link #query}. */
    public void queryWhere(String action, String field, String value, Answer answer) {
        server.stubFor(post(urlEqualTo("/")).atPriority(1).withFormParam("Action", equalTo(action))
                .withFormParam(field, equalTo(value)).willReturn(answer.response()));
    }

    /** A query-protocol answer for the given action in a namespace, with {@code result} inside its Result element. */
    public static Answer iam(String action, String result) {
        return xml(action, IAM_NS, result);
    }

    public static Answer sts(String action, String result) {
        return xml(action, STS_NS, result);
    }

    public static Answer iamError(int status, String code, String message) {
        return new Answer(status, "text/xml", "<ErrorResponse xmlns=\"" + IAM_NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>");
    }

    public static Answer stsError(int status, String code, String message) {
        return new Answer(status, "text/xml", "<ErrorResponse xmlns=\"" + STS_NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>");
    }

    public static Answer assumedRole(String accessKeyId) {
        return sts("AssumeRole", "<Credentials><AccessKeyId>" + accessKeyId + "</AccessKeyId><SecretAccessKey>secret-" + accessKeyId
                + "</SecretAccessKey><SessionToken>token-" + accessKeyId + "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
                + "</Credentials><AssumedRoleUser><AssumedRoleId>AROASTANDIN:s</AssumedRoleId>"
                + "<Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn></AssumedRoleUser>");
    }

    public static Answer role(String arn, String trustPolicy) {
        return iam("GetRole", "<Role><Path>/</Path><RoleName>" + arn.substring(arn.lastIndexOf('/') + 1) + "</RoleName>"
                + "<RoleId>AROASTANDIN</RoleId><Arn>" + arn + "</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
                + "<AssumeRolePolicyDocument>" + java.net.URLEncoder.encode(trustPolicy, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20") + "</AssumeRolePolicyDocument></Role>");
    }

    public static Answer user(String arn) {
        return iam("GetUser", "<User><Path>/</Path><UserName>" + arn.substring(arn.indexOf(":user/") + 6) + "</UserName>"
                + "<UserId>AIDASTANDIN</UserId><Arn>" + arn + "</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></User>");
    }

    public static Answer accountSummary(int accountMfaEnabled) {
        return iam("GetAccountSummary", "<SummaryMap><entry><key>AccountMFAEnabled</key><value>" + accountMfaEnabled
                + "</value></entry><entry><key>Users</key><value>0</value></entry></SummaryMap>");
    }

    /** An empty page of a list action, e.g. ListAccessKeys with element AccessKeyMetadata. */
    public static Answer emptyList(String action, String element) {
        return iam(action, "<" + element + "/><IsTruncated>false</IsTruncated>");
    }

    public static Answer done(String action) {
        return new Answer(200, "text/xml", "<" + action + "Response xmlns=\"" + IAM_NS + "\"><ResponseMetadata><RequestId>stand-in"
                + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    // ---- what reached the stand-in

    public List<LoggedRequest> organizationsCalls(String operation) {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ORGANIZATIONS_TARGET + operation)));
    }

    public List<LoggedRequest> queryCalls(String action) {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo(action)));
    }

    public List<LoggedRequest> all() {
        return server.findAll(RequestPatternBuilder.allRequests());
    }

    @Override
    public void close() {
        server.stop();
    }

    private static Answer xml(String action, String namespace, String result) {
        return new Answer(200, "text/xml", "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</"
                + action + "Result><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></" + action + "Response>");
    }

    private void stub(java.util.function.Supplier<MappingBuilder> request, Answer... answers) {
        if (answers.length == 1) {
            server.stubFor(request.get().willReturn(answers[0].response()));
            return;
        }
        String scenario = "sequence-" + (++scenarios);
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer-" + i;
            com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder mapping = request.get().inScenario(scenario).whenScenarioStateIs(state).willReturn(answers[i].response());
            if (i < answers.length - 1) {
                mapping.willSetStateTo("answer-" + (i + 1));
            }
            server.stubFor(mapping);
        }
    }

    /** One answer of the stand-in. */
    public record Answer(int status, String contentType, String body) {

        ResponseDefinitionBuilder response() {
            return aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body);
        }
    }
}
