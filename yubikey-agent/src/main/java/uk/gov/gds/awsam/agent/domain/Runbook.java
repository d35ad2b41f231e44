package uk.gov.gds.awsam.agent.domain;

import static uk.gov.gds.awsam.agent.domain.Wording.text;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the runbooks share: a runbook is a list of small {@link Step}s, run in order. A failed check
 * ({@link StepFailed}) or the input closed ({@link Terminal.EndOfInput}) stops it, said on the terminal.
 */
final class Runbook {

    private Runbook() {
    }

    /**
     * One step: {@code check} says whether it is needed now, {@code describe} what the engineer reads before it (null:
     * nothing), {@code perform} does it and returns how the run ends, or null to go on to the next step.
     */
    record Step(BooleanSupplier check, Supplier<String> describe, Supplier<Outcome> perform) {

        /** A step that is always needed and goes on to the next. */
        static Step of(Supplier<String> describe, Runnable perform) {
            return new Step(() -> true, describe, () -> {
                perform.run();
                return null;
            });
        }

        Step onlyIf(BooleanSupplier needed) {
            return new Step(needed, describe, perform);
        }
    }

    /** Runs the steps; PUBLISHED when the last one has run without ending the run sooner. */
    static Outcome run(Terminal terminal, String command, Supplier<String> interrupted, List<Step> steps) {
        try {
            for (Step step : steps) {
                if (!step.check().getAsBoolean()) {
                    continue;
                }
                String description = step.describe().get();
                if (description != null) {
                    terminal.say(description);
                }
                Outcome end = step.perform().get();
                if (end != null) {
                    return end;
                }
            }
            return Outcome.PUBLISHED;
        } catch (Terminal.EndOfInput closed) {
            terminal.say("");
            terminal.say(interrupted.get());
            return Outcome.INTERRUPTED;
        } catch (StepFailed failed) {
            terminal.say(text(command + ".stopped", failed.getMessage()));
            System.getLogger(Runbook.class.getName()).log(System.Logger.Level.WARNING, "{0} stopped: {1}", command, failed.getMessage());
            return Outcome.FAILED;
        }
    }

    /** The task named by a request id or an account id, read from the topics; the words are the command's own. */
    static RootMfaTask find(TaskLog taskLog, String reference, String command) {
        return find(taskLog, reference, command, TaskBoard::find);
    }

    /** The task {@code lookup} finds on the board rebuilt from the topics; the words are the command's own. */
    static <T> T find(TaskLog taskLog, String reference, String command, BiFunction<TaskBoard, String, Optional<T>> lookup) {
        try {
            return lookup.apply(taskLog.rebuild(), reference).orElseThrow(() -> new StepFailed(text(command + ".unknown", reference)));
        } catch (TaskLog.Unavailable unavailable) {
            throw new StepFailed(text(command + ".unavailable", unavailable.getMessage()));
        } catch (TaskBoard.AmbiguousReference ambiguous) {
            throw new StepFailed(ambiguous.getMessage());
        }
    }

    /** The id of the event {@code publish} published; a failure stops the run with the command's words ({0} why, {1} the request). */
    static String publish(String command, String requestId, Supplier<String> publish) {
        try {
            return publish.get();
        } catch (EventSink.Failed failed) {
            throw new StepFailed(text(command + ".publish-failed", failed.getMessage(), requestId));
        }
    }
}
