package uk.gov.gds.awsam.testsupport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaMethod;

/**
 * A service's scheduled jobs, read from its compiled classes, for the one rule (issue 19; provisioner/README.md
 * "One handler shape"): a {@code @Scheduled} method is void, so Quarkus runs it on a worker thread (one returning
 * CompletionStage or Uni runs on the event loop), and has one skip: Quarkus's {@code concurrentExecution = SKIP}
 * guards only a method that does its work before returning; one that starts its work elsewhere needs its own flag,
 * and SKIP on it guards nothing. Which a job is, a service's test says (it knows its jobs by name).
 */
public final class ScheduledJobs {

    private static final String SCHEDULED = "io.quarkus.scheduler.Scheduled";

    /** A {@code @Scheduled} method: {@code Class.method}, its return type, whether it asks Quarkus to SKIP. */
    public record Job(String method, String returnType, boolean quarkusSkip) {

        public boolean isVoid() {
            return returnType.equals("void");
        }
    }

    private ScheduledJobs() {
    }

    /** The scheduled methods in the main (not test) classes under {@code basePackage}, by name. */
    public static List<Job> in(String basePackage) {
        List<Job> jobs = new ArrayList<>();
        for (JavaClass type : DomainPurity.mainClasses(basePackage)) {
            for (JavaMethod method : type.getMethods()) {
                for (JavaAnnotation<JavaMethod> scheduled : method.getAnnotations()) {
                    if (scheduled.getRawType().getName().equals(SCHEDULED)) {
                        boolean skip = scheduled.get("concurrentExecution")
                                .filter(value -> value instanceof JavaEnumConstant constant && constant.name().equals("SKIP")).isPresent();
                        jobs.add(new Job(type.getSimpleName() + "." + method.getName(), method.getRawReturnType().getName(), skip));
                    }
                }
            }
        }
        jobs.sort(Comparator.comparing(Job::method));
        return jobs;
    }
}
