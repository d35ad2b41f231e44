package uk.gov.gds.awsam.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class WordingTest {

    @Test
    void everyPatternIsAValidMessageFormat() {
        ResourceBundle texts = ResourceBundle.getBundle("runbooks", Locale.ROOT);
        assertThat(texts.keySet()).isNotEmpty().allSatisfy(key -> new MessageFormat(texts.getString(key), Locale.ROOT));
    }

    @Test
    void everyKeyTheRunbooksNameIsThere() throws IOException {
        ResourceBundle texts = ResourceBundle.getBundle("runbooks", Locale.ROOT);
        Pattern key = Pattern.compile("\"((?:seed|returned|verify|remove|keys)\\.[a-z0-9.-]+)\"");
        List<String> named = new ArrayList<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/uk/gov/gds/awsam/agent/domain"))) {
            for (Path source : sources.toList()) {
                key.matcher(Files.readString(source)).results().forEach(found -> named.add(found.group(1)));
            }
        }
        assertThat(named).hasSizeGreaterThan(100).allSatisfy(name -> assertThat(texts.containsKey(name)).as(name).isTrue());
    }

    @Test
    void everyCommandHasTheWordsTheSharedStepsUse() {
        for (String command : List.of("seed", "returned", "verify", "remove")) {
            assertThat(Wording.text(command + ".stopped", "why")).endsWith("✗ why");
            assertThat(Wording.text(command + ".unknown", "r-1")).contains("r-1");
            assertThat(Wording.text(command + ".unavailable", "no broker")).contains("no broker");
            assertThat(Wording.text(command + ".publish-failed", "no ack", "r-1")).contains("no ack");
        }
    }

    @Test
    void theWordsKeepLeadingSpacesQuotesAndLineBreaks() {
        assertThat(Wording.text("keys.ykman", "5.5.1")).isEqualTo("  ✓ ykman 5.5.1");
        assertThat(Wording.text("returned.done", "e-1")).endsWith("The account's journey is complete.");
        assertThat(Wording.text("seed.step.keys")).isEqualTo("\nStep 1 of 5: ykman and the YubiKeys");
        assertThat(Wording.text("seed.interrupted.holding", 1, "11111111", "c")).isEqualTo(" 1 YubiKey 11111111 now hold c.");
        assertThat(Wording.text("seed.interrupted.holding", 2, "1, 2", "c")).isEqualTo(" 2 YubiKeys 1, 2 now hold c.");
    }

    @Test
    void aSecretCannotBeWordedSecretsAreArrays() {
        assertThatThrownBy(() -> Wording.text("keys.ykman", (Object) "JBSWY3DPEHPK3PXP".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> Wording.text("keys.ykman", (Object) new byte[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    }
}
