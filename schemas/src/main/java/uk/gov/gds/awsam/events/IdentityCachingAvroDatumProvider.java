package uk.gov.gds.awsam.events;

import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;

/**
 * Apicurio's datum provider, with readers cached by schema instance. The default one computes the
 * schema's parsing fingerprint (a full normalisation of the schema) for every record it reads, which
 * was a fifth of the cost of rebuilding request-service's view; the schema resolver hands back the same Schema
 * instance for the same registry id, so identity is enough. {@link AvroDecoder} uses it unless told otherwise.
 */
public class IdentityCachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private final Map<Schema, DatumReader<T>> readers = new IdentityHashMap<>();

    public IdentityCachingAvroDatumProvider() {
        super();
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        synchronized (readers) {
            DatumReader<T> reader = readers.get(schema);
            if (reader == null) {
                reader = super.createDatumReader(schema);
                if (readers.size() < 1_000) {
                    readers.put(schema, reader);
                }
            }
            return reader;
        }
    }
}
