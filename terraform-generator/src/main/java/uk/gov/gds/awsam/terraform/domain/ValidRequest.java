package uk.gov.gds.awsam.terraform.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.AccountId;
import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.EmailAddress;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.TagText;

/**
 * A submitted request checked for everything the generated files rely on, with its emails normalised.
 *
 * <p>request-service has validated the request at the edge; the generator checks again what would make
 * its output unsafe or wrong, rather than trusting its input: the identifiers it derives names from, and
 * the emails that become IAM user names, by the same rules request-service applies at the edge (the request
 * contract's {@link AccountName} and {@link IamUserEmail}), so what one accepts the other does. Every email that
 * names an IAM user (admins, users) is lower-cased, as the file names are, and is listed once, in the order of the
 * request. A closure's account id is checked by the contract's {@link AccountId}, its reason by {@link TagText}.
 */
public record ValidRequest(String eventId, String requestId, Kind kind, String requesterEmail,
        Submitted.Account account, List<String> adminEmails, List<String> userEmails, Submitted.Closure closure) {

    /** An email address as RFC 5322 allows it in practice (dot-atom local part), for the requester. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    /** An account name as AWS Organizations allows it: 1 to 50 printable ASCII characters. */
    private static final Pattern AWS_ACCOUNT_NAME = Pattern.compile("[\\x20-\\x7E]{1,50}");
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
        Submitted.Closure closure = request.closure();
        if (kind != Kind.NEW_ACCOUNT && account != null) {
            throw new InvalidRequestException("account", "must be empty for a " + kind + " request");
        }
        if (kind != Kind.ACCOUNT_CLOSURE && closure != null) {
            throw new InvalidRequestException("closure", "must be empty for a " + kind + " request");
        }
        if ((kind == Kind.NEW_ACCOUNT || kind == Kind.ACCOUNT_CLOSURE) && !users.isEmpty()) {
            throw new InvalidRequestException("userEmails", "must be empty for a " + kind + " request");
        }
        switch (kind) {
            case NEW_ACCOUNT -> {
                if (account == null) {
                    throw new InvalidRequestException("account", "a NEW_ACCOUNT request must say which account it asks for");
                }
                checkAccountName(account.name());
                List<String> admins = iamUserEmails(account.adminUserEmails(), "account.adminUserEmails");
                return new ValidRequest(eventId, requestId, kind, requester, account, admins, List.of(), null);
            }
            case ACCOUNT_CLOSURE -> {
                if (closure == null) {
                    throw new InvalidRequestException("closure", "an ACCOUNT_CLOSURE request must say which account it closes");
                }
                checkClosure(closure);
                return new ValidRequest(eventId, requestId, kind, requester, null, List.of(), List.of(), closure);
            }
            default -> {
                return new ValidRequest(eventId, requestId, kind, requester, null, List.of(), iamUserEmails(users, "userEmails"), null);
            }
        }
    }

    /** What the request is about: the account name (of the new account, or of the one to close), or the emails of the users. */
    public List<String> subjects() {
        return switch (kind) {
            case NEW_ACCOUNT -> List.of(account.name());
            case ACCOUNT_CLOSURE -> List.of(closure.accountName());
            case USER_ACCESS, USER_REMOVAL -> userEmails;
        };
    }

    /**
     * The account to close: its id by the contract's {@link AccountId}; its name as AWS allows one (it may predate the
     * system's naming rules); the reason by the contract's {@link TagText}, as request-service refuses it.
     */
    private static void checkClosure(Submitted.Closure closure) {
        String id = required(closure.accountId(), "closure.accountId");
        if (!AccountId.isValid(id)) {
            throw new InvalidRequestException("closure.accountId", "is not " + AccountId.RULE + ": '" + printable(id) + "'");
        }
        String name = required(closure.accountName(), "closure.accountName");
        if (!AWS_ACCOUNT_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("closure.accountName", "must be 1 to 50 printable ASCII characters (what AWS allows"
                    + " in an account name): '" + printable(name) + "'");
        }
        String reason = required(closure.reason(), "closure.reason");
        TagText.problem(reason).ifPresent(problem -> {
            throw new InvalidRequestException("closure.reason", problem + ": '" + printable(reason) + "'");
        });
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
