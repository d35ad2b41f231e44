package uk.gov.gds.awsam.terraform.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.domain.Requests;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/**
 * How long the generator takes to turn one request into its change, and what it allocates doing so
 * ({@code -prof gc}): a typical new account, an account request with 40 admins, and a user request for
 * 50 people. Run with {@code ./mvnw -pl terraform-generator -am test -Pbenchmark -DskipTests -DskipFoundationTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class GeneratorBenchmark {

    private final TerraformGenerator generator = new TerraformGenerator(Requests.SETTINGS);
    private final Instant now = Instant.parse("2026-11-21T09:00:05Z");
    private final RequestSubmitted newAccount = Requests.newAccount("bench-account", Requests.account("pay-staging").build());
    private final RequestSubmitted manyAdmins = Requests.newAccount("bench-admins", Requests.account("shared-analytics")
            .setAdminUserEmails(IntStream.rangeClosed(1, 40).mapToObj(i -> "admin." + i + "@" + Requests.DOMAIN).toList()).build());
    private final RequestSubmitted fiftyUsers = Requests.userAccess("bench-users",
            IntStream.rangeClosed(1, 50).mapToObj(i -> "new.starter." + i + "@" + Requests.DOMAIN).toArray(String[]::new));

    @Benchmark
    public TerraformGenerated newAccount() {
        return GeneratorEvents.generate(generator, newAccount, now);
    }

    @Benchmark
    public TerraformGenerated newAccountWith40Admins() {
        return GeneratorEvents.generate(generator, manyAdmins, now);
    }

    @Benchmark
    public TerraformGenerated userAccessFor50People() {
        return GeneratorEvents.generate(generator, fiftyUsers, now);
    }
}
