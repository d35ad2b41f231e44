package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that the build itself refuses a breaking schema change: a copy of this module, with a field added
 * to PrOpened without a default, is built by Maven (offline, same local repository) and must fail in
 * SchemaCompatibilityTest, naming the field.
 */
class BreakingSchemaChangeFailsBuildTest {

    @TempDir
    Path scratch;

    @Test
    void aFieldAddedWithoutADefaultFailsTheBuild() throws Exception {
        String mavenHome = System.getProperty("maven.home");
        assumeTrue(mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn")),
                "needs the Maven that runs this build (maven.home)");
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getParent();

        String rootPom = Files.readString(root.resolve("pom.xml"))
                .replaceAll("(?s)<modules>.*?</modules>", "<modules><module>schemas</module></modules>");
        Files.writeString(scratch.resolve("pom.xml"), rootPom);
        copyTree(root.resolve(".mvn"), scratch.resolve(".mvn"));
        Path copy = scratch.resolve("schemas");
        Files.createDirectories(copy);
        Files.copy(module.resolve("pom.xml"), copy.resolve("pom.xml"));
        copyTree(module.resolve("src"), copy.resolve("src"));
        copyTree(module.resolve("released"), copy.resolve("released"));

        Path prOpened = copy.resolve("src/main/avro/PrOpened.avsc");
        String schema = Files.readString(prOpened);
        int lastFieldEnd = schema.lastIndexOf('}', schema.lastIndexOf(']'));
        Files.writeString(prOpened, schema.substring(0, lastFieldEnd + 1)
                + ",\n    {\"name\": \"reviewers\", \"type\": {\"type\": \"array\", \"items\": \"string\"}, \"doc\": \"Who reviews.\"}"
                + schema.substring(lastFieldEnd + 1));

        Path log = scratch.resolve("build.log");
        Process build = new ProcessBuilder(List.of(Path.of(mavenHome, "bin", "mvn").toString(),
                "-o", "-B", "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"),
                "-Dtest=SchemaCompatibilityTest", "-Dsurefire.failIfNoSpecifiedTests=false", "test"))
                .directory(scratch.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).as("nested build finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(build.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("BUILD FAILURE")
                .contains("PrOpened is not BACKWARD compatible")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("reviewers");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
