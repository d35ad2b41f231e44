package uk.gov.gds.awsam.agent.cli;

import uk.gov.gds.awsam.agent.config.AgentConfig;
import uk.gov.gds.awsam.agent.config.AgentFiles;

/** The engineer's identity, which every event the agent publishes records. */
final class Engineer {

    private Engineer() {
    }

    static String of(AgentConfig config) {
        return config.engineer().filter(e -> !e.isBlank()).map(String::strip).orElseThrow(() -> new IllegalStateException(
                "who you are is not configured: add `agent.engineer=<your email address>` to " + AgentFiles.configFile()));
    }
}
