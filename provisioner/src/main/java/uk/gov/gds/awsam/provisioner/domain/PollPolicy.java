package uk.gov.gds.awsam.provisioner.domain;

import java.time.Duration;

/** How to wait for something AWS does in its own time: back off between looks, give up after {@code timeout}. */
public record PollPolicy(AwsPolicy.Schedule schedule, Duration timeout) {

    public PollPolicy(Duration initialDelay, Duration maxDelay, Duration timeout) {
        this(new AwsPolicy.Schedule(initialDelay, maxDelay), timeout);
    }
}
