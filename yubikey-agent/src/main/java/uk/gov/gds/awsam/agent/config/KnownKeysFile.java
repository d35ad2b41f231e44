package uk.gov.gds.awsam.agent.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import uk.gov.gds.awsam.agent.domain.KnownKey;
import uk.gov.gds.awsam.agent.domain.KnownKeys;

/**
 * The registered YubiKeys, one {@code serial=label} line each, in the order they were added. Holds serials
 * and labels only: nothing secret.
 */
public final class KnownKeysFile implements KnownKeys {

    private static final String HEADER = "# YubiKeys registered with `yubikey-agent keys add`: serial=label, in order.\n";
    private final Path file;

    public KnownKeysFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public List<KnownKey> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<KnownKey> keys = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                keys.add(eq < 0 ? new KnownKey(l, "") : new KnownKey(l.substring(0, eq).strip(), l.substring(eq + 1)));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registered keys from " + file, e);
        }
    }

    @Override
    public void add(KnownKey key) {
        List<KnownKey> keys = new ArrayList<>(list());
        int at = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).serial().equals(key.serial())) {
                at = i;
            }
        }
        if (at >= 0) {
            keys.set(at, key);
        } else {
            keys.add(key);
        }
        write(keys);
    }

    @Override
    public boolean remove(String serial) {
        List<KnownKey> keys = new ArrayList<>(list());
        boolean removed = keys.removeIf(k -> k.serial().equals(serial));
        if (removed) {
            write(keys);
        }
        return removed;
    }

    private void write(List<KnownKey> keys) {
        StringBuilder text = new StringBuilder(HEADER);
        keys.forEach(k -> text.append(k.serial()).append('=').append(k.label().replace('\n', ' ')).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registered keys to " + file, e);
        }
    }
}
