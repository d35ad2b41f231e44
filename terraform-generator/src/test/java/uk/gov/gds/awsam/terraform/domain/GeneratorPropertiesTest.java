package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.AlertPriority;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;
import uk.gov.gds.awsam.events.TerraformGenerated;

/**
 * Over random valid requests (free text of every kind, hostile fragments included): the output always
 * parses and follows Terraform's JSON rules, never holds a tag value AWS rejects, the root email always
 * fits 64 characters, distinct account names never share a root email, and the same request (closures too) always gives
 * the same bytes.
 */
class GeneratorPropertiesTest {

    private static final Pattern AWS_TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,256}");
    private static final Pattern BRANCH = Pattern.compile(
            "aws-accounts/(new-account|user-access|user-removal|account-closure)/[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?/[0-9a-f-]{36}");
    /** Domains of every length, up to the longest the settings accept (room for 10 characters of name). */
    private static final List<String> DOMAINS = List.of("digital.cabinet-office.gov.uk", "cabinetoffice.gov.uk", "x.io",
            "a-rather-long-domain.example.gov.uk");

    @org.junit.jupiter.api.Test
    void theLongestDomainLeavesTheLeastRoom() {
        assertThat(RootEmail.roomFor(DOMAINS.get(3))).isEqualTo(RootEmail.MIN_SHORT_LENGTH);
    }

    private final TerraformGenerator generator = new TerraformGenerator(Requests.SETTINGS);

    @Property(tries = 400)
    void everyFileIsValidTerraformJsonAndEveryTagValueIsOneAwsAccepts(@ForAll("requests") RequestSubmitted request) {
        TerraformGenerated generated = GeneratorEvents.generate(generator, request, Instant.EPOCH);

        assertThat(generated.getBranch()).matches(BRANCH);
        assertThat(generated.getChanges()).extracting(FileChange::getPath).isSorted().doesNotHaveDuplicates();
        for (FileChange change : generated.getChanges()) {
            if (change.getContent() == null) {
                assertThat(generated.getKind()).isEqualTo(RequestKind.USER_REMOVAL);
                continue;
            }
            TerraformJsonValidator.assertValid(change.getPath(), change.getContent());
            assertThat(change.getSha256()).isEqualTo(Sha256.hex(change.getContent()));
            if (generated.getKind() == RequestKind.ACCOUNT_CLOSURE) {
                // An account name AWS holds may carry a template sequence: written escaped, Terraform reads it as it is.
                String name = (String) closureMark(change.getContent(), request).get(TerraformLayout.CLOSURE_ACCOUNT_NAME);
                assertThat(TerraformJsonValidator.terraformLiteral(name)).isEqualTo(request.getClosure().getAccountName());
            } else {
                assertThat(TerraformJson.holdsTemplateSequence(change.getContent())).isFalse();
            }
            for (String value : tagValues(change.getContent())) {
                assertThat(value).matches(AWS_TAG_VALUE);
            }
        }
        assertThat(generated.getCommitMessage()).contains("\nCo-authored-by: ").endsWith(">\n");
    }

    @Property(tries = 200)
    void theSameRequestAlwaysGivesTheSameBytes(@ForAll("requests") RequestSubmitted request) {
        TerraformGenerated first = GeneratorEvents.generate(generator, request, Instant.EPOCH);
        TerraformGenerated again = GeneratorEvents.generate(new TerraformGenerator(Requests.SETTINGS), RequestSubmitted.newBuilder(request).build(), Instant.EPOCH);

        assertThat(again).isEqualTo(first);
    }

    @Property(tries = 1000)
    void theRootEmailNeverExceeds64Characters(@ForAll("accountNames") String name, @ForAll("domains") String domain) {
        String email = RootEmail.of(name, domain);

        assertThat(email).hasSizeLessThanOrEqualTo(RootEmail.MAX_LENGTH).startsWith("aws-root-accounts+").endsWith("@" + domain);
        assertThat(email).isEqualTo(RootEmail.of(name, domain));
    }

    @Property(tries = 200)
    void distinctAccountNamesNeverShareARootEmail(@ForAll @Size(min = 2, max = 300) @UniqueElements List<@net.jqwik.api.From("accountNames") String> names,
            @ForAll("domains") String domain) {
        Set<String> emails = new HashSet<>();
        names.forEach(name -> emails.add(RootEmail.of(name, domain)));

        assertThat(emails).hasSize(names.size());
    }

    /** The hard case for shortening: long names that differ only after the part an address can keep. */
    @Property(tries = 200)
    void longNamesSharingAPrefixStillGetDistinctRootEmails(@ForAll @Size(min = 2, max = 300) @UniqueElements
            List<@net.jqwik.api.From("suffixes") String> suffixes) {
        Set<String> emails = new HashSet<>();
        suffixes.forEach(suffix -> emails.add(RootEmail.of("digital-identity-" + suffix, Requests.DOMAIN)));

        assertThat(emails).hasSize(suffixes.size());
    }

    @Property(tries = 300)
    void distinctEmailsNeverShareAUserResourceKey(@ForAll @Size(min = 2, max = 50) @UniqueElements List<@net.jqwik.api.From("iamEmails") String> emails) {
        Set<String> keys = new HashSet<>();
        emails.forEach(email -> keys.add(Names.userResourceKey(email.toLowerCase(java.util.Locale.ROOT))));

        assertThat(keys).hasSize((int) emails.stream().map(e -> e.toLowerCase(java.util.Locale.ROOT)).distinct().count());
    }

    @Provide
    Arbitrary<RequestSubmitted> requests() {
        return Arbitraries.oneOf(newAccounts(), userRequests(), closures());
    }

    @Provide
    Arbitrary<String> accountNames() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(14);
        return word.list().ofMinSize(1).ofMaxSize(5).map(words -> String.join("-", words)).filter(n -> n.length() <= 50);
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> domains() {
        return Arbitraries.of(DOMAINS);
    }

    @Provide
    Arbitrary<String> iamEmails() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,._-")
                .ofMinLength(1).ofMaxLength(30);
        return Combinators.combine(local, Arbitraries.of(DOMAINS)).as((l, d) -> l + "@" + d)
                .filter(uk.gov.gds.awsam.contract.IamUserEmail::isValid);
    }

    /** Any text at all, with the fragments most likely to break something mixed in. */
    @Provide
    Arbitrary<String> freeText() {
        Arbitrary<String> hostile = Arbitraries.of("${", "%{", "$${", "%%{", "}", "\"", "\\", "\n", "\r\n", "\t", "\u0000", "é", "e\u0301",
                "日本語", "😀", "\u202E", "\u200B", "\u00A0", "\u2028", "<script>", "`", "|", "@here", "[x](y)", "&", "'", " ");
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(40);
        return Arbitraries.oneOf(hostile, any, Arbitraries.strings().alpha().numeric().withChars(" .-").ofMaxLength(40))
                .list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    private Arbitrary<String> optionalText() {
        return freeText().injectNull(0.2);
    }

    private Arbitrary<RequestSubmitted> newAccounts() {
        Arbitrary<TeamLead> lead = Combinators.combine(freeText(), optionalText(), optionalText(), freeText())
                .as((name, email, phone, role) -> TeamLead.newBuilder().setName(name).setEmail(email).setPhone(phone).setRole(role).build());
        Arbitrary<Team> team = Combinators.combine(freeText(), freeText(), lead)
                .as((name, email, l) -> Team.newBuilder().setName(name).setEmail(email).setLead(l).build());
        Arbitrary<ServiceInfo> service = Combinators.combine(freeText(), Arbitraries.of(true, false), optionalText(), optionalText())
                .as((name, ooh, phone, email) -> ServiceInfo.newBuilder().setName(name).setOutOfHoursSupport(ooh)
                        .setOutOfHoursPhone(phone).setOutOfHoursEmail(email).build());
        Arbitrary<SecurityProfile> security = Combinators.combine(Arbitraries.of(AlertPriority.class), optionalText(),
                Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((priority, critical, pii, pci) -> SecurityProfile.newBuilder().setAlertPriority(priority)
                        .setCriticalResources(critical).setHoldsPii(pii).setHoldsPciData(pci).build());
        Arbitrary<AccountRequest> account = Combinators.combine(accountNames(), freeText(), freeText(), optionalText(), team, service,
                security, iamEmails().list().ofMinSize(1).ofMaxSize(40))
                .as((name, description, organisation, costCentre, t, s, sec, admins) -> AccountRequest.newBuilder().setName(name)
                        .setDescription(description).setOrganisation(organisation).setCostCentre(costCentre).setTeam(t)
                        .setService(s).setSecurity(sec).setAdminUserEmails(admins).build());
        return Combinators.combine(Arbitraries.create(java.util.UUID::randomUUID), account)
                .as((id, a) -> Requests.submitted(id.toString(), RequestKind.NEW_ACCOUNT).setAccount(a).build());
    }

    private Arbitrary<RequestSubmitted> userRequests() {
        return Combinators.combine(Arbitraries.create(java.util.UUID::randomUUID),
                Arbitraries.of(RequestKind.USER_ACCESS, RequestKind.USER_REMOVAL), iamEmails().list().ofMinSize(1).ofMaxSize(30))
                .as((id, kind, emails) -> Requests.submitted(id.toString(), kind).setUserEmails(emails).build());
    }

    /** Closures of any account AWS can hold: its name any printable ASCII (template sequences too), any reason the edge accepts. */
    private Arbitrary<RequestSubmitted> closures() {
        Arbitrary<String> id = Arbitraries.strings().numeric().ofLength(12);
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("${", "%{", "$${", "`", "\"", "\\", " ", "}"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20)).list().ofMinSize(1).ofMaxSize(6)
                .map(parts -> String.join("", parts)).filter(n -> !n.isBlank() && n.length() <= 50);
        Arbitrary<String> reason = freeText().map(uk.gov.gds.awsam.contract.TagText::fitted).filter(r -> !r.isEmpty());
        return Combinators.combine(Arbitraries.create(java.util.UUID::randomUUID), id, name, reason)
                .as((requestId, i, n, r) -> Requests.closure(requestId.toString(), i, n, r));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> closureMark(String content, RequestSubmitted request) {
        Map<String, Object> locals = (Map<String, Object>) TerraformJsonValidator.parse(content).get(TerraformLayout.LOCALS);
        return (Map<String, Object>) locals.get(TerraformLayout.closureLocal(request.getClosure().getAccountId()));
    }

    @SuppressWarnings("unchecked")
    private static List<String> tagValues(String content) {
        Map<String, Object> file = TerraformJsonValidator.parse(content);
        Map<String, Object> resources = (Map<String, Object>) file.getOrDefault("resource", Map.of());
        Map<String, Object> accounts = (Map<String, Object>) resources.getOrDefault("aws_organizations_account", Map.of());
        return accounts.values().stream()
                .flatMap(account -> ((Map<String, String>) ((Map<String, Object>) account).get("tags")).values().stream())
                .toList();
    }
}
