package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.ScheduledJobs;
import uk.gov.gds.awsam.testsupport.ScheduledJobs.Job;

/**
 * The one rule for scheduled jobs (issue 19, see {@link ScheduledJobs}), on the compiled classes: pr-service's one
 * job, {@code ReconcileSchedule.scheduled}, is void (a worker thread) and only starts a pass on the reconciler's
 * thread, so it skips by its own flag ({@code running}), not Quarkus's {@code SKIP}, which would guard nothing.
 */
class ScheduledJobsTest {

    @Test
    void theReconcilersJobIsVoidAndSkipsByItsOwnFlagNotQuarkuss() {
        assertThat(ScheduledJobs.in("uk.gov.gds.awsam.pr")).extracting(Job::method, Job::isVoid, Job::quarkusSkip)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ReconcileSchedule.scheduled", true, false));
    }
}
