package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The contract with terraform-generator, checked on the provisioner's side: every file of the generator's
 * golden output (its tests hold the generator to it) is accepted as what was reviewed, and read as meant.
 */
class GeneratorContractTest {

    private static final Path GOLDEN = Path.of("..", "terraform-generator", "src", "test", "resources", "golden");

    @Test
    void everyAccountFileTheGeneratorWritesIsAppliedAsWritten() throws IOException {
        List<Path> files = goldenFiles("accounts");
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path path : files) {
            String name = path.getFileName().toString().replace(MergedContent.SUFFIX, "");
            String content = Files.readString(path);

            AccountSpec spec = MergedContent.account(List.of(name), List.of(merged(MergedContent.ACCOUNTS_DIR + name + MergedContent.SUFFIX,
                    content)), "bootstrap");

            assertThat(spec.name()).as(path.toString()).isEqualTo(name);
            assertThat(spec.email()).startsWith("aws-root-accounts+").hasSizeLessThanOrEqualTo(64);
            assertThat(spec.roleName()).isEqualTo("bootstrap");
            assertThat(spec.parent()).isPresent();
            assertThat(spec.trustedUsers()).isNotEmpty().allMatch(email -> email.equals(email.toLowerCase()));
            assertThat(spec.tags()).containsEntry("account-name", name);
        }
    }

    @Test
    void everyUserFileTheGeneratorWritesAddsItsUserToTheGroup() throws IOException {
        List<Path> files = goldenFiles("users");
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path path : files) {
            String email = path.getFileName().toString().replace(MergedContent.SUFFIX, "");

            List<String> users = MergedContent.usersToAdd(List.of(email), List.of(merged(MergedContent.userPath(email),
                    Files.readString(path))), List.of("cross-account-access"));

            assertThat(users).as(path.toString()).containsExactly(email);
        }
    }

    private static List<Path> goldenFiles(String kind) throws IOException {
        assertThat(GOLDEN).as("terraform-generator's golden output, beside this module").isDirectory();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(GOLDEN)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().equals(kind) && p.toString().endsWith(MergedContent.SUFFIX))
                    .forEach(found::add);
        }
        return found;
    }

    private static MergedFile merged(String path, String content) {
        return new MergedFile(path, content, MergedContent.sha256(content));
    }
}
