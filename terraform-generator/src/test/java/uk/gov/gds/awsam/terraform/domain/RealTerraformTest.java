package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestSubmitted;

/**
 * The generated files as Terraform itself reads them, when a {@code terraform} binary is on the PATH
 * (skipped otherwise; the validator holds the same rules everywhere). Terraform loads and checks the
 * configuration's structure before it needs the AWS provider, which is not installed here, so a
 * validation whose only complaint is the missing provider means the files are well-formed. And Terraform
 * evaluates every string the generator writes, hostile text included, to exactly the literal text: no
 * interpolation or directive.
 */
class RealTerraformTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static Path terraform;

    @TempDir
    Path work;

    @BeforeAll
    static void findTerraform() {
        terraform = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "terraform")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(terraform != null, "no terraform binary on the PATH");
    }

    @Test
    void terraformLoadsEveryGoldenFileWithoutAConfigurationError() throws Exception {
        for (String kind : List.of("accounts", "users")) {
            Path module = Files.createDirectories(work.resolve(kind));
            try (Stream<Path> files = Files.walk(GOLDEN)) {
                for (Path file : files.filter(f -> f.toString().contains("/files/terraform/" + kind + "/")).toList()) {
                    Files.copy(file, module.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            assertThat(module.toFile().list()).isNotEmpty();

            assertThat(configurationProblems(module)).as("Terraform's diagnostics of the %s files", kind).isEmpty();
        }
    }

    @Test
    void terraformReadsEveryGeneratedStringLiterally() throws Exception {
        List<String> written = new ArrayList<>();
        List<String> meant = new ArrayList<>();
        for (RequestSubmitted request : List.of(
                Requests.newAccount("real-hostile", GoldenFilesTest.hostile()),
                Requests.newAccount("real-account", Requests.account("pay-staging").build()),
                Requests.userAccess("real-users", "a.b@x.gov.uk", "x+=y@x.gov.uk"))) {
            for (FileChange change : GeneratorEvents.generate(new TerraformGenerator(Requests.SETTINGS), request, Instant.EPOCH).getChanges()) {
                strings(JSON.readTree(change.getContent()), written);
            }
        }
        written.forEach(s -> meant.add(TerraformJsonValidator.terraformLiteral(s)));
        // and what the writer's escaping exists for, should a template sequence ever reach it
        for (String text : List.of("${jndi:ldap://x}", "%{ if true }x%{ endif }", "$${kept}", "%%{kept}", "$$${x}", "${", "%{", "$", "%")) {
            written.add(TerraformJson.literal(text));
            meant.add(text);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (int i = 0; i < written.size(); i++) {
            outputs.put("s" + i, Map.of("value", written.get(i)));
        }
        Path module = Files.createDirectories(work.resolve("strings"));
        Files.writeString(module.resolve("strings.tf.json"), CanonicalJson.write(Map.of("output", outputs)), StandardCharsets.UTF_8);

        run(module, "apply", "-auto-approve", "-input=false", "-no-color");
        JsonNode read = JSON.readTree(run(module, "output", "-json", "-no-color"));

        for (int i = 0; i < written.size(); i++) {
            assertThat(read.path("s" + i).path("value").asText()).as("Terraform's reading of %s", written.get(i)).isEqualTo(meant.get(i));
        }
    }

    @Test
    void terraformForgetsWhatTheContractsRemovedBlockNamesWithoutDestroyingIt() throws Exception {
        // the contract's block as written for an account: Terraform reads it as a removed block (the AWS provider is
        // not installed here, so the missing provider is the only complaint allowed)
        Path account = Files.createDirectories(work.resolve("removed-account"));
        Files.writeString(account.resolve("pay-staging" + TerraformLayout.REMOVED_SUFFIX), CanonicalJson.write(Map.of(TerraformLayout.REMOVED,
                List.of(TerraformLayout.removedBlock(TerraformResource.ORGANIZATIONS_ACCOUNT, "pay-staging")))), StandardCharsets.UTF_8);
        assertThat(configurationProblems(account)).isEmpty();

        // and what it does, on Terraform's built-in terraform_data (the same block, only the address differs): a resource
        // in the state whose configuration is replaced by the block is forgotten, not destroyed
        Path module = Files.createDirectories(work.resolve("removed"));
        Path resource = Files.writeString(module.resolve("pay-staging" + TerraformLayout.SUFFIX),
                CanonicalJson.write(Map.of("resource", Map.of("terraform_data", Map.of("pay-staging", Map.of("input", "x"))))));
        run(module, "init", "-input=false", "-no-color");
        run(module, "apply", "-auto-approve", "-input=false", "-no-color");
        Files.delete(resource);
        Map<String, Object> block = new LinkedHashMap<>(TerraformLayout.removedBlock(TerraformResource.ORGANIZATIONS_ACCOUNT, "pay-staging"));
        block.put(TerraformLayout.REMOVED_FROM, "terraform_data.pay-staging");
        Files.writeString(module.resolve("pay-staging" + TerraformLayout.REMOVED_SUFFIX),
                CanonicalJson.write(Map.of(TerraformLayout.REMOVED, List.of(block))), StandardCharsets.UTF_8);

        assertThat(run(module, "plan", "-input=false", "-no-color")).contains("0 to destroy")
                .contains("Some objects will no longer be managed by Terraform").contains("- terraform_data.pay-staging");
    }

    /** What {@code terraform validate} finds wrong with a module, but the AWS provider that is not installed here. */
    private static List<String> configurationProblems(Path module) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        JSON.readTree(run(module, "validate", "-json", "-no-color")).path("diagnostics").forEach(d -> {
            if (!d.path("summary").asText().equals("Missing required provider")) {
                problems.add(d.path("summary").asText() + ": " + d.path("detail").asText());
            }
        });
        return problems;
    }

    private static void strings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.textValue());
        }
        node.forEach(child -> strings(child, into));
    }

    /** Runs terraform in a directory, offline and without a CLI configuration; returns its standard output. */
    private static String run(Path dir, String... arguments) throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve(".terraformrc-empty"), "");
        List<String> command = new ArrayList<>(List.of(terraform.toString()));
        command.addAll(List.of(arguments));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("TF_CLI_CONFIG_FILE", config.toString());
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("TF_DATA_DIR", dir.resolve(".terraform").toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("terraform %s finished", arguments[0]).isTrue();
            String out = read(stdout);
            String err = read(stderr);
            if (!arguments[0].equals("validate")) {
                assertThat(process.exitValue()).as("terraform %s: %s%s", arguments[0], out, err).isZero();
            }
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
