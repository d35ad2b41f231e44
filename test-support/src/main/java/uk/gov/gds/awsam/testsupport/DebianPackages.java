package uk.gov.gds.awsam.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * Debian's packages for the tools the tests drive (Chromium, promtool), fetched when missing so that a fresh machine
 * runs every test: a test that needs one fails with what apt-get said, never skips. {@link #install} installs
 * packages system-wide (as root, or with passwordless sudo); {@link #unpack} only downloads a package and unpacks it
 * into a folder of the build, for a single program: nothing installed, no root, no service started (Debian's
 * prometheus package would start a Prometheus server on every address).
 */
public final class DebianPackages {

    private static final Logger LOG = Logger.getLogger(DebianPackages.class);

    private DebianPackages() {
    }

    /** Installs the packages unless every one of the programs is there; fails saying how to install them by hand. */
    public static synchronized void install(String neededBy, List<Path> programs, String... packages) {
        if (programs.stream().allMatch(Files::isExecutable)) {
            return;
        }
        LOG.warnf("%s need %s, missing: installing Debian's %s with apt-get", neededBy, programs, String.join(" ", packages));
        List<String> prefix = asRoot();
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        install.addAll(List.of(packages));
        StringBuilder transcript = new StringBuilder();
        run(prefix, install, null, transcript);
        if (!programs.stream().allMatch(Files::isExecutable)) {
            run(prefix, List.of("apt-get", "update"), null, transcript);
            run(prefix, install, null, transcript);
        }
        if (!programs.stream().allMatch(Files::isExecutable)) {
            throw failure(neededBy, "Install them as root: apt-get update && apt-get install -y " + String.join(" ", packages), transcript);
        }
    }

    /**
     * The program at {@code program} (e.g. {@code usr/bin/promtool}) of Debian's package {@code pkg}, downloaded
     * ({@code apt-get download}) and unpacked ({@code dpkg-deb -x}) into {@code into} unless already there.
     */
    public static synchronized Path unpack(String neededBy, String pkg, String program, Path into) {
        Path executable = into.resolve(program);
        if (Files.isExecutable(executable)) {
            return executable;
        }
        StringBuilder transcript = new StringBuilder();
        try {
            Files.createDirectories(into);
            if (!download(pkg, into, transcript)) {
                run(asRoot(), List.of("apt-get", "update"), null, transcript);
                download(pkg, into, transcript);
            }
            for (Path deb : debs(pkg, into)) {
                run(List.of(), List.of("dpkg-deb", "-x", deb.toString(), into.toString()), null, transcript);
            }
        } catch (IOException e) {
            transcript.append(e).append('\n');
        }
        if (!Files.isExecutable(executable)) {
            throw failure(neededBy, "Fetch it by hand: apt-get download " + pkg + " && dpkg-deb -x " + pkg + "_*.deb " + into, transcript);
        }
        LOG.infof("%s: %s unpacked from Debian's %s", neededBy, executable, pkg);
        return executable;
    }

    private static boolean download(String pkg, Path into, StringBuilder transcript) throws IOException {
        run(List.of(), List.of("apt-get", "download", pkg), into, transcript);
        return !debs(pkg, into).isEmpty();
    }

    /** The package's {@code .deb} files {@code apt-get download} left in the folder ({@code <pkg>_<version>_<arch>.deb}). */
    private static List<Path> debs(String pkg, Path into) throws IOException {
        try (Stream<Path> files = Files.list(into)) {
            return files.filter(f -> f.getFileName().toString().startsWith(pkg + "_") && f.getFileName().toString().endsWith(".deb")).toList();
        }
    }

    /** Nothing as root; {@code sudo -n} (passwordless, or failing at once) otherwise. */
    private static List<String> asRoot() {
        return isRoot() ? List.of() : List.of("sudo", "-n");
    }

    private static IllegalStateException failure(String neededBy, String howByHand, StringBuilder transcript) {
        String message = "\n\n*** " + neededBy + " need Debian packages that could not be fetched.\n*** " + howByHand
                + "\n*** What apt-get said:\n" + transcript + "\n";
        LOG.error(message);
        return new IllegalStateException(message);
    }

    private static boolean isRoot() {
        try {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> prefix, List<String> command, Path directory, StringBuilder transcript) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(Map.of("DEBIAN_FRONTEND", "noninteractive"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            transcript.append("$ ").append(String.join(" ", full)).append('\n')
                    .append(output.lines().skip(Math.max(0, output.lines().count() - 15)).reduce("", (a, b) -> a + b + "\n"));
        } catch (IOException e) {
            transcript.append("$ ").append(String.join(" ", full)).append(": ").append(e.getMessage()).append('\n');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
