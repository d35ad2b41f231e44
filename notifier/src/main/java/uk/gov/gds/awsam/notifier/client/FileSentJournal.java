package uk.gov.gds.awsam.notifier.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.notifier.domain.Dispatcher;

/**
 * The sent journal as a file on this machine: {@code <dir>/sent-message-ids}, one Message-ID per line and nothing
 * else (no address, no content), each append forced to the disk ({@link FileChannel#force}) before it completes.
 *
 * <p>{@link #open} reads what an earlier process wrote ({@link #loaded()}); a last line without its newline (a write
 * torn by a crash) is cut off, and a line that is not a Message-ID is skipped. {@link #forgetLoaded()} drops what was
 * read at start, once the sent-log topic holds it, and keeps what was appended since: the file holds what this
 * process sent, and what the last one left. Every file operation runs in order on one thread of the journal's own, so
 * an append never blocks the caller's thread (an event loop).
 */
public final class FileSentJournal implements Dispatcher.SentJournal, AutoCloseable {

    static final String FILE_NAME = "sent-message-ids";
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>@\\s]+@[^<>@\\s]+>");
    private static final Logger LOG = Logger.getLogger(FileSentJournal.class);

    private final Path directory;
    private final Path file;
    private final ExecutorService io;
    private volatile Set<String> loaded;
    /** Only touched on {@link #io} (and in {@link #open}, before it is used). */
    private FileChannel channel;
    private long loadedBytes;

    private FileSentJournal(Path directory, Set<String> loaded, FileChannel channel, long loadedBytes) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.loaded = loaded;
        this.channel = channel;
        this.loadedBytes = loadedBytes;
        this.io = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "notifier-sent-journal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens (or makes) the journal in {@code directory}, making the directory if it does not exist, and reads it. */
    public static FileSentJournal open(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE_NAME);
            boolean existed = Files.exists(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                byte[] content = Files.readAllBytes(file);
                int complete = lastNewline(content) + 1;
                if (complete < content.length) {
                    LOG.warnf("Sent journal %s: ignoring a last line of %d bytes without its newline (a write torn by a crash)",
                            file, content.length - complete);
                    channel.truncate(complete);
                    channel.force(true);
                }
                channel.position(complete);
                Set<String> loaded = parse(file, new String(content, 0, complete, StandardCharsets.US_ASCII));
                if (!existed) {
                    forceDirectory(directory);
                }
                LOG.infof("Sent journal %s: %d Message-IDs from an earlier process", file, loaded.size());
                return new FileSentJournal(directory, Set.copyOf(loaded), channel, complete);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sent journal in " + directory, e);
        }
    }

    /** The Message-IDs read at start (empty once {@link #forgetLoaded()} has dropped them). */
    public Set<String> loaded() {
        return loaded;
    }

    @Override
    public CompletionStage<Void> append(String messageId) {
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a Message-ID: " + messageId));
        }
        return onJournalThread(() -> {
            try {
                ByteBuffer line = ByteBuffer.wrap((messageId + "\n").getBytes(StandardCharsets.US_ASCII));
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to the sent journal " + file, e);
            }
        });
    }

    /**
     * Drops the lines read at start, keeping those appended since: rewritten to a new file, forced to the disk, then
     * moved over the journal in one step, so a crash leaves either the old file or the new one.
     */
    public CompletionStage<Void> forgetLoaded() {
        return onJournalThread(() -> {
            try {
                long size = channel.size();
                ByteBuffer since = ByteBuffer.allocate((int) (size - loadedBytes));
                while (since.hasRemaining() && channel.read(since, loadedBytes + since.position()) >= 0) {
                    // reads what was appended since start
                }
                since.flip();
                Path rewritten = directory.resolve(FILE_NAME + ".new");
                try (FileChannel out = FileChannel.open(rewritten, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    while (since.hasRemaining()) {
                        out.write(since);
                    }
                    out.force(true);
                }
                Files.move(rewritten, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                forceDirectory(directory);
                channel.close();
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                channel.position(channel.size());
                LOG.infof("Sent journal %s: %d Message-IDs from an earlier process dropped (the sent-log holds them), %d bytes kept",
                        file, loaded.size(), channel.size());
                loadedBytes = 0;
                loaded = Set.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rewrite the sent journal " + file, e);
            }
        });
    }

    private CompletionStage<Void> onJournalThread(Runnable operation) {
        try {
            return CompletableFuture.runAsync(operation, io);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the sent journal " + file + " is closed"));
        }
    }

    @Override
    public synchronized void close() {
        if (io.isShutdown()) {
            return;
        }
        io.execute(() -> {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debugf("Closing the sent journal %s: %s", file, e);
            }
        });
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int lastNewline(byte[] content) {
        for (int i = content.length - 1; i >= 0; i--) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> parse(Path file, String complete) {
        Set<String> ids = new LinkedHashSet<>();
        int skipped = 0;
        for (String line : complete.split("\n")) {
            if (MESSAGE_ID.matcher(line).matches()) {
                ids.add(line);
            } else if (!line.isEmpty()) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.warnf("Sent journal %s: %d lines that are not a Message-ID skipped", file, skipped);
        }
        return ids;
    }

    /** Makes a file's creation or replacement in the directory durable (Linux: fsync of the directory). */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("Cannot force the directory %s to the disk: %s", directory, e);
        }
    }
}
