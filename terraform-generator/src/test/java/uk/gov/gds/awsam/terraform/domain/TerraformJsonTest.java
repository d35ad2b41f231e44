package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Strings Terraform would read as templates are written so that it reads them literally. */
class TerraformJsonTest {

    @Test
    void escapesInterpolationsAndDirectivesSoTerraformReadsTheLiteralText() {
        for (String text : List.of("${var.secret}", "%{ if true }x%{ endif }", "$${already}", "%%{already}", "$$${x}",
                "a $ b % c { d }", "${", "%{", "trailing $", "{${%{")) {
            String written = TerraformJson.literal(text);
            assertThat(TerraformJsonValidator.terraformLiteral(written)).as(text).isEqualTo(text);
        }
        assertThat(TerraformJson.literal("${var.secret}")).isEqualTo("$${var.secret}");
        assertThat(TerraformJson.literal("%{ if true }")).isEqualTo("%%{ if true }");
    }

    @Test
    void everyStringValueOfADocumentIsEscaped() {
        String file = TerraformJson.render(Map.of("locals", Map.of("x", List.of("${a}", Map.of("y", "%{b}")))));

        TerraformJsonValidator.assertValid("x.tf.json", file);
        assertThat(file).contains("\"$${a}\"", "\"%%{b}\"");
    }

    @Test
    void theValidatorCatchesAnUnescapedInterpolation() {
        String file = CanonicalJson.write(Map.of("locals", Map.of("x", "${a}")));

        assertThat(TerraformJsonValidator.problems("x.tf.json", file)).anyMatch(p -> p.contains("template sequence"));
    }

    @Test
    void refusesATemplateSequenceInAName() {
        assertThatThrownBy(() -> TerraformJson.render(Map.of("locals", Map.of("${x}", "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${x}");
    }
}
