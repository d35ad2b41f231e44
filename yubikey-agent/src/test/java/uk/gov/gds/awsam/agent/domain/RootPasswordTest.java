package uk.gov.gds.awsam.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RootPasswordTest {

    @Test
    void fortyPrintableSymbolsOfEveryClassNeverTheSameTwice() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            char[] password = RootPassword.generate(random);
            String text = new String(password);
            assertThat(text).hasSize(40).matches("[!-~]{40}").matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*")
                    .matches(".*[^A-Za-z0-9].*");
            assertThat(seen.add(text)).isTrue();
            for (char c : password) {
                used.add(c);
            }
            RootPassword.wipe(password);
            assertThat(password).containsOnly('\0');
        }
        assertThat(used).as("the whole printable range is drawn from").hasSize(94);
    }
}
