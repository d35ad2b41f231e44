package uk.gov.gds.awsam.events;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;

/**
 * A {@link TopicReplica.Decoder} for the events: Apicurio's deserializer, reading the generated (specific)
 * classes, with readers cached by schema ({@link IdentityCachingAvroDatumProvider}). It reads the record's headers only when the registry ids travel in them (reading headers for
 * each record cost a tenth of a rebuild).
 */
public final class AvroDecoder<V> implements TopicReplica.Decoder<V> {

    private final AvroKafkaDeserializer<V> deserializer = new AvroKafkaDeserializer<>();
    private final boolean idsInHeaders;

    private AvroDecoder(Map<String, Object> serdeConfig) {
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.putIfAbsent("apicurio.registry.use-specific-avro-reader", true);
        config.putIfAbsent("apicurio.registry.avro-datum-provider", IdentityCachingAvroDatumProvider.class.getName());
        this.idsInHeaders = Boolean.parseBoolean(String.valueOf(config.getOrDefault("apicurio.registry.headers.enabled", "false")));
        deserializer.configure(config, false);
    }

    /** A fresh decoder for each thread that decodes, with these Apicurio settings ({@code apicurio.registry.*}). */
    public static <V> Supplier<AvroDecoder<V>> of(Map<String, Object> serdeConfig) {
        Map<String, Object> config = Map.copyOf(serdeConfig);
        return () -> new AvroDecoder<>(config);
    }

    /** The same, for the registry at {@code registryUrl} with Apicurio's defaults otherwise. */
    public static <V> Supplier<AvroDecoder<V>> forRegistry(String registryUrl) {
        return of(Map.of("apicurio.registry.url", registryUrl));
    }

    @Override
    public V decode(String topic, Headers headers, byte[] value) {
        return idsInHeaders ? deserializer.deserialize(topic, headers, value) : deserializer.deserialize(topic, value);
    }

    @Override
    public void close() {
        deserializer.close();
    }
}
