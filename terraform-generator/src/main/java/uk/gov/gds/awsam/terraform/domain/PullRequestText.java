package uk.gov.gds.awsam.terraform.domain;

import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.contract.RootMfaCredential;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;

/**
 * The words around a change: pull request title and body (Markdown a reviewer can act on) and the commit
 * message (with a {@code Co-authored-by} trailer for the requester).
 *
 * <p>Nothing a requester typed is written into the Markdown as Markdown: free text appears as the value
 * the account is tagged with (see {@link Tags}: letters, digits, spaces and {@code _ . : / = + - @} only),
 * and every value, email and name is set in a code span, so no text of a request can mention someone,
 * link, format or break the layout.
 */
public record PullRequestText(String title, String body, String commitMessage) {

    static final String USERS_ACCOUNT = "gds-users";

    /** The text of a request's change. */
    public static PullRequestText of(ValidRequest request, GeneratorSettings settings, List<Generated.FileEdit> changes) {
        String title = title(request);
        String body = switch (request.kind()) {
            case NEW_ACCOUNT -> accountBody(request, settings);
            case USER_ACCESS -> userAccessBody(request, settings);
            case USER_REMOVAL -> userRemovalBody(request, settings);
            case ACCOUNT_CLOSURE -> closureBody(request, settings);
        } + files(changes) + footer(request);
        return new PullRequestText(title, body, commitMessage(request, title));
    }

    static String title(ValidRequest request) {
        return switch (request.kind()) {
            case NEW_ACCOUNT -> "New AWS account: " + request.account().name();
            case USER_ACCESS -> "Add " + people(request.userEmails()) + " to " + USERS_ACCOUNT;
            case USER_REMOVAL -> "Remove " + people(request.userEmails()) + " from " + USERS_ACCOUNT;
            case ACCOUNT_CLOSURE -> "Close AWS account " + request.closure().accountName() + " (" + request.closure().accountId() + ")";
        };
    }

    private static String people(List<String> emails) {
        return emails.get(0) + (emails.size() > 1 ? " and " + (emails.size() - 1) + " more" : "");
    }

    private static String commitMessage(ValidRequest request, String title) {
        String what = switch (request.kind()) {
            case NEW_ACCOUNT -> "Terraform for the AWS account " + request.account().name() + ", with the "
                    + plural(request.adminEmails().size(), "admin", "admins") + " its bootstrap role will trust.";
            case USER_ACCESS -> "Terraform for " + count(request.userEmails().size()) + " in " + USERS_ACCOUNT
                    + ", each with an import block for the IAM user the provisioner creates.";
            case USER_REMOVAL -> "Deletes the Terraform of " + count(request.userEmails().size()) + " in " + USERS_ACCOUNT
                    + "; the provisioner removes their IAM users once merged.";
            case ACCOUNT_CLOSURE -> "Marks the AWS account " + request.closure().accountId() + " for closure; once merged, the provisioner"
                    + " moves it to the suspended OU and closes it.";
        };
        return title + "\n\n" + what + "\n\nRequest-Id: " + request.requestId() + "\nCo-authored-by: "
                + Names.displayName(request.requesterEmail()) + " <" + request.requesterEmail() + ">\n";
    }

    private static String accountBody(ValidRequest request, GeneratorSettings settings) {
        Submitted.Account account = request.account();
        String name = account.name();
        Map<String, String> tags = Tags.of(request.requestId(), request.requesterEmail(), account, request.adminEmails());
        StringBuilder body = new StringBuilder();
        body.append("## New AWS account ").append(code(name)).append("\n\n");
        body.append(requested(request, settings));
        body.append("### What merging this does\n\n");
        body.append("Adds the `").append(TerraformResource.ORGANIZATIONS_ACCOUNT.type()).append("` ").append(code(name)).append(". Once merged, the provisioner creates the account in ")
                .append(code(settings.parentId())).append(" with the root email ").append(code(RootEmail.of(name, settings.rootEmailDomain())))
                .append("; an engineer then secures its root user with MFA on two YubiKeys, and only after that does its `")
                .append(TerraformFiles.BOOTSTRAP_ROLE).append("` role trust the admins below.\n\n");
        body.append("### Risk\n\n");
        item(body, "Security alert priority", code(account.security().alertPriority()));
        item(body, "Holds personal data (PII)", yesNo(account.security().holdsPii()));
        item(body, "Holds payment card data (PCI)", yesNo(account.security().holdsPciData()));
        item(body, "Critical resources", tag(tags, "critical-resources"));
        item(body, "Cost centre", tag(tags, "cost-centre"));
        item(body, "Out-of-hours support", yesNo(account.service().outOfHoursSupport())
                + contacts(tags.get("out-of-hours-phone"), tags.get("out-of-hours-email")));
        body.append("\n### Owner\n\n");
        item(body, "Description", tag(tags, "description"));
        item(body, "Organisation", tag(tags, "organisation"));
        item(body, "Service", tag(tags, "service-name"));
        item(body, "Team", tag(tags, "team-name") + contacts(tags.get("team-email"), null));
        item(body, "Team lead", tag(tags, "team-lead-name")
                + (tags.containsKey("team-lead-role") ? " (" + code(tags.get("team-lead-role")) + ")" : "")
                + contacts(tags.get("team-lead-email"), tags.get("team-lead-phone")));
        body.append("\n### Admins to be trusted (").append(request.adminEmails().size()).append(")\n\n");
        body.append("These ").append(USERS_ACCOUNT).append(" IAM users will be able to assume the account's `")
                .append(TerraformFiles.BOOTSTRAP_ROLE).append("` role, with MFA (local `")
                .append(TerraformLayout.trustedUsersLocal(name)).append("`):\n\n");
        request.adminEmails().forEach(email -> body.append("- ").append(code(email)).append('\n'));
        body.append("\n### Before approving\n\n");
        body.append("- [ ] The name, description and owner are what the team needs, and nobody else has this account already.\n");
        body.append("- [ ] The alert priority and the PII and PCI answers fit what the account will hold.\n");
        body.append("- [ ] Every admin above should be able to administer the account.\n");
        return body.toString();
    }

    private static String userAccessBody(ValidRequest request, GeneratorSettings settings) {
        StringBuilder body = new StringBuilder();
        body.append("## Access to ").append(USERS_ACCOUNT).append(" for ").append(count(request.userEmails().size())).append("\n\n");
        body.append(requested(request, settings));
        body.append("### What merging this does\n\n");
        body.append("Adds one file per person: an IAM user in ").append(USERS_ACCOUNT)
                .append(" named by the email, its membership of the ").append(code(settings.usersGroup()))
                .append(" group, and an `import` block. Once merged, the provisioner creates each user and the person receives "
                        + "an email with sign-in instructions and an initial password, to be changed at first sign-in, with MFA "
                        + "required; the `import` block lets a later `terraform apply` adopt the user instead of failing.\n\n");
        people(body, request.userEmails());
        body.append("\n### Before approving\n\n");
        body.append("- [ ] Each person should have access to AWS through ").append(USERS_ACCOUNT).append(".\n");
        body.append("- [ ] Each email is spelled right: it becomes the IAM user name.\n");
        return body.toString();
    }

    private static String userRemovalBody(ValidRequest request, GeneratorSettings settings) {
        StringBuilder body = new StringBuilder();
        body.append("## Remove ").append(count(request.userEmails().size())).append(" from ").append(USERS_ACCOUNT).append("\n\n");
        body.append(requested(request, settings));
        body.append("### What merging this does\n\n");
        body.append("Deletes each person's file. Once merged, the provisioner removes each IAM user with its login profile, "
                + "MFA devices, access keys and group memberships, and reports the accounts whose trust policies still name "
                + "the person.\n\n");
        people(body, request.userEmails());
        body.append("\n### Before approving\n\n");
        body.append("- [ ] Each person should lose all access to AWS through ").append(USERS_ACCOUNT).append(".\n");
        return body.toString();
    }

    private static String closureBody(ValidRequest request, GeneratorSettings settings) {
        Submitted.Closure closure = request.closure();
        String id = closure.accountId();
        StringBuilder body = new StringBuilder();
        body.append("## Close AWS account ").append(code(closure.accountName())).append(" (").append(code(id)).append(")\n\n");
        body.append(requested(request, settings));
        item(body, "Account", code(closure.accountName()) + ", id " + code(id));
        item(body, "Reason", code(closure.reason()));
        body.append("\n### What merging this does\n\n");
        body.append("Adds the closure mark (local `").append(TerraformLayout.closureLocal(id)).append("`). Once merged, the provisioner "
                + "moves the account to the suspended OU and calls AWS Organizations' `CloseAccount`, then follows it from "
                + "`PENDING_CLOSURE` to `SUSPENDED`. Terraform does not close it (`close_on_deletion` times out while the account "
                + "changes state), so the account's own file stays in this repository until AWS has removed the account.\n\n");
        body.append("### What closing means\n\n");
        body.append("- **90 days:** AWS can reinstate a closed account for 90 days, only through AWS Support; after that the account "
                + "and everything in it are gone for good.\n");
        body.append("- **Account quota:** until AWS removes it, the closed account still counts against the organisation's quota of "
                + "accounts.\n");
        body.append("- **Closure quota:** the organisation may close at most 10% of its member accounts in any rolling 30 days (at "
                + "least 10, at most 1,000), and only a few at once. When that is reached the closure is queued, and the request's "
                + "page says when it will go.\n");
        body.append("- **Root MFA:** once the account is closed, an engineer deletes its root MFA credential (")
                .append(code(RootMfaCredential.nameFor(id))).append(") from both YubiKeys.\n");
        body.append("\n### Before approving\n\n");
        body.append("- [ ] The id and name are the account to close, and nothing in it is still needed.\n");
        body.append("- [ ] The reason holds, and the account's owners know it will be closed.\n");
        return body.toString();
    }

    private static String requested(ValidRequest request, GeneratorSettings settings) {
        String status = settings.statusPageBaseUrl()
                .map(base -> " ([status](" + base + "/requests/" + request.requestId() + "))")
                .orElse("");
        return "Requested by " + code(request.requesterEmail()) + " in request " + code(request.requestId()) + status + ".\n\n";
    }

    private static void people(StringBuilder body, List<String> emails) {
        body.append("### People (").append(emails.size()).append(")\n\n");
        emails.forEach(email -> body.append("- ").append(code(email)).append('\n'));
    }

    private static String files(List<Generated.FileEdit> changes) {
        StringBuilder files = new StringBuilder("\n### Files\n\n");
        changes.forEach(change -> files.append("- ").append(code(change.path()))
                .append(change.content() == null ? " (deleted)" : "").append('\n'));
        return files.toString();
    }

    private static String footer(ValidRequest request) {
        return "\n---\n\nGenerated by terraform-generator from request " + code(request.requestId())
                + ". The provisioner acts on exactly what is merged: review the files, not only this description.\n";
    }

    private static void item(StringBuilder body, String label, String value) {
        body.append("- **").append(label).append(":** ").append(value).append('\n');
    }

    private static String tag(Map<String, String> tags, String key) {
        String value = tags.get(key);
        return value == null ? "_none given_" : code(value);
    }

    private static String contacts(String first, String second) {
        StringBuilder out = new StringBuilder();
        for (String contact : new String[] {first, second}) {
            if (contact != null) {
                out.append(out.isEmpty() ? " — " : ", ").append(code(contact));
            }
        }
        return out.toString();
    }

    private static String yesNo(boolean value) {
        return value ? "**yes**" : "no";
    }

    private static String count(int people) {
        return plural(people, "person", "people");
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /**
     * A Markdown code span holding {@code text} literally: fenced by one more backtick than the longest run
     * of backticks in it, padded when it starts or ends with one; line breaks become spaces.
     */
    static String code(String text) {
        String flat = text.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
        int longest = 0;
        int run = 0;
        for (int i = 0; i < flat.length(); i++) {
            run = flat.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }
}
