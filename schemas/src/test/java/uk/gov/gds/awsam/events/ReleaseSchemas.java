package uk.gov.gds.awsam.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Snapshots every current schema as a released version, self-contained (shared types inlined):
 * {@code ./mvnw -pl schemas test-compile exec:java@release-schemas -Drelease=v2}. It refuses to overwrite a
 * released version: a release is history.
 */
public final class ReleaseSchemas {

    private ReleaseSchemas() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[1].matches("v\\d+")) {
            throw new IllegalArgumentException("usage: ReleaseSchemas <released dir> v<N>  (pass -Drelease=v<N>)");
        }
        Path releasedDir = Path.of(args[0]);
        for (EventType type : EventType.values()) {
            Path file = releasedDir.resolve(type.recordClass().getSimpleName()).resolve(args[1] + ".avsc");
            if (Files.exists(file)) {
                System.out.println("kept " + file + " (already released)");
                continue;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, type.schema().toString(true) + "\n");
            System.out.println("released " + file);
        }
    }
}
