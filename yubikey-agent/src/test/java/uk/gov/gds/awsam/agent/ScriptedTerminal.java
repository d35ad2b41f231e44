package uk.gov.gds.awsam.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import uk.gov.gds.awsam.agent.domain.Terminal;

/**
 * A terminal the test scripts: each prompt the runbook shows must match the next expectation (its text
 * contains the expected words), which may first act on the world (pull a key out, stop the broker) and
 * then answers. When the script runs out, the input is closed, as Ctrl-D (or Ctrl-C) would. Keeps a
 * transcript of everything shown, and the secrets shown once (so that tests can look for them elsewhere).
 */
final class ScriptedTerminal implements Terminal {

    private record Expectation(String promptContains, Runnable before, String answer, char[] hidden) {
    }

    private final Deque<Expectation> script = new ArrayDeque<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<String> shownOnce = new ArrayList<>();

    ScriptedTerminal on(String promptContains, String answer) {
        return on(promptContains, () -> { }, answer);
    }

    ScriptedTerminal on(String promptContains, Runnable before, String answer) {
        script.add(new Expectation(promptContains, before, answer, null));
        return this;
    }

    ScriptedTerminal onHidden(String promptContains, String secret) {
        script.add(new Expectation(promptContains, () -> { }, null, secret.toCharArray()));
        return this;
    }

    ScriptedTerminal onHidden(String promptContains, Runnable before, String secret) {
        script.add(new Expectation(promptContains, before, null, secret.toCharArray()));
        return this;
    }

    /** Everything shown and answered (hidden answers as "<hidden>"), one entry per line. */
    String transcript() {
        return String.join("\n", transcript);
    }

    /** The secrets shown once (the root passwords). */
    List<String> shownOnce() {
        return List.copyOf(shownOnce);
    }

    boolean scriptDone() {
        return script.isEmpty();
    }

    @Override
    public synchronized void say(String text) {
        transcript.add(text);
    }

    @Override
    public synchronized void progress(String text) {
        if (!text.isEmpty()) {
            transcript.add("[progress] " + text);
        }
    }

    @Override
    public String ask(String prompt) {
        Expectation next = expect(prompt, false);
        transcript.add(prompt + ": " + next.answer());
        return next.answer();
    }

    @Override
    public char[] askHidden(String prompt) {
        Expectation next = expect(prompt, true);
        transcript.add(prompt + ": <hidden>");
        return next.hidden().clone();
    }

    @Override
    public void showOnce(String label, char[] secret, String prompt) {
        transcript.add(label);
        transcript.add("    <shown once>");
        shownOnce.add(new String(secret));
        ask(prompt);
    }

    private Expectation expect(String prompt, boolean hidden) {
        Expectation next = script.poll();
        if (next == null) {
            transcript.add(prompt + ": <input closed>");
            throw new EndOfInput();
        }
        if (!prompt.contains(next.promptContains()) || hidden != (next.hidden() != null)) {
            throw new AssertionError("expected a " + (next.hidden() != null ? "hidden " : "") + "prompt containing \""
                    + next.promptContains() + "\" but got \"" + prompt + "\"\n--- transcript ---\n" + transcript());
        }
        next.before().run();
        return next;
    }
}
