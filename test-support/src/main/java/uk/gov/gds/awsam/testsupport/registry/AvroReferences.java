package uk.gov.gds.awsam.testsupport.registry;

import java.util.HashSet;
import java.util.Set;

import org.apache.avro.Schema;

import uk.gov.gds.awsam.testsupport.registry.RegistryStore.Content;
import uk.gov.gds.awsam.testsupport.registry.RegistryStore.Reference;

/** Inlines the referenced named types of an Avro schema, as Apicurio does for {@code references=DEREFERENCE}. */
final class AvroReferences {

    private AvroReferences() {
    }

    static String dereference(RegistryStore store, Content content) {
        Schema.Parser parser = new Schema.Parser();
        parseReferences(store, content, parser, new HashSet<>());
        return parser.parse(content.content()).toString();
    }

    private static void parseReferences(RegistryStore store, Content content, Schema.Parser parser, Set<String> parsed) {
        for (Reference reference : content.references()) {
            if (!parsed.add(reference.name())) {
                continue;
            }
            Content referenced = store.version(reference.groupId(), reference.artifactId(), reference.version())
                    .flatMap(v -> store.contentById(v.contentId()))
                    .orElseThrow(() -> new IllegalStateException("dangling reference " + reference));
            parseReferences(store, referenced, parser, parsed);
            if (!parser.getTypes().containsKey(reference.name())) {
                parser.parse(referenced.content());
            }
        }
    }
}
