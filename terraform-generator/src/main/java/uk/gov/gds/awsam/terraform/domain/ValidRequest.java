package uk.gov.gds.awsam.terraform.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.EmailAddress;
import uk.gov.gds.awsam.contract.IamUserEmail;

/**
 * A submitted request checked for everything the generated files rely on, with its emails normalised.
 *
 * <p>request-service has validated the request at the edge; the generator checks again what would make
 * its output unsafe or wrong, rather than trusting its input: the identifiers it derives names from, and
 * the emails that become IAM user names, by the same rules request-service applies at the edge (the request
 * contract's {@link AccountName} and {@link IamUserEmail}), so what one accepts the other does. Every email that
 * names an IAM user (admins, users) is lower-cased, as the file names are, and is listed once, in the order of the
 * request.
 */
public record ValidRequest(String eventId, String requestId, Kind kind, String requesterEmail,
        Submitted.Account account, List<String> adminEmails, List<String> userEmails) {

    /** An email address as RFC 5322 allows it in practice (dot-atom local part), for the requester. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public ValidRequest {
        adminEmails = List.copyOf(adminEmails);
        userEmails = List.copyOf(userEmails);
    }

    /** The request, checked and normalised; fails naming the first field that is wrong. */
    public static ValidRequest of(Submitted request) {
        String eventId = required(request.eventId(), "eventId");
        String requestId = required(request.requestId(), "requestId");
        if (!UUID.matcher(requestId).matches()) {
            throw new InvalidRequestException("requestId", "must be a UUID, not '" + printable(requestId) + "'");
        }
        Kind kind = request.kind();
        if (kind == null) {
            throw new InvalidRequestException("kind", "is missing");
        }
        String requester = required(request.requesterEmail(), "requesterEmail");
        if (requester.length() > EmailAddress.MAX_LENGTH || !EMAIL.matcher(requester).matches()) {
            throw new InvalidRequestException("requesterEmail", "is not an email address: '" + printable(requester) + "'");
        }
        List<String> users = request.userEmails() == null ? List.of() : request.userEmails();
        Submitted.Account account = request.account();
        if (kind == Kind.NEW_ACCOUNT) {
            if (account == null) {
                throw new InvalidRequestException("account", "a NEW_ACCOUNT request must say which account it asks for");
            }
            if (!users.isEmpty()) {
                throw new InvalidRequestException("userEmails", "must be empty for a NEW_ACCOUNT request");
            }
            checkAccountName(account.name());
            List<String> admins = iamUserEmails(account.adminUserEmails(), "account.adminUserEmails");
            return new ValidRequest(eventId, requestId, kind, requester, account, admins, List.of());
        }
        if (account != null) {
            throw new InvalidRequestException("account", "must be empty for a " + kind + " request");
        }
        return new ValidRequest(eventId, requestId, kind, requester, null, List.of(), iamUserEmails(users, "userEmails"));
    }

    /** What the request is about: the account name, or the emails of the users. */
    public List<String> subjects() {
        return kind == Kind.NEW_ACCOUNT ? List.of(account.name()) : userEmails;
    }

    private static void checkAccountName(String name) {
        required(name, "account.name");
        List<String> problems = AccountName.problems(name);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("account.name", String.join(", ", problems) + ": '" + printable(name) + "'");
        }
    }

    private static List<String> iamUserEmails(List<String> emails, String field) {
        if (emails == null || emails.isEmpty()) {
            throw new InvalidRequestException(field, "must name at least one person");
        }
        Set<String> normalised = new LinkedHashSet<>();
        for (int i = 0; i < emails.size(); i++) {
            String email = required(emails.get(i), field + "[" + i + "]").strip();
            String element = field + "[" + i + "]";
            IamUserEmail.problem(email).ifPresent(problem -> {
                throw new InvalidRequestException(element, problem + " (it names an IAM user): '" + printable(email) + "'");
            });
            normalised.add(IamUserEmail.of(email).value());
        }
        return new ArrayList<>(normalised);
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, "is missing");
        }
        return value;
    }

    /** A value quoted in a reason: control characters shown as '?', cut at 80 characters. */
    private static String printable(String value) {
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }
}
