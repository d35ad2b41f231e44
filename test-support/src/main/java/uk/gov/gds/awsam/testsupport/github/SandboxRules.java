package uk.gov.gds.awsam.testsupport.github;

/** What makes the sandbox as strict as GitHub beyond its data: who exists and may do what, rulesets, rate limits, Apps. */
record SandboxRules(SandboxPeople people, SandboxRulesets rulesets, SandboxLimits limits, SandboxApps apps) {

    static SandboxRules strict() {
        return new SandboxRules(new SandboxPeople(), new SandboxRulesets(), new SandboxLimits(), new SandboxApps());
    }

    /** Back to GitHub's defaults: no ruleset, no limit enforced, counters at zero, the default permissions; people stay. */
    void reset() {
        rulesets.clear();
        limits.reset();
        people.permissions(SandboxPeople.DEFAULT_PERMISSIONS);
    }
}
