package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;

/** What the generator refuses, each time naming the field. */
class ValidRequestTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                refused("a NEW_ACCOUNT without its account", "account", b -> b.setAccount(null)),
                refused("a NEW_ACCOUNT with users", "userEmails", b -> b.setUserEmails(List.of("a@x.gov.uk"))),
                refused("an account name with capitals", "account.name", b -> b.setAccount(Requests.account("Pay").build())),
                refused("an account name with a double dash", "account.name", b -> b.setAccount(Requests.account("pay--x").build())),
                refused("an account name starting with a digit", "account.name", b -> b.setAccount(Requests.account("1pay").build())),
                refused("an account name with an interpolation", "account.name", b -> b.setAccount(Requests.account("${x}").build())),
                refused("an account name of 51 characters", "account.name", b -> b.setAccount(Requests.account("a".repeat(51)).build())),
                refused("an account without admins", "account.adminUserEmails",
                        b -> b.setAccount(Requests.account("pay").setAdminUserEmails(List.of()).build())),
                refused("an admin email no IAM user can be named", "account.adminUserEmails[1]",
                        b -> b.setAccount(Requests.account("pay").setAdminUserEmails(List.of("a@x.gov.uk", "o'brien@x.gov.uk")).build())),
                refused("an admin email with an interpolation", "account.adminUserEmails[0]",
                        b -> b.setAccount(Requests.account("pay").setAdminUserEmails(List.of("${x}@x.gov.uk")).build())),
                refused("a user request without users", "userEmails", b -> b.setKind(RequestKind.USER_ACCESS).setAccount(null)),
                refused("a user request with an account", "account", b -> b.setKind(RequestKind.USER_REMOVAL).setUserEmails(List.of("a@x.gov.uk"))),
                refused("a user email of 65 characters", "userEmails[0]", b -> b.setKind(RequestKind.USER_ACCESS).setAccount(null)
                        .setUserEmails(List.of("a".repeat(56) + "@x.gov.uk"))),
                refused("a user email without a domain", "userEmails[0]", b -> b.setKind(RequestKind.USER_ACCESS).setAccount(null)
                        .setUserEmails(List.of("someone"))),
                refused("a request id that is not a UUID", "requestId", b -> b.setRequestId("../../main")),
                refused("a requester that is not an email", "requesterEmail", b -> b.setRequesterEmail("Jane <jane@x.gov.uk>")),
                refused("a requester with a line break", "requesterEmail", b -> b.setRequesterEmail("jane@x.gov.uk\nCo-authored-by: x")),
                refused("a closure without its account", "closure", b -> b.setKind(RequestKind.ACCOUNT_CLOSURE).setAccount(null)),
                refused("a closure with a new account", "account", b -> closure(b, "123456789012", "pay", "gone").setAccount(
                        Requests.account("pay").build())),
                refused("a closure with users", "userEmails", b -> closure(b, "123456789012", "pay", "gone").setUserEmails(List.of("a@x.gov.uk"))),
                refused("a new account with a closure", "closure", b -> closure(b, "123456789012", "pay", "gone")
                        .setKind(RequestKind.NEW_ACCOUNT).setAccount(Requests.account("pay").build())),
                refused("a closure of an account id of 11 digits", "closure.accountId", b -> closure(b, "12345678901", "pay", "gone")),
                refused("a closure of an account id with a path", "closure.accountId", b -> closure(b, "../123456789012", "pay", "gone")),
                refused("a closure of an account without a name", "closure.accountName", b -> closure(b, "123456789012", " ", "gone")),
                refused("a closure of an account name of 51 characters", "closure.accountName",
                        b -> closure(b, "123456789012", "a".repeat(51), "gone")),
                refused("a closure of an account name with a line break", "closure.accountName",
                        b -> closure(b, "123456789012", "pay\nCo-authored-by: x", "gone")),
                refused("a closure of an account name AWS would not hold", "closure.accountName", b -> closure(b, "123456789012", "päy", "gone")),
                refused("a closure without a reason", "closure.reason", b -> closure(b, "123456789012", "pay", "")),
                refused("a closure reason with an interpolation", "closure.reason", b -> closure(b, "123456789012", "pay", "${x}")),
                refused("a closure reason of 257 characters", "closure.reason", b -> closure(b, "123456789012", "pay", "a".repeat(257))));
    }

    private static RequestSubmitted.Builder closure(RequestSubmitted.Builder builder, String id, String name, String reason) {
        return builder.setKind(RequestKind.ACCOUNT_CLOSURE).setAccount(null)
                .setClosure(ClosureRequest.newBuilder().setAccountId(id).setAccountName(name).setReason(reason).build());
    }

    private static Arguments refused(String what, String field, UnaryOperator<RequestSubmitted.Builder> change) {
        return Arguments.of(what, field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesNamingTheField(String what, String field, UnaryOperator<RequestSubmitted.Builder> change) {
        RequestSubmitted.Builder builder = Requests.submitted("invalid", RequestKind.NEW_ACCOUNT).setAccount(Requests.account("pay").build());
        RequestSubmitted request = change.apply(builder).build();

        assertThatThrownBy(() -> ValidRequest.of(GeneratorEvents.submitted(request))).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void emailsAreLowerCasedTrimmedAndListedOnceInTheOrderGiven() {
        ValidRequest request = ValidRequest.of(GeneratorEvents.submitted(Requests.userAccess("users", "B@X.gov.uk", " a@x.gov.uk ", "b@x.GOV.uk")));

        assertThat(request.userEmails()).containsExactly("b@x.gov.uk", "a@x.gov.uk");
        assertThat(request.subjects()).containsExactly("b@x.gov.uk", "a@x.gov.uk");
    }

    @Test
    void aClosureIsAboutTheAccountByTheNameAwsRecords() {
        ValidRequest request = ValidRequest.of(GeneratorEvents.submitted(Requests.closure("c", "123456789012", "Legacy Pay (2019)", "gone")));

        assertThat(request.subjects()).containsExactly("Legacy Pay (2019)");
        assertThat(request.closure().accountId()).isEqualTo("123456789012");
    }

    @Test
    void theRequesterIsKeptAsGiven() {
        ValidRequest request = ValidRequest.of(GeneratorEvents.submitted(Requests.submitted("r", RequestKind.USER_ACCESS).setUserEmails(List.of("a@x.gov.uk"))
                .setRequesterEmail("Jane.O'Neil@x.gov.uk").build()));

        assertThat(request.requesterEmail()).isEqualTo("Jane.O'Neil@x.gov.uk");
    }
}
