package uk.gov.gds.awsam.testsupport.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;

/**
 * Repository rulesets restricting branches, as GitHub enforces them on the REST API: a write to a branch a
 * ruleset's {@code include} patterns match ({@code refs/heads/<glob>} with {@code *} and {@code **},
 * {@code ~DEFAULT_BRANCH}, {@code ~ALL}) and whose rules forbid it is refused with 422 "Repository rule
 * violations found", followed by GitHub's line for the rule (creation, update, deletion).
 */
final class SandboxRulesets {

    enum Rule {
        CREATION("Cannot create ref due to creations being restricted."),
        UPDATE("Cannot update this protected ref."),
        DELETION("Cannot delete this protected ref.");

        private final String line;

        Rule(String line) {
            this.line = line;
        }
    }

    private record Ruleset(String repository, String name, List<String> include, Set<Rule> rules) {
    }

    private final List<Ruleset> rulesets = new ArrayList<>();

    synchronized void add(String repository, String name, List<String> include, Set<Rule> rules) {
        rulesets.add(new Ruleset(repository, name, List.copyOf(include), Set.copyOf(rules)));
    }

    synchronized void clear() {
        rulesets.clear();
    }

    /** A repository renamed or transferred: its rulesets go with it, as on GitHub. */
    synchronized void renamed(String from, String to) {
        rulesets.replaceAll(r -> r.repository().equalsIgnoreCase(from) ? new Ruleset(to, r.name(), r.include(), r.rules()) : r);
    }

    /** Refuses the write as GitHub would, if a ruleset of the repository forbids {@code rule} on {@code branch}. */
    synchronized void check(String repository, String defaultBranch, String branch, Rule rule) {
        for (Ruleset ruleset : rulesets) {
            if (ruleset.repository().equalsIgnoreCase(repository) && ruleset.rules().contains(rule)
                    && ruleset.include().stream().anyMatch(p -> matches(p, branch, defaultBranch))) {
                throw new GitHubError(422, "Repository rule violations found\n\n" + rule.line + "\n\n");
            }
        }
    }

    private static boolean matches(String pattern, String branch, String defaultBranch) {
        if (pattern.equals("~ALL")) {
            return true;
        }
        if (pattern.equals("~DEFAULT_BRANCH")) {
            return branch.equals(defaultBranch);
        }
        String glob = pattern.startsWith("refs/heads/") ? pattern.substring("refs/heads/".length()) : pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(regex.toString(), branch);
    }
}
