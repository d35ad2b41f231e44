package uk.gov.gds.awsam.request.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.TagText;
import uk.gov.gds.awsam.request.domain.AccountSpec;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestRules;

/**
 * The request form as people see it, and nothing more: which fields each kind of request has, with labels and hints
 * (the hints quote the rules' own limits), how form fields become the same JSON body the API takes (field names are
 * the API's: {@code team.lead.email}, {@code adminUserEmails}), and how the rules' errors read on the page. The rules
 * themselves are {@link RequestRules}'s alone: the form is checked by exactly what checks the API.
 */
final class RequestForm {

    /** The forms, by the path they live at. */
    enum Kind {
        NEW_ACCOUNT("new-account", RequestKind.NEW_ACCOUNT, "Request a new AWS account",
                "An account in the organisation, created after a reviewer merges its pull request."),
        USER_ACCESS("user-access", RequestKind.USER_ACCESS, "Give people access to AWS",
                "An IAM user in gds-users for each person, who gets an email with how to sign in."),
        USER_REMOVAL("user-removal", RequestKind.USER_REMOVAL, "Remove people's access to AWS",
                "Each person's IAM user in gds-users removed, and a list of the accounts that still trust them."),
        ACCOUNT_CLOSURE("account-closure", RequestKind.ACCOUNT_CLOSURE, "Close an AWS account",
                "An account closed after a reviewer merges its pull request; AWS can reinstate it for 90 days.");

        final String path;
        final RequestKind kind;
        final String title;
        final String summary;

        Kind(String path, RequestKind kind, String title, String summary) {
            this.path = path;
            this.kind = kind;
            this.title = title;
            this.summary = summary;
        }

        static Kind of(String path) {
            return Arrays.stream(values()).filter(kind -> kind.path.equals(path)).findFirst().orElse(null);
        }

        public String path() {
            return path;
        }

        public String title() {
            return title;
        }

        public String summary() {
            return summary;
        }
    }

    /** One field of a form: how it is drawn, what it holds and what is wrong with it. */
    record Field(String name, String id, String label, String hint, String type, String value, String error, List<Option> options,
            String autocomplete, String width) {
    }

    /** One choice of a radios field. */
    record Option(String value, String label, String hint, boolean checked) {
    }

    /** A heading and its fields. */
    record Section(String title, List<Field> fields) {
    }

    /** An error of the summary at the top of the page: the text and the field it links to. */
    record Error(String href, String text) {
    }

    /** A row of "check your answers". */
    record Answer(String key, String value, String section) {
    }

    private static final Pattern ELEMENT = Pattern.compile("(.+)\\[(\\d+)]");
    private static final Map<String, String> LABELS = labels();

    private final RequestRules rules;

    RequestForm(RequestRules rules) {
        this.rules = rules;
    }

    // ---- form fields → the API's body ----

    /** The body the API would get for these form fields (the form's names are the API's field paths). */
    static Map<String, Object> body(Kind kind, MultivaluedMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (kind == Kind.ACCOUNT_CLOSURE) {
            body.put("account", text(form, "account"));
            body.put("reason", text(form, "reason"));
            return body;
        }
        if (kind != Kind.NEW_ACCOUNT) {
            body.put("userEmails", lines(form.getFirst("userEmails")));
            return body;
        }
        body.put("name", text(form, "name"));
        body.put("description", text(form, "description"));
        body.put("organisation", text(form, "organisation"));
        body.put("costCentre", text(form, "costCentre"));
        Map<String, Object> lead = new LinkedHashMap<>();
        for (String field : List.of("name", "email", "phone", "role")) {
            lead.put(field, text(form, "team.lead." + field));
        }
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("name", text(form, "team.name"));
        team.put("email", text(form, "team.email"));
        team.put("lead", lead);
        body.put("team", team);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", text(form, "service.name"));
        putYesNo(service, "outOfHoursSupport", form.getFirst("service.outOfHoursSupport"));
        service.put("outOfHoursPhone", text(form, "service.outOfHoursPhone"));
        service.put("outOfHoursEmail", text(form, "service.outOfHoursEmail"));
        body.put("service", service);
        Map<String, Object> security = new LinkedHashMap<>();
        security.put("alertPriority", text(form, "security.alertPriority"));
        security.put("criticalResources", text(form, "security.criticalResources"));
        putYesNo(security, "holdsPii", form.getFirst("security.holdsPii"));
        putYesNo(security, "holdsPciData", form.getFirst("security.holdsPciData"));
        body.put("security", security);
        body.put("adminUserEmails", lines(form.getFirst("adminUserEmails")));
        return body;
    }

    /** What each field of the form shows for a body (to fill the form in again). */
    static Map<String, String> values(Object body) {
        Map<String, String> values = new LinkedHashMap<>();
        flatten("", body, values);
        return values;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, String> values) {
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((key, item) -> flatten(prefix.isEmpty() ? key : prefix + "." + key, item, values));
        } else if (value instanceof List<?> list) {
            values.put(prefix, String.join("\n", list.stream().map(String::valueOf).toList()));
        } else if (value instanceof Boolean bool) {
            values.put(prefix, bool ? "yes" : "no");
        } else if (value != null) {
            values.put(prefix, value.toString());
        }
    }

    private static String text(MultivaluedMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null ? "" : value;
    }

    /** A yes/no question: JSON true or false, or absent when unanswered (the rules say it is required). */
    private static void putYesNo(Map<String, Object> object, String name, String answer) {
        if ("yes".equals(answer)) {
            object.put(name, true);
        } else if ("no".equals(answer)) {
            object.put(name, false);
        }
    }

    /** Emails one per line (commas, semicolons and spaces also separate them). */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("[\\s,;]+")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    // ---- the rules' errors, as the page says them ----

    /** The HTML id of a field of the form ({@code team.lead.email} → {@code team-lead-email}); list elements → the list. */
    static String id(String field) {
        Matcher element = ELEMENT.matcher(field);
        String base = element.matches() ? element.group(1) : field;
        return base.replace('.', '-');
    }

    /** An error as a sentence: the field's label and the rule's own message. */
    static String sentence(FieldError error) {
        Matcher element = ELEMENT.matcher(error.field());
        String label;
        if (element.matches()) {
            String list = element.group(1);
            int position = Integer.parseInt(element.group(2)) + 1;
            label = (list.equals("adminUserEmails") ? "Admin " : "Email address ") + position;
        } else {
            label = LABELS.getOrDefault(error.field(), error.field());
        }
        return label + " " + error.message();
    }

    /** The error summary: each error once, linking to its field. */
    static List<Error> summary(List<FieldError> errors) {
        return errors.stream().map(error -> new Error("#" + id(error.field()), sentence(error))).distinct().toList();
    }

    /** Each field's inline message: its errors joined (the elements of a list under the list). */
    static Map<String, String> inline(List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : errors) {
            byField.merge(id(error.field()), sentence(error), (a, b) -> a + ". " + b);
        }
        return byField;
    }

    // ---- the forms ----

    /** The sections of a form, filled in with {@code values} and marked with {@code errors} (by field id). */
    List<Section> sections(Kind kind, Map<String, String> values, Map<String, String> errors) {
        if (kind == Kind.ACCOUNT_CLOSURE) {
            return List.of(new Section("", List.of(
                    field("account", "Account to close", "Its 12-digit account id, or its name as AWS Organizations shows it. Its requester, "
                            + "its admins and engineers may close it.", "text", values, errors, "off", "govuk-!-width-two-thirds"),
                    field("reason", "Why it is no longer needed", "At most " + TagText.MAX_LENGTH + " characters: " + TagText.CHARACTERS + ".",
                            "textarea", values, errors, null, null))));
        }
        if (kind != Kind.NEW_ACCOUNT) {
            String verb = kind == Kind.USER_ACCESS ? "add" : "remove";
            return List.of(new Section("", List.of(field("userEmails", "Email addresses of the people to " + verb,
                    "One per line, at most " + rules.maxUsersPerRequest() + ", each in " + domains() + ". Their IAM user name is their email, "
                            + "so at most " + IamUserEmail.MAX_LENGTH + " characters.",
                    "textarea", values, errors, null, null))));
        }
        String tagHint = "At most " + TagText.MAX_LENGTH + " characters: " + TagText.CHARACTERS
                + " (it becomes a tag on the account).";
        List<Option> organisations = new ArrayList<>();
        for (String organisation : rules.organisations()) {
            organisations.add(new Option(organisation, organisation, rules.requiresCostCentre(organisation) ? "Needs a cost centre" : null,
                    organisation.equals(values.get("organisation"))));
        }
        List<String> needCostCentre = rules.organisations().stream().filter(rules::requiresCostCentre).toList();
        return List.of(
                new Section("The account", List.of(
                        field("name", "Account name", "Lower-case words of the letters a to z, separated by single dashes: at most "
                                + AccountName.MAX_WORDS + " words and " + AccountName.MAX_LENGTH
                                + " characters, for example pay-platform-staging. No other account may have it.",
                                "text", values, errors, "off", "govuk-!-width-two-thirds"),
                        field("description", "What the account is for", tagHint, "textarea", values, errors, null, null),
                        radios("organisation", "Organisation", null, organisations, errors),
                        field("costCentre", "Cost centre", (needCostCentre.isEmpty() ? "Optional" : "Needed for " + String.join(" and ", needCostCentre))
                                + ": a code of letters, digits and dashes, at most 32 characters.", "text", values, errors, "off", "govuk-input--width-10"))),
                new Section("The team", List.of(
                        field("team.name", "Team name", tagHint, "text", values, errors, "organization", null),
                        field("team.email", "Team email", "The team's shared address: it is told about the account.", "email", values, errors, "email", null),
                        field("team.lead.name", "Team lead's name", null, "text", values, errors, "name", null),
                        field("team.lead.role", "Team lead's role", null, "text", values, errors, "organization-title", null),
                        field("team.lead.email", "Team lead's email", "An email or a phone number, or both.", "email", values, errors, "email", null),
                        field("team.lead.phone", "Team lead's phone number", "Digits, spaces and dashes, optionally starting with +.", "tel",
                                values, errors, "tel", "govuk-input--width-20"))),
                new Section("The service", List.of(
                        field("service.name", "Service name", tagHint, "text", values, errors, null, null),
                        radios("service.outOfHoursSupport", "Does the service have out-of-hours support?", "If it does, give the number to call.",
                                yesNo(values.get("service.outOfHoursSupport")), errors),
                        field("service.outOfHoursPhone", "Out-of-hours phone number", "Needed when the service has out-of-hours support.", "tel",
                                values, errors, "tel", "govuk-input--width-20"),
                        field("service.outOfHoursEmail", "Out-of-hours email (optional)", null, "email", values, errors, "email", null))),
                new Section("Security", List.of(
                        radios("security.alertPriority", "Priority of security alerts", null, priorities(values.get("security.alertPriority")), errors),
                        field("security.criticalResources", "Critical resources (optional)", tagHint, "textarea", values, errors, null, null),
                        radios("security.holdsPii", "Will the account hold personal data (PII)?", null, yesNo(values.get("security.holdsPii")), errors),
                        radios("security.holdsPciData", "Will the account hold payment card data (PCI)?", null,
                                yesNo(values.get("security.holdsPciData")), errors))),
                new Section("Admins", List.of(
                        field("adminUserEmails", "Email addresses of the account's admins",
                                "One per line, at least one and at most " + rules.maxAdminsPerAccount() + ", each in " + domains()
                                        + ". Each must have an IAM user in gds-users: the account's bootstrap role will trust them (with MFA).",
                                "textarea", values, errors, null, null))));
    }

    /** "Check your answers": the validated, normalised request, as the service will send it. */
    static List<Answer> answers(Object validated) {
        List<Answer> answers = new ArrayList<>();
        if (validated instanceof AccountSpec account) {
            answers.add(new Answer("Account name", account.name(), "account"));
            answers.add(new Answer("What the account is for", account.description(), "account"));
            answers.add(new Answer("Organisation", account.organisation(), "account"));
            answers.add(new Answer("Cost centre", account.costCentre() == null ? "None" : account.costCentre(), "account"));
            answers.add(new Answer("Team", account.team().name() + ", " + account.team().email(), "team"));
            AccountSpec.Lead lead = account.team().lead();
            answers.add(new Answer("Team lead", String.join(", ", nonNull(lead.name(), lead.role(), lead.email(), lead.phone())), "team"));
            answers.add(new Answer("Service", account.service().name(), "service"));
            answers.add(new Answer("Out-of-hours support", account.service().outOfHoursSupport()
                    ? "Yes: " + String.join(", ", nonNull(account.service().outOfHoursPhone(), account.service().outOfHoursEmail())) : "No", "service"));
            answers.add(new Answer("Security alert priority", account.security().alertPriority(), "security"));
            answers.add(new Answer("Critical resources", account.security().criticalResources() == null ? "None" : account.security().criticalResources(),
                    "security"));
            answers.add(new Answer("Personal data (PII)", account.security().holdsPii() ? "Yes" : "No", "security"));
            answers.add(new Answer("Payment card data (PCI)", account.security().holdsPciData() ? "Yes" : "No", "security"));
            answers.add(new Answer("Admins", String.join(", ", account.adminUserEmails()), "admins"));
        } else if (validated instanceof RequestRules.ClosureAsk closure) {
            answers.add(new Answer("Account to close", closure.account(), "account"));
            answers.add(new Answer("Why it is no longer needed", closure.reason(), "account"));
        } else if (validated instanceof List<?> people) {
            answers.add(new Answer("People", String.join(", ", people.stream().map(String::valueOf).toList()), "people"));
        }
        return answers;
    }

    private String domains() {
        List<String> domains = rules.allowedDomains();
        return domains.size() == 1 ? domains.get(0) : "one of " + String.join(", ", domains);
    }

    private static List<String> nonNull(String... values) {
        return Arrays.stream(values).filter(value -> value != null && !value.isBlank()).toList();
    }

    private static Field field(String name, String label, String hint, String type, Map<String, String> values, Map<String, String> errors,
            String autocomplete, String width) {
        return new Field(name, id(name), label, hint, type, values.getOrDefault(name, ""), errors.get(id(name)), List.of(), autocomplete, width);
    }

    private static Field radios(String name, String label, String hint, List<Option> options, Map<String, String> errors) {
        return new Field(name, id(name), label, hint, "radios", "", errors.get(id(name)), options, null, null);
    }

    private static List<Option> yesNo(String value) {
        return List.of(new Option("yes", "Yes", null, "yes".equals(value)), new Option("no", "No", null, "no".equals(value)));
    }

    private static List<Option> priorities(String value) {
        List<String> meanings = List.of("critical: someone is woken up", "high: looked at the same working day",
                "medium: looked at within a few working days", "low: looked at when there is time");
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < RequestRules.ALERT_PRIORITIES.size(); i++) {
            String priority = RequestRules.ALERT_PRIORITIES.get(i);
            options.add(new Option(priority, priority, i < meanings.size() ? meanings.get(i) : null, priority.equals(value)));
        }
        return options;
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("name", "Account name");
        labels.put("description", "What the account is for");
        labels.put("organisation", "Organisation");
        labels.put("costCentre", "Cost centre");
        labels.put("team.name", "Team name");
        labels.put("team.email", "Team email");
        labels.put("team.lead", "Team lead");
        labels.put("team.lead.name", "Team lead's name");
        labels.put("team.lead.role", "Team lead's role");
        labels.put("team.lead.email", "Team lead's email");
        labels.put("team.lead.phone", "Team lead's phone number");
        labels.put("service.name", "Service name");
        labels.put("service.outOfHoursSupport", "Out-of-hours support");
        labels.put("service.outOfHoursPhone", "Out-of-hours phone number");
        labels.put("service.outOfHoursEmail", "Out-of-hours email");
        labels.put("security.alertPriority", "Security alert priority");
        labels.put("security.criticalResources", "Critical resources");
        labels.put("security.holdsPii", "Personal data (PII)");
        labels.put("security.holdsPciData", "Payment card data (PCI)");
        labels.put("adminUserEmails", "Admins");
        labels.put("userEmails", "Email addresses");
        labels.put("account", "Account to close");
        labels.put("reason", "Why it is no longer needed");
        labels.put("requester", "Your email address");
        labels.put("body", "The form");
        labels.put("Idempotency-Key", "The form");
        return labels;
    }
}
