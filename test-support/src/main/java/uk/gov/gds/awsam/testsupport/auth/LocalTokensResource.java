package uk.gov.gds.awsam.testsupport.auth;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes a {@code @QuarkusTest} application trust {@link LocalTokens#forTests()}: tests mint tokens with
 * {@code LocalTokens.forTests().token(email, engineer)}.
 */
public class LocalTokensResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalTokens.forTests().verificationConfig();
    }

    @Override
    public void stop() {
        // the key files stay under target/ for the next test
    }
}
