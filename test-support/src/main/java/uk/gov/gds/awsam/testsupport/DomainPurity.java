package uk.gov.gds.awsam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule that a service's {@code domain} package is plain Java (issue 19): it refers to no framework
 * ({@code io.quarkus}, {@code jakarta}, {@code org.jboss}, {@code io.smallrye}, {@code org.eclipse.microprofile}), no
 * Avro ({@code org.apache.avro}, nor a class generated from a schema in {@code uk.gov.gds.awsam.events}; the
 * hand-written ones there, such as {@code Envelope} and {@code ResumableStage}, are plain Java) and no Jackson.
 *
 * <p>ArchUnit is the tool for this, but {@code com.tngtech.archunit:archunit-junit5} does not resolve from the
 * registry here; until it does, this reads the sources: every import and every fully qualified name. A service's test
 * lists what breaks the rule today, class by class, and fails on anything new.
 */
public final class DomainPurity {

    private static final Pattern FOREIGN = Pattern.compile(
            "\\b(?:io\\.quarkus|jakarta|org\\.jboss|io\\.smallrye|org\\.eclipse\\.microprofile|org\\.apache\\.avro|com\\.fasterxml\\.jackson)"
                    + "(?:\\.\\w+)+");
    private static final Pattern EVENTS = Pattern.compile("\\buk\\.gov\\.gds\\.awsam\\.events\\.([A-Z]\\w*)");

    private DomainPurity() {
    }

    /**
     * What breaks the rule in the sources under {@code packageDirectory} (e.g. {@code src/main/java/.../domain}), each
     * as {@code "Class.java -> name"}, sorted.
     */
    public static Set<String> violations(Path packageDirectory) {
        if (!Files.isDirectory(packageDirectory)) {
            throw new IllegalArgumentException("no package at " + packageDirectory.toAbsolutePath());
        }
        Set<String> violations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(packageDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String name = packageDirectory.relativize(file).toString();
                Matcher foreign = FOREIGN.matcher(source);
                while (foreign.find()) {
                    violations.add(name + " -> " + foreign.group());
                }
                Matcher event = EVENTS.matcher(source);
                while (event.find()) {
                    if (isGenerated(event.group(1))) {
                        violations.add(name + " -> " + event.group());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    /** Whether a class of {@code uk.gov.gds.awsam.events} was generated from an Avro schema. */
    static boolean isGenerated(String simpleName) {
        try {
            Class<?> type = Class.forName("uk.gov.gds.awsam.events." + simpleName);
            return org.apache.avro.generic.GenericContainer.class.isAssignableFrom(type)
                    || type.isAnnotationPresent(org.apache.avro.specific.AvroGenerated.class);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
