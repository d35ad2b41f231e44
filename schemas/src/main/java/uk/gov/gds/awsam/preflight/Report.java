package uk.gov.gds.awsam.preflight;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A service's preflight: every finding about the outside systems it depends on, in the order checked. It passes when
 * nothing failed; a cannot-check does not fail it but is printed so a person can check that by hand.
 *
 * @param service the service that ran the checks, e.g. {@code provisioner}
 * @param findings what each check concluded
 */
public record Report(String service, List<Finding> findings) {

    /** HTTP status of a preflight that found a failure: the service cannot do its work as configured. */
    public static final int FAILED_STATUS = 503;

    public Report {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.stream().noneMatch(finding -> finding.outcome() == Finding.Outcome.FAIL);
    }

    /** The HTTP status a preflight endpoint answers with: 200 when it passed, {@link #FAILED_STATUS} otherwise. */
    public int httpStatus() {
        return passed() ? 200 : FAILED_STATUS;
    }

    /** The report for a terminal: a heading line, one line per finding, and the verdict. */
    public String text() {
        String lines = findings.stream().map(Finding::line).collect(Collectors.joining("\n"));
        long failed = findings.stream().filter(finding -> finding.outcome() == Finding.Outcome.FAIL).count();
        long unchecked = findings.stream().filter(finding -> finding.outcome() == Finding.Outcome.CANNOT_CHECK).count();
        String verdict = passed()
                ? service + ": preflight passed" + (unchecked == 0 ? "" : " (" + unchecked + " not checked: see above)")
                : service + ": preflight FAILED, " + failed + " to fix";
        return "# " + service + "\n" + lines + (lines.isEmpty() ? "" : "\n") + verdict + "\n";
    }
}
