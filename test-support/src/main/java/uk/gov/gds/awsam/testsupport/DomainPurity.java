package uk.gov.gds.awsam.testsupport;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rule that a service's {@code domain} package is plain Java (issue 19): its classes depend on no framework
 * ({@code io.quarkus}, {@code jakarta}, {@code org.jboss}, {@code io.smallrye}, {@code org.eclipse.microprofile}), no
 * Avro ({@code org.apache.avro}, nor a class generated from a schema in {@code uk.gov.gds.awsam.events}; the
 * hand-written ones there, such as {@code Envelope} and {@code ResumableStage}, are plain Java), no Kafka client
 * ({@code org.apache.kafka}) and no Jackson.
 * ArchUnit reads the compiled classes, so every dependency counts (a field type, a call, an exception caught, a
 * fully qualified name), not only imports. A service's test lists what breaks the rule today, class by class, and
 * fails on anything new.
 */
public final class DomainPurity {

    private static final Set<String> FOREIGN_PACKAGES = Set.of("io.quarkus", "jakarta", "org.jboss", "io.smallrye",
            "org.eclipse.microprofile", "org.apache.avro", "org.apache.kafka", "com.fasterxml.jackson");
    private static final String EVENTS = "uk.gov.gds.awsam.events";

    private DomainPurity() {
    }

    /**
     * What breaks the rule in the main (not test) classes of {@code domainPackage} (e.g.
     * {@code uk.gov.gds.awsam.provisioner.domain}), each as {@code "TopLevelClass -> dependency class"}, sorted.
     */
    public static Set<String> violations(String domainPackage) {
        Set<String> violations = new TreeSet<>();
        for (JavaClass type : mainClasses(domainPackage)) {
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (isForeign(target)) {
                    violations.add(topLevel(type).getSimpleName() + " -> " + topLevel(target).getName());
                }
            }
        }
        return violations;
    }

    /** The main (not test) classes under {@code basePackage}; none is a mistake (not compiled, or a misspelt name). */
    static JavaClasses mainClasses(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes in " + basePackage + ": is it compiled?");
        }
        return classes;
    }

    private static boolean isForeign(JavaClass target) {
        String name = target.getName();
        boolean framework = FOREIGN_PACKAGES.stream().anyMatch(prefix -> name.startsWith(prefix + "."));
        boolean avroEvent = target.getPackageName().equals(EVENTS) && isGenerated(topLevel(target).getName());
        return framework || avroEvent;
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    /** Whether a class of {@code uk.gov.gds.awsam.events} was generated from an Avro schema. */
    static boolean isGenerated(String className) {
        try {
            Class<?> type = Class.forName(className);
            return org.apache.avro.generic.GenericContainer.class.isAssignableFrom(type)
                    || type.isAnnotationPresent(org.apache.avro.specific.AvroGenerated.class);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
