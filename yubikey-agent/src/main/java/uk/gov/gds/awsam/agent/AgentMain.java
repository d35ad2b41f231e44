package uk.gov.gds.awsam.agent;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import uk.gov.gds.awsam.agent.cli.AgentCommand;
import uk.gov.gds.awsam.agent.cli.CdiFactory;
import uk.gov.gds.awsam.agent.config.AgentFiles;

/**
 * The agent's entry point: a Quarkus command-mode application running picocli, whose commands are CDI
 * beans. {@code --config FILE} is applied before Quarkus starts, since the configuration is read then.
 */
@QuarkusMain
public class AgentMain implements QuarkusApplication {

    private final CdiFactory factory;

    public AgentMain(CdiFactory factory) {
        this.factory = factory;
    }

    public static void main(String... args) {
        // Our class is the jar's Main-Class: route java.util.logging to JBoss LogManager before anything logs,
        // as Quarkus's generated main would, so that the file log is JSON.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        configFile(args).ifPresent(file -> System.setProperty(AgentFiles.CONFIG_PROPERTY, file));
        Quarkus.run(AgentMain.class, args);
    }

    @Override
    public int run(String... args) {
        CommandLine commandLine = new CommandLine(AgentCommand.class, factory);
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            Logger.getLogger(AgentMain.class).warnf(exception, "%s failed", command.getCommandName());
            command.getErr().println("✗ " + exception.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    static java.util.Optional<String> configFile(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return java.util.Optional.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return java.util.Optional.of(args[i].substring("--config=".length()));
            }
        }
        return java.util.Optional.empty();
    }
}
