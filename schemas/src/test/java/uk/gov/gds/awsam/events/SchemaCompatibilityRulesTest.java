package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** What the compatibility rule accepts and refuses, on small schemas. */
class SchemaCompatibilityRulesTest {

    private static final String TEMPLATE = """
            {"type":"record","name":"Sample","namespace":"t","fields":[
              {"name":"requestId","type":"string"},
              {"name":"stage","type":{"type":"enum","name":"Stage","symbols":["A","B"]}},
              {"name":"note","type":["null","string"],"default":null}MORE]}""";
    private static final String V1 = TEMPLATE.replace("MORE", "");

    @Test
    void addingAFieldWithADefaultIsCompatible() {
        assertThat(problems(TEMPLATE.replace("MORE", ",{\"name\":\"attempt\",\"type\":\"int\",\"default\":1}"))).isEmpty();
    }

    @Test
    void removingAFieldIsCompatible() {
        String withoutNote = V1.replace(",\n  {\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}", "");
        assertThat(withoutNote).doesNotContain("note");
        assertThat(problems(withoutNote)).isEmpty();
    }

    @Test
    void addingAFieldWithoutADefaultIsRefusedAndNamed() {
        assertThat(problems(TEMPLATE.replace("MORE", ",{\"name\":\"attempt\",\"type\":\"int\"}")))
                .singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("attempt");
    }

    @Test
    void changingAFieldTypeIsRefused() {
        assertThat(problems(V1.replace("{\"name\":\"requestId\",\"type\":\"string\"}", "{\"name\":\"requestId\",\"type\":\"long\"}")))
                .isNotEmpty().allSatisfy(problem -> assertThat(problem).contains("TYPE_MISMATCH").contains("requestId"));
    }

    @Test
    void droppingAnEnumSymbolIsRefused() {
        assertThat(problems(V1.replace("[\"A\",\"B\"]", "[\"A\"]")))
                .singleElement().asString().contains("MISSING_ENUM_SYMBOLS");
    }

    @Test
    void renamingTheRecordIsRefused() {
        assertThat(problems(V1.replace("\"name\":\"Sample\"", "\"name\":\"Renamed\"")))
                .anySatisfy(problem -> assertThat(problem).contains("renamed"));
    }

    private static java.util.List<String> problems(String current) {
        return SchemaCompatibility.problems(new Schema.Parser().parse(current), new Schema.Parser().parse(V1));
    }
}
