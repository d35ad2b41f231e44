package uk.gov.gds.awsam.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSentJournalTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("journal").resolve(FileSentJournal.FILE_NAME);
    }

    @Test
    void whatIsAppendedIsOnDiskOneMessageIdALineAndReadBackByTheNextProcess() throws Exception {
        try (FileSentJournal journal = FileSentJournal.open(dir.resolve("journal"))) {
            assertThat(journal.loaded()).isEmpty();
            journal.append("<a@notifier.test>").toCompletableFuture().join();
            journal.append("<b@notifier.test>").toCompletableFuture().join();
            assertThat(Files.readString(file())).isEqualTo("<a@notifier.test>\n<b@notifier.test>\n");
        }
        try (FileSentJournal reopened = FileSentJournal.open(dir.resolve("journal"))) {
            assertThat(reopened.loaded()).containsExactlyInAnyOrder("<a@notifier.test>", "<b@notifier.test>");
        }
    }

    @Test
    void aLastLineTornByACrashIsIgnoredAndCutOffBeforeTheNextAppend() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "<a@notifier.test>\n<b@notifier.te", StandardCharsets.US_ASCII);
        try (FileSentJournal journal = FileSentJournal.open(dir.resolve("journal"))) {
            assertThat(journal.loaded()).containsExactly("<a@notifier.test>");
            journal.append("<c@notifier.test>").toCompletableFuture().join();
        }
        assertThat(Files.readString(file())).isEqualTo("<a@notifier.test>\n<c@notifier.test>\n");
    }

    @Test
    void aLineThatIsNotAMessageIdIsSkipped() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "<a@notifier.test>\n\0\0\0\0\nsomeone@example.org\n<b@notifier.test>\n", StandardCharsets.US_ASCII);
        try (FileSentJournal journal = FileSentJournal.open(dir.resolve("journal"))) {
            assertThat(journal.loaded()).containsExactlyInAnyOrder("<a@notifier.test>", "<b@notifier.test>");
        }
    }

    @Test
    void forgettingWhatWasReadAtStartKeepsWhatWasAppendedSince() throws Exception {
        try (FileSentJournal first = FileSentJournal.open(dir.resolve("journal"))) {
            first.append("<a@notifier.test>").toCompletableFuture().join();
            first.append("<b@notifier.test>").toCompletableFuture().join();
        }
        try (FileSentJournal journal = FileSentJournal.open(dir.resolve("journal"))) {
            journal.append("<c@notifier.test>").toCompletableFuture().join();
            journal.forgetLoaded().toCompletableFuture().join();
            assertThat(journal.loaded()).isEmpty();
            journal.append("<d@notifier.test>").toCompletableFuture().join();
            assertThat(Files.readString(file())).isEqualTo("<c@notifier.test>\n<d@notifier.test>\n");
        }
        try (FileSentJournal reopened = FileSentJournal.open(dir.resolve("journal"))) {
            assertThat(reopened.loaded()).containsExactlyInAnyOrder("<c@notifier.test>", "<d@notifier.test>");
            assertThat(Files.list(dir.resolve("journal"))).as("no rewrite left behind").containsExactly(file());
        }
    }

    @Test
    void onlyAMessageIdIsWrittenAndAJournalThatCannotBeWrittenFailsTheAppend() throws Exception {
        try (FileSentJournal journal = FileSentJournal.open(dir.resolve("journal"))) {
            assertThatThrownBy(() -> journal.append("someone@example.org\n<x@y>").toCompletableFuture().join())
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            journal.close();
            assertThatThrownBy(() -> journal.append("<a@notifier.test>").toCompletableFuture().join()).isNotNull();
        }
        assertThat(Files.readString(file())).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeMadeFailsTheStart() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "", StandardOpenOption.CREATE);
        assertThatThrownBy(() -> FileSentJournal.open(notADirectory.resolve("journal")))
                .hasMessageContaining("cannot open the sent journal in " + notADirectory.resolve("journal"));
    }
}
