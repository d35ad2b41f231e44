package uk.gov.gds.awsam.request.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.EmailAddress;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.TagText;

/**
 * The rules a request must meet before anything is published (DESIGN.md §5: every input is validated at
 * the edge). Each rule names the field it fails on; every failure of a body is reported at once.
 *
 * <p>Every text of an account request may become an AWS tag value on the account, so each is held to what
 * AWS allows there: at most 256 characters, only letters, digits, spaces and {@code _ . : / = + - @}.
 * Emails that become IAM user names in gds-users (the requester, admins, people added or removed) must be
 * in an allowed domain and at most 64 characters; all emails are ASCII and compared in lower case, so a
 * look-alike letter from another script cannot pass for an allowed domain.
 *
 * <p>The rules of the values themselves (account name, emails, tag text) are the request contract's, in
 * {@code uk.gov.gds.awsam.contract}, which terraform-generator checks again; this class adds what only the edge
 * knows: the configured domains and organisations, required fields and the shape of the body.
 */
public final class RequestRules {

    public static final List<String> ALERT_PRIORITIES = List.of("P1", "P2", "P3", "P4");

    static final Set<String> ACCOUNT_FIELDS = Set.of("name", "description", "organisation", "costCentre", "team", "service",
            "security", "adminUserEmails");
    static final Set<String> TEAM_FIELDS = Set.of("name", "email", "lead");
    static final Set<String> LEAD_FIELDS = Set.of("name", "email", "phone", "role");
    static final Set<String> SERVICE_FIELDS = Set.of("name", "outOfHoursSupport", "outOfHoursPhone", "outOfHoursEmail");
    static final Set<String> SECURITY_FIELDS = Set.of("alertPriority", "criticalResources", "holdsPii", "holdsPciData");
    static final Set<String> USERS_FIELDS = Set.of("userEmails");
    static final Set<String> CLOSURE_FIELDS = Set.of("account", "reason");
    /** AWS's longest account name. */
    static final int MAX_ACCOUNT_NAME_LENGTH = 50;

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]([0-9 -]{4,22})[0-9]");
    private static final Pattern COST_CENTRE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");
    /** What a text that may become an AWS tag value may contain, in words. */

    private final Set<String> allowedDomains;
    private final List<String> organisations;
    private final Set<String> organisationsRequiringCostCentre;
    private final int maxUsersPerRequest;
    private final int maxAdminsPerAccount;

    public RequestRules(List<String> allowedDomains, List<String> organisations, List<String> organisationsRequiringCostCentre,
            int maxUsersPerRequest, int maxAdminsPerAccount) {
        this.allowedDomains = new HashSet<>();
        allowedDomains.forEach(domain -> this.allowedDomains.add(domain.trim().toLowerCase(Locale.ROOT)));
        this.organisations = List.copyOf(organisations);
        this.organisationsRequiringCostCentre = Set.copyOf(organisationsRequiringCostCentre);
        if (!this.organisations.containsAll(this.organisationsRequiringCostCentre)) {
            throw new IllegalArgumentException("organisations requiring a cost centre must be among the organisations");
        }
        this.maxUsersPerRequest = maxUsersPerRequest;
        this.maxAdminsPerAccount = maxAdminsPerAccount;
    }

    /** The organisations an account may belong to, in order. */
    public List<String> organisations() {
        return organisations;
    }

    /** Whether an account of this organisation needs a cost centre. */
    public boolean requiresCostCentre(String organisation) {
        return organisationsRequiringCostCentre.contains(organisation);
    }

    /** The domains of the emails that may request, be admins, or be added or removed, in order. */
    public List<String> allowedDomains() {
        return allowedDomains.stream().sorted().toList();
    }

    public int maxUsersPerRequest() {
        return maxUsersPerRequest;
    }

    public int maxAdminsPerAccount() {
        return maxAdminsPerAccount;
    }

    /** The requester's authenticated email, lower-cased; an error on {@code requester} when it may not request. */
    public Validated<String> requester(String email) {
        List<FieldError> errors = new ArrayList<>();
        String normalised = iamUserEmail("requester", email, errors);
        return errors.isEmpty() ? Validated.valid(normalised) : Validated.invalid(errors);
    }

    /** A new-account request body. */
    public Validated<AccountSpec> account(Object body) {
        List<FieldError> errors = new ArrayList<>();
        JsonFields root = JsonFields.root(body, errors);
        root.rejectUnknown(ACCOUNT_FIELDS);

        String name = root.requiredText("name");
        if (name != null) {
            accountName(root.field("name"), name, errors);
        }
        String description = tagValue(root, "description", root.requiredText("description"), errors);
        String organisation = root.requiredText("organisation");
        if (organisation != null && !organisations.contains(organisation)) {
            root.error("organisation", "must be one of " + String.join(", ", organisations));
        }
        String costCentre = tagValue(root, "costCentre", root.optionalText("costCentre"), errors);
        if (costCentre != null && !COST_CENTRE.matcher(costCentre).matches()) {
            root.error("costCentre", "must be a code of letters, digits and dashes, at most 32 characters");
        } else if (costCentre == null && organisationsRequiringCostCentre.contains(organisation)) {
            root.error("costCentre", "is required for " + organisation);
        }

        AccountSpec.Team team = team(root.object("team"), errors);
        AccountSpec.Service service = service(root.object("service"), errors);
        AccountSpec.Security security = security(root.object("security"), errors);
        List<String> admins = emails(root, "adminUserEmails", maxAdminsPerAccount, errors);

        if (!errors.isEmpty()) {
            return Validated.invalid(errors);
        }
        return Validated.valid(new AccountSpec(name, description, organisation, costCentre, team, service, security, admins));
    }

    /** A user-access or user-removal request body: the people to add or remove. */
    public Validated<List<String>> users(Object body) {
        List<FieldError> errors = new ArrayList<>();
        JsonFields root = JsonFields.root(body, errors);
        root.rejectUnknown(USERS_FIELDS);
        List<String> emails = emails(root, "userEmails", maxUsersPerRequest, errors);
        return errors.isEmpty() ? Validated.valid(emails) : Validated.invalid(errors);
    }

    /** What a closure request names: the account (its 12-digit id, or its name as Organizations records it), and why. */
    public record ClosureAsk(String account, String reason) {
    }

    /** An account-closure request body. */
    public Validated<ClosureAsk> closure(Object body) {
        List<FieldError> errors = new ArrayList<>();
        JsonFields root = JsonFields.root(body, errors);
        root.rejectUnknown(CLOSURE_FIELDS);
        String account = root.requiredText("account");
        if (account != null && (account.length() > MAX_ACCOUNT_NAME_LENGTH || account.codePoints().anyMatch(Character::isISOControl))) {
            root.error("account", "must be a 12-digit account id or an account name of at most " + MAX_ACCOUNT_NAME_LENGTH + " characters");
            account = null;
        }
        String reason = tagValue(root, "reason", root.requiredText("reason"), errors);
        return errors.isEmpty() ? Validated.valid(new ClosureAsk(account, reason)) : Validated.invalid(errors);
    }

    private static void accountName(String field, String name, List<FieldError> errors) {
        AccountName.problems(name).forEach(problem -> errors.add(new FieldError(field, problem)));
    }

    private AccountSpec.Team team(JsonFields team, List<FieldError> errors) {
        team.rejectUnknown(TEAM_FIELDS);
        String name = tagValue(team, "name", team.requiredText("name"), errors);
        String email = contactEmail(team, "email", team.requiredText("email"), errors);
        JsonFields lead = team.object("lead");
        lead.rejectUnknown(LEAD_FIELDS);
        String leadName = tagValue(lead, "name", lead.requiredText("name"), errors);
        String leadEmail = contactEmail(lead, "email", lead.optionalText("email"), errors);
        String leadPhone = phone(lead, "phone", lead.optionalText("phone"), errors);
        String leadRole = tagValue(lead, "role", lead.requiredText("role"), errors);
        if (lead.present() && leadEmail == null && leadPhone == null && !hasErrorOn(errors, lead.field("email"), lead.field("phone"))) {
            team.error("lead", "needs an email or a phone number");
        }
        if (!team.present() || !lead.present()) {
            return null;
        }
        return new AccountSpec.Team(name, email, new AccountSpec.Lead(leadName, leadEmail, leadPhone, leadRole));
    }

    private AccountSpec.Service service(JsonFields service, List<FieldError> errors) {
        service.rejectUnknown(SERVICE_FIELDS);
        String name = tagValue(service, "name", service.requiredText("name"), errors);
        Boolean outOfHours = service.requiredBoolean("outOfHoursSupport");
        String phone = phone(service, "outOfHoursPhone", service.optionalText("outOfHoursPhone"), errors);
        String email = contactEmail(service, "outOfHoursEmail", service.optionalText("outOfHoursEmail"), errors);
        if (Boolean.TRUE.equals(outOfHours) && phone == null && !hasErrorOn(errors, service.field("outOfHoursPhone"))) {
            service.error("outOfHoursPhone", "is required when outOfHoursSupport is true");
        }
        return service.present() && outOfHours != null ? new AccountSpec.Service(name, outOfHours, phone, email) : null;
    }

    private AccountSpec.Security security(JsonFields security, List<FieldError> errors) {
        security.rejectUnknown(SECURITY_FIELDS);
        String priority = security.requiredText("alertPriority");
        if (priority != null && !ALERT_PRIORITIES.contains(priority)) {
            security.error("alertPriority", "must be one of " + String.join(", ", ALERT_PRIORITIES));
        }
        String critical = tagValue(security, "criticalResources", security.optionalText("criticalResources"), errors);
        Boolean pii = security.requiredBoolean("holdsPii");
        Boolean pci = security.requiredBoolean("holdsPciData");
        if (!security.present() || pii == null || pci == null) {
            return null;
        }
        return new AccountSpec.Security(priority, critical, pii, pci);
    }

    /** A required, non-empty array of distinct allowed emails, lower-cased, in the order given. */
    private List<String> emails(JsonFields object, String name, int max, List<FieldError> errors) {
        List<JsonFields.Element> elements = object.requiredStrings(name);
        if (elements == null) {
            return List.of();
        }
        if (elements.isEmpty() && errors.stream().noneMatch(e -> e.field().startsWith(object.field(name) + "["))) {
            object.error(name, "must name at least one person");
        }
        if (elements.size() > max) {
            object.error(name, "must name at most " + max + " people");
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonFields.Element element : elements) {
            String email = iamUserEmail(element.field(), element.value(), errors);
            if (email != null && !seen.add(email)) {
                errors.add(new FieldError(element.field(), "names the same person twice"));
            }
        }
        return List.copyOf(seen);
    }

    /** An email that is (or becomes) an IAM user name in gds-users: allowed domain, at most 64 characters. */
    private String iamUserEmail(String field, String value, List<FieldError> errors) {
        Optional<String> problem = IamUserEmail.problem(value);
        if (problem.isPresent()) {
            errors.add(new FieldError(field, problem.get()));
            return null;
        }
        IamUserEmail email = IamUserEmail.of(value);
        if (!allowedDomains.contains(email.domain())) {
            errors.add(new FieldError(field, "must be an email address in an allowed domain (" + String.join(", ", allowedDomains()) + ")"));
            return null;
        }
        return email.value();
    }

    /** A contact email (team, lead, out of hours): well formed, any domain. */
    private static String contactEmail(JsonFields object, String name, String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        Optional<String> problem = EmailAddress.problem(value, EmailAddress.MAX_LENGTH);
        problem.ifPresent(wrong -> errors.add(new FieldError(object.field(name), wrong)));
        return problem.isPresent() ? null : EmailAddress.of(value).value();
    }

    private static String phone(JsonFields object, String name, String value, List<FieldError> errors) {
        if (value != null && !PHONE.matcher(value).matches()) {
            errors.add(new FieldError(object.field(name), "must be a phone number of digits, spaces and dashes, optionally starting with +"));
            return null;
        }
        return value;
    }

    /** A text that may become an AWS tag value; null (with an error) when it cannot. */
    private static String tagValue(JsonFields object, String name, String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        Optional<String> problem = TagText.problem(value);
        problem.ifPresent(wrong -> errors.add(new FieldError(object.field(name), wrong)));
        return problem.isPresent() ? null : value;
    }

    private static boolean hasErrorOn(List<FieldError> errors, String... fields) {
        Set<String> names = Set.of(fields);
        return errors.stream().anyMatch(error -> names.contains(error.field()));
    }
}
