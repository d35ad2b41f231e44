package uk.gov.gds.awsam.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code yubikey-agent}: the engineer's guide for the root-MFA step of a new AWS account. */
@Command(name = "yubikey-agent", mixinStandardHelpOptions = true, version = "yubikey-agent 1.0",
        description = {
                "Seeds the root MFA of new AWS accounts on two YubiKeys (and removes it once an account is closed), step by step,",
                "and records it on Kafka.",
                "Configuration: ~/.config/aws-accounts/agent.properties (see --config)."},
        subcommands = {TasksCommand.class, WatchCommand.class, SeedCommand.class, VerifyCommand.class, ReturnedCommand.class,
                RemoveCommand.class, KeysCommand.class, PreflightCommand.class},
        footer = {"", "A new account's root MFA, in order:",
                "  yubikey-agent preflight              once, first: ykman, Kafka, the registry",
                "  yubikey-agent keys add <serial>      once per YubiKey",
                "  yubikey-agent tasks                  what is pending",
                "  yubikey-agent seed <request-id>      the guided runbook",
                "  yubikey-agent verify <request-id>    after a failure at SECURE_ROOT is fixed: secure it, no second seeding",
                "  yubikey-agent returned <request-id>  the keys are back in the safe",
                "A closed account (listed by tasks):",
                "  yubikey-agent remove <request-id>    delete its root MFA credential from both keys"})
public class AgentCommand {

    /** Applied before the application starts (see AgentMain); declared here for the help and the parser. */
    @Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the configuration file (default: $YUBIKEY_AGENT_CONFIG, else ~/.config/aws-accounts/agent.properties)")
    String config;
}
