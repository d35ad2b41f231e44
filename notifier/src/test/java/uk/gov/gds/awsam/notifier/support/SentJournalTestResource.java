package uk.gov.gds.awsam.notifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A sent journal of its own for each application under test ({@code notifier.sent-journal.dir}), a fresh directory
 * under target/sent-journal, so that one test's journal never reaches another's notifier.
 */
public class SentJournalTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("notifier.sent-journal.dir", freshDirectory().toString());
    }

    @Override
    public void stop() {
        // kept under target/ to look at after a failure
    }

    public static Path freshDirectory() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "sent-journal"));
            return Files.createTempDirectory(parent.toAbsolutePath(), "app-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
