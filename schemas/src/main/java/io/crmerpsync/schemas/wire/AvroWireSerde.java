package io.crmerpsync.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class in the Confluent wire format. The subject follows
 * Confluent's topic-name strategy ({@code <topic>-value} or {@code <topic>-key}). The writer's
 * schema is registered once per topic and its id cached; on read, each writer schema id is resolved
 * once and then decoded with Avro schema resolution into the reader's class, so data written by an
 * older or newer compatible schema reads fine.
 *
 * <p>Null means a tombstone in both directions.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {
  private final SchemaRegistryClient registry;
  private final Class<T> type;
  private final Schema readerSchema;
  private final boolean forKey;
  private final SpecificData model;
  private final SpecificDatumWriter<T> writer;
  private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

  private AvroWireSerde(SchemaRegistryClient registry, Class<T> type, boolean forKey) {
    this.registry = registry;
    this.type = type;
    this.forKey = forKey;
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.writer = new SpecificDatumWriter<>(readerSchema, model);
  }

  /** A serde for record values of {@code type} (subject {@code <topic>-value}). */
  public static <T extends SpecificRecord> AvroWireSerde<T> forValues(
      SchemaRegistryClient registry, Class<T> type) {
    return new AvroWireSerde<>(registry, type, false);
  }

  /** The subject that this serde registers under for {@code topic}. */
  public String subject(String topic) {
    return topic + (forKey ? "-key" : "-value");
  }

  /** The Avro schema of the generated class. */
  public Schema schema() {
    return readerSchema;
  }

  /** Serializes one value; null stays null (a tombstone). */
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    int id = idByTopic.computeIfAbsent(topic, t -> registry.register(subject(t), readerSchema));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
    WireFormat.writeHeader(header, id);
    out.writeBytes(header.array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          "cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  /** Deserializes one wire-format payload; null stays null (a tombstone). */
  public T deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    int id = WireFormat.schemaId(payload);
    DatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                payload, WireFormat.HEADER_LENGTH, payload.length - WireFormat.HEADER_LENGTH, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          "cannot decode "
              + type.getSimpleName()
              + " with writer schema id "
              + id
              + " from topic "
              + topic
              + ": "
              + e,
          e);
    }
  }

  private DatumReader<T> readerFor(int writerSchemaId) {
    Schema writerSchema = registry.schemaById(writerSchemaId);
    return new SpecificDatumReader<>(writerSchema, readerSchema, model);
  }

  @Override
  public Serializer<T> serializer() {
    return this::serialize;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this::deserialize;
  }
}
