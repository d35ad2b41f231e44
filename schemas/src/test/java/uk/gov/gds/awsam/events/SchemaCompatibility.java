package uk.gov.gds.awsam.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * The compatibility rule of the project: a schema may change only so that it can still read every record
 * written with any released version of it (BACKWARD, checked transitively against all released versions).
 * Released versions are kept under {@code schemas/released/<EventName>/v<N>.avsc}.
 */
final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** The released versions of an event's schema, oldest first. */
    static List<Path> releasedVersions(Path releasedDir, EventType type) throws IOException {
        Path dir = releasedDir.resolve(type.recordClass().getSimpleName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(SchemaCompatibility::versionNumber))
                    .toList();
        }
    }

    static int versionNumber(Path released) {
        String name = released.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    /** Why {@code current} cannot read data written with {@code released}; empty when it can. */
    static List<String> problems(Schema current, Schema released) {
        List<String> problems = new ArrayList<>();
        if (!current.getFullName().equals(released.getFullName())) {
            problems.add("the record was renamed from " + released.getFullName() + " to " + current.getFullName());
        }
        SchemaCompatibilityResult result = org.apache.avro.SchemaCompatibility
                .checkReaderWriterCompatibility(current, released).getResult();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            problems.add(incompatibility.getType() + " at " + fieldPath(current, incompatibility.getLocation())
                    + ": " + incompatibility.getMessage());
        }
        return problems;
    }

    /** Turns Avro's JSON-pointer location (e.g. /fields/4/type/1/fields/0) into field names (account.name). */
    static String fieldPath(Schema schema, String pointer) {
        List<String> names = new ArrayList<>();
        Schema at = schema;
        String[] tokens = pointer.split("/");
        for (int i = 1; i < tokens.length && at != null; i++) {
            String token = tokens[i];
            if (token.equals("fields") && i + 1 < tokens.length && at.getType() == Schema.Type.RECORD) {
                Schema.Field field = at.getFields().get(Integer.parseInt(tokens[++i]));
                names.add(field.name());
                at = field.schema();
            } else if (token.equals("items") && at.getType() == Schema.Type.ARRAY) {
                at = at.getElementType();
            } else if (token.matches("\\d+") && at.getType() == Schema.Type.UNION) {
                at = at.getTypes().get(Integer.parseInt(token));
            } else if (!token.equals("type")) {
                break;
            }
        }
        return names.isEmpty() ? schema.getFullName() : schema.getName() + "." + String.join(".", names) + " (" + pointer + ")";
    }

    static Schema parse(Path avsc) throws IOException {
        return new Schema.Parser().parse(Files.readString(avsc));
    }
}
