package uk.gov.gds.awsam.agent.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** {@code --key SERIAL}, once per key: the registered YubiKeys a runbook uses when more than two are registered. */
public class KeyChoice {

    @Option(names = "--key", paramLabel = "SERIAL", description = "a registered YubiKey to use (once per key) when more than two are registered")
    List<String> serials = new ArrayList<>();
}
