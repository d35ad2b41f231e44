package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.TaskReport;
import uk.gov.gds.awsam.agent.domain.Terminal;

@Dependent
@Unremovable
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Shows the pending root-MFA tasks, then tells you of each new one (and each step of the others) until Ctrl-C.")
public class WatchCommand implements Callable<Integer> {

    private static final String BELL = "\u0007";
    private final TaskLog taskLog;
    private final Terminal terminal;

    public WatchCommand(TaskLog taskLog, Terminal terminal) {
        this.taskLog = taskLog;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        try {
            taskLog.follow(board -> {
                TaskReport.pending(board).forEach(terminal::say);
                terminal.say("");
                terminal.say("Watching for root-MFA tasks (Ctrl-C to stop)…");
            }, task -> terminal.say(BELL + java.time.LocalTime.now().withNano(0) + "  " + TaskReport.announce(task)), () -> true);
            return ExitCodes.OK;
        } catch (TaskLog.Unavailable unavailable) {
            terminal.say("✗ Cannot read the tasks from Kafka: " + unavailable.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
