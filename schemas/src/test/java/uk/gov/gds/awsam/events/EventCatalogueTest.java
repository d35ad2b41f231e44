package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every event is in the catalogue once, named by the conventions, and nothing else spells its names. */
class EventCatalogueTest {

    private static final Path AVRO_DIR = Path.of("src/main/avro");

    @Test
    void everyEventSchemaIsInTheCatalogueAndEveryCatalogueEntryHasASchema() throws IOException {
        List<String> schemaFiles;
        try (Stream<Path> files = Files.list(AVRO_DIR)) {
            schemaFiles = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - ".avsc".length()))
                    .sorted().toList();
        }
        List<String> catalogue = Arrays.stream(EventType.values())
                .map(t -> t.recordClass().getSimpleName()).sorted().toList();
        assertThat(catalogue).isEqualTo(schemaFiles).hasSize(20);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namesFollowTheConventions(EventType type) {
        String kebab = type.recordClass().getSimpleName()
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        assertThat(type.slug()).isEqualTo(kebab);
        assertThat(type.topic()).isEqualTo("aws-accounts." + kebab);
        assertThat(type.deadLetterTopic()).isEqualTo("aws-accounts." + kebab + ".dlq");
        assertThat(type.cloudEventType()).isEqualTo("uk.gov.gds.aws-accounts." + kebab + ".v1");
        assertThat(EventType.ofTopic(type.topic())).isSameAs(type);
        assertThat(EventType.ofCloudEventType(type.cloudEventType())).isSameAs(type);
        assertThat(EventType.of(type.recordClass())).isSameAs(type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventCarriesTheEnvelopeAndIsKeyedByRequestId(EventType type) {
        Schema schema = type.schema();
        assertThat(schema.getField("eventId").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.getField(EventType.KEY_FIELD).schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.getField("occurredAt").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
        Schema.Field causation = schema.getField("causationId");
        assertThat(causation.schema().getTypes()).extracting(Schema::getType)
                .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
        assertThat(causation.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyFieldAndTypeIsDocumented(EventType type) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(type.schema(), undocumented, new java.util.HashSet<>());
        assertThat(undocumented).as("fields without a doc").isEmpty();
    }

    @Test
    void topicsAndTypesAreUnique() {
        List<String> all = new ArrayList<>(EventType.topics());
        Arrays.stream(InternalTopic.values()).map(InternalTopic::topic).forEach(all::add);
        assertThat(all).doesNotHaveDuplicates().allMatch(topic -> topic.startsWith("aws-accounts."));
        assertThat(Arrays.stream(InternalTopic.values()).map(InternalTopic::topic))
                .allMatch(topic -> topic.matches("aws-accounts\\.internal\\.[a-z][a-z-]*[a-z]"));
        assertThat(Arrays.stream(EventType.values()).map(EventType::cloudEventType)).doesNotHaveDuplicates();
    }

    @Test
    void theConfigSourceOffersEveryTopicUnderItsKey() {
        EventTopicsConfigSource source = new EventTopicsConfigSource();
        for (EventType type : EventType.values()) {
            assertThat(source.getValue("aws-accounts.topic." + type.slug())).isEqualTo(type.topic());
        }
        for (InternalTopic topic : InternalTopic.values()) {
            assertThat(source.getValue("aws-accounts.topic.internal." + topic.slug())).isEqualTo(topic.topic());
        }
        assertThat(source.getPropertyNames()).hasSize(EventType.values().length + InternalTopic.values().length);
    }

    /**
     * Topic names and CloudEvents types are spelled only in the catalogue (EventType, InternalTopic): any
     * other main source, resource or
     * configuration file of any module that spells one fails the build. Configuration refers to topics as
     * ${aws-accounts.topic.<event>}.
     */
    @Test
    void noOtherSourceFileSpellsATopicOrAnEventType() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Pattern spelled = Pattern.compile("aws-accounts\\.(?!topic\\.)[a-z][a-z-]*[a-z]");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("/src/main/"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .filter(f -> !f.endsWith(Path.of("uk/gov/gds/awsam/events/EventType.java")))
                    .filter(f -> !f.endsWith(Path.of("uk/gov/gds/awsam/events/InternalTopic.java")))
                    .forEach(f -> {
                        try {
                            Matcher m = spelled.matcher(Files.readString(f));
                            while (m.find()) {
                                offenders.add(root.relativize(f) + ": " + m.group());
                            }
                        } catch (IOException | java.io.UncheckedIOException notText) {
                            // binary resources cannot spell a topic
                        }
                    });
        }
        assertThat(offenders).as("topic names or event types spelled outside EventType").isEmpty();
    }

    @Test
    void theCodeGeneratorMatchesTheAvroRuntime() throws IOException {
        Properties runtime = new Properties();
        try (InputStream in = Schema.class.getResourceAsStream("/META-INF/maven/org.apache.avro/avro/pom.properties")) {
            runtime.load(in);
        }
        assertThat(System.getProperty("avro.plugin.version")).isEqualTo(runtime.getProperty("version"));
    }

    private static void collectUndocumented(Schema schema, List<String> undocumented, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (schema.getDoc() == null || schema.getDoc().isBlank()) {
                    undocumented.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (field.doc() == null || field.doc().isBlank()) {
                        undocumented.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), undocumented, seen);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && (schema.getDoc() == null || schema.getDoc().isBlank())) {
                    undocumented.add(schema.getFullName());
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented, seen));
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented, seen);
            default -> {
            }
        }
    }
}
