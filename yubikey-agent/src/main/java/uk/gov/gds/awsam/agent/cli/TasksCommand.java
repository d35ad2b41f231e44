package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import uk.gov.gds.awsam.agent.domain.TaskBoard;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.TaskReport;
import uk.gov.gds.awsam.agent.domain.Terminal;

@Dependent
@Unremovable
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Lists the pending root-MFA tasks, rebuilt from the Kafka topics.")
public class TasksCommand implements Callable<Integer> {

    private final TaskLog taskLog;
    private final Terminal terminal;

    public TasksCommand(TaskLog taskLog, Terminal terminal) {
        this.taskLog = taskLog;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        TaskBoard board;
        try {
            board = taskLog.rebuild();
        } catch (TaskLog.Unavailable unavailable) {
            terminal.say("✗ Cannot read the tasks from Kafka: " + unavailable.getMessage());
            return ExitCodes.FAILED;
        }
        TaskReport.pending(board).forEach(terminal::say);
        return ExitCodes.OK;
    }
}
