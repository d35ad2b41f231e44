package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The build fails when a schema stops being BACKWARD compatible with any of its released versions. */
class SchemaCompatibilityTest {

    static final Path RELEASED = Path.of("released");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySchemaReadsEveryReleasedVersionOfItself(EventType type) throws Exception {
        List<Path> released = SchemaCompatibility.releasedVersions(RELEASED, type);
        assertThat(released)
                .as("released versions of %s (snapshot them with ./mvnw -pl schemas test-compile exec:java@release-schemas -Drelease=v1)",
                        type.recordClass().getSimpleName())
                .isNotEmpty();

        List<String> problems = new ArrayList<>();
        for (Path version : released) {
            for (String problem : SchemaCompatibility.problems(type.schema(), SchemaCompatibility.parse(version))) {
                problems.add(version + ": " + problem);
            }
        }
        assertThat(problems)
                .as("%s is not BACKWARD compatible with its released versions; add new fields with defaults instead",
                        type.recordClass().getSimpleName())
                .isEmpty();
    }
}
