package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {

    @Test
    void passwordsHaveEveryKindOfCharacterAndAreNeverTheSame() {
        PasswordGenerator generator = new PasswordGenerator(16);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String password = new String(generator.generate());
            assertThat(password).hasSize(16)
                    .containsPattern("[A-Z]").containsPattern("[a-z]").containsPattern("[0-9]").containsPattern("[^A-Za-z0-9]")
                    .doesNotContain("I", "l", "1", "O", "0");
            assertThat(seen.add(password)).isTrue();
        }
    }

    @Test
    void passwordsShorterThanSixteenCharactersAreNotAllowed() {
        assertThatThrownBy(() -> new PasswordGenerator(15)).hasMessageContaining("at least 16");
    }
}
