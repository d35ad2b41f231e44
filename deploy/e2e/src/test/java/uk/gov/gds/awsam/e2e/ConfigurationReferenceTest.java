package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docs/configuration.md, the one configuration reference, held to the code and to the deployment descriptors: it
 * lists exactly the settings of every @ConfigMapping, names every environment variable an application.properties
 * reads, and every setting it marks required in production is set by compose and Kubernetes, where the values
 * services share come from one place (compose) or agree (Kubernetes).
 */
class ConfigurationReferenceTest {

    static final Path REFERENCE = ServiceModule.ROOT.resolve("docs/configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|([^|]*)\\|([^|]*)\\|([^|]*)\\|");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ENVIRONMENT_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final String EVERY_SERVICE = "Every service";

    /** A row of a section's table: the setting, its environment variables, its production column. */
    record Row(String setting, List<String> variables, String production) {
        boolean required() {
            return production.contains("**required**");
        }
    }

    /** Section title → its rows. */
    static Map<String, List<Row>> sections() {
        Map<String, List<Row>> sections = new LinkedHashMap<>();
        List<Row> current = null;
        for (String line : ServiceModule.read(REFERENCE).split("\n")) {
            if (line.startsWith("## ")) {
                current = new ArrayList<>();
                sections.put(line.substring(3).strip(), current);
            }
            Matcher row = ROW.matcher(line);
            if (current != null && row.find()) {
                List<String> variables = new ArrayList<>();
                Matcher code = CODE.matcher(row.group(2));
                while (code.find()) {
                    variables.add(code.group(1));
                }
                current.add(new Row(row.group(1), variables, row.group(4)));
            }
        }
        return sections;
    }

    private static List<Row> rowsOf(ServiceModule module) {
        assertThat(sections()).as("docs/configuration.md has a section \"## " + module + "\"").containsKey(module.name);
        return sections().get(module.name);
    }

    @Test
    void everySettingOfEveryConfigMappingIsListedUnderItsService() {
        assertThat(ServiceModule.configured()).map(m -> m.name).contains("request-service", "terraform-generator", "pr-service",
                "provisioner", "notifier", "yubikey-agent");
        List<String> missing = new ArrayList<>();
        for (ServiceModule module : ServiceModule.configured()) {
            Set<String> listed = settings(rowsOf(module));
            for (String property : module.mappedProperties) {
                if (!listed.contains(property)) {
                    missing.add(module + ": " + property);
                }
            }
        }
        assertThat(missing).as("settings of a @ConfigMapping that docs/configuration.md does not list").isEmpty();
    }

    @Test
    void everyListedSettingOfAConfigMappingExists() {
        List<String> stale = new ArrayList<>();
        for (ServiceModule module : ServiceModule.configured()) {
            Set<String> prefixes = new TreeSet<>();
            module.mappedProperties.forEach(p -> prefixes.add(p.substring(0, p.indexOf('.') + 1)));
            for (String setting : settings(rowsOf(module))) {
                if (prefixes.stream().anyMatch(setting::startsWith) && !module.mappedProperties.contains(setting)) {
                    stale.add(module + ": " + setting);
                }
            }
        }
        assertThat(stale).as("settings docs/configuration.md lists that no @ConfigMapping has").isEmpty();
    }

    @Test
    void eachSettingOfAConfigMappingNamesItsOwnEnvironmentVariable() {
        for (ServiceModule module : ServiceModule.configured()) {
            for (Row row : rowsOf(module)) {
                if (module.mappedProperties.contains(row.setting())) {
                    assertThat(row.variables()).as(module + ": " + row.setting()).first()
                            .isEqualTo(ServiceModule.environmentName(row.setting()));
                }
            }
        }
    }

    @Test
    void everyEnvironmentVariableAnApplicationPropertiesReadsIsNamed() {
        String reference = ServiceModule.read(REFERENCE);
        List<String> unnamed = new ArrayList<>();
        for (ServiceModule module : ServiceModule.configured()) {
            Matcher placeholder = ENVIRONMENT_PLACEHOLDER.matcher(ServiceModule.read(module.dir.resolve("src/main/resources/application.properties")));
            while (placeholder.find()) {
                if (!reference.contains("`" + placeholder.group(1) + "`")) {
                    unnamed.add(module + ": " + placeholder.group(1));
                }
            }
        }
        assertThat(unnamed).as("environment variables read by an application.properties that docs/configuration.md does not name")
                .isEmpty();
    }

    @Test
    void everySettingProductionRequiresIsSetByComposeAndKubernetes() throws IOException {
        List<String> missing = new ArrayList<>();
        for (ServiceModule module : ServiceModule.all()) {
            List<Row> rows = new ArrayList<>(sections().get(EVERY_SERVICE));
            rows.addAll(rowsOf(module));
            Set<String> compose = DeploymentManifestsComposeTest.environment(module).keySet();
            Set<String> kubernetes = DeploymentManifestsKubernetesTest.environment(module).keySet();
            for (Row row : rows) {
                if (row.required()) {
                    String variable = row.variables().get(0);
                    if (!compose.contains(variable)) {
                        missing.add("docker-compose.yml " + module + ": " + variable);
                    }
                    if (!kubernetes.contains(variable)) {
                        missing.add("k8s/services/" + module + ".yaml: " + variable);
                    }
                }
            }
        }
        assertThat(missing).as("settings production requires (docs/configuration.md) that a deployment descriptor leaves out").isEmpty();
    }

    @Test
    void sharedValuesComeFromOneComposeVariableAndAgreeInKubernetes() throws IOException {
        Pattern sharedRow = Pattern.compile("^\\| [^`|]+ \\| (?:`([A-Z_]+)`|[^|]*) \\|([^|]*)\\|");
        Pattern serviceVariable = Pattern.compile("([a-z-]+) `([A-Z_]+)`");
        int checked = 0;
        for (String line : sharedValuesTable()) {
            Matcher row = sharedRow.matcher(line);
            if (!row.find()) {
                continue;
            }
            Map<String, String> kubernetesValues = new LinkedHashMap<>();
            Matcher pair = serviceVariable.matcher(row.group(2));
            while (pair.find()) {
                ServiceModule module = ServiceModule.all().stream().filter(m -> m.name.equals(pair.group(1))).findFirst().orElse(null);
                if (module == null) {
                    continue;
                }
                String variable = pair.group(2);
                assertThat(module.readsEnvironmentVariable(variable)).as(module + " reads " + variable).isTrue();
                if (row.group(1) != null) {
                    assertThat(DeploymentManifestsComposeTest.environment(module).get(variable)).as("compose " + module + ": " + variable)
                            .startsWith("${" + row.group(1) + ":");
                    checked++;
                }
                JsonNode value = DeploymentManifestsKubernetesTest.environment(module).get(variable);
                if (value != null) {
                    kubernetesValues.put(module + " " + variable, value.asText());
                }
            }
            assertThat(Set.copyOf(kubernetesValues.values())).as("one value in deploy/k8s for " + kubernetesValues.keySet()).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(checked).as("shared values set once in compose").isGreaterThanOrEqualTo(10);
    }

    private static List<String> sharedValuesTable() {
        String reference = ServiceModule.read(REFERENCE);
        int start = reference.indexOf("## Shared values");
        int end = reference.indexOf("\n## ", start + 1);
        assertThat(start).as("docs/configuration.md has a section \"## Shared values\"").isNotNegative();
        return List.of(reference.substring(start, end).split("\n"));
    }

    /** The settings of the rows, a map's {@code prefix.*} row as the map's own property. */
    private static Set<String> settings(List<Row> rows) {
        Set<String> settings = new TreeSet<>();
        rows.forEach(row -> settings.add(row.setting().endsWith(".*") ? row.setting().substring(0, row.setting().length() - 2) : row.setting()));
        return settings;
    }
}
