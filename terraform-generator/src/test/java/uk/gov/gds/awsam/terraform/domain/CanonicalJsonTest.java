package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CanonicalJsonTest {

    @Test
    void sortsKeysIndentsByTwoSpacesAndEndsWithANewline() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("b", List.of("x", 2, true));
        document.put("a", Map.of("empty-object", Map.of(), "empty-array", List.of()));

        assertThat(CanonicalJson.write(document)).isEqualTo("""
                {
                  "a": {
                    "empty-array": [],
                    "empty-object": {}
                  },
                  "b": [
                    "x",
                    2,
                    true
                  ]
                }
                """);
    }

    @Test
    void theSameValueGivesTheSameBytesWhateverTheOrderItWasBuiltIn() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("z", "1");
        one.put("a", "2");
        Map<String, Object> other = new HashMap<>();
        other.put("a", "2");
        other.put("z", "1");

        assertThat(CanonicalJson.write(one)).isEqualTo(CanonicalJson.write(other));
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        assertThat(CanonicalJson.write("quote \" backslash \\ newline \n tab \t bell \u0007 del \u007f é 😀 \u2028"))
                .isEqualTo("\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 del \u007f é 😀 \u2028\"\n");
        assertThat(CanonicalJson.write("lone \ud800 surrogate")).isEqualTo("\"lone \\uD800 surrogate\"\n");
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> CanonicalJson.write(Map.of("x", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> CanonicalJson.write(withNull)).isInstanceOf(IllegalArgumentException.class);
    }

    /** An independent writer (Jackson, sorted keys, the same layout) gives the same bytes for any document. */
    @Property(tries = 300)
    void matchesJacksonsRenderingOfAnyDocument(@ForAll("documents") Map<String, Object> document) {
        String canonical = CanonicalJson.write(document);
        assertThat(TerraformJsonValidator.problems("any.tf.json", canonical))
                .filteredOn(problem -> problem.startsWith("not canonical") || problem.startsWith("not JSON"))
                .isEmpty();
        assertThat(TerraformJsonValidator.parse(canonical)).isEqualTo(document);
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).filter(CanonicalJsonTest::noLoneSurrogates).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> list = leaf.list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> inner = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), Arbitraries.oneOf(leaf, list))
                .ofMaxSize(4).map(m -> (Object) m);
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(10).filter(CanonicalJsonTest::noLoneSurrogates),
                Arbitraries.oneOf(leaf, list, inner)).ofMaxSize(6);
    }

    private static boolean noLoneSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(++i)))) {
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
