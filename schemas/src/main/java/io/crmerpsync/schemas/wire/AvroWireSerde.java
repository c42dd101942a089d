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
  // One output buffer and buffered encoder per thread, reused for every value it serializes: a
  // stream thread encodes three to four values per change (decision 9).
  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  /** A thread's reusable buffer and encoder. */
  private static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    BinaryEncoder encoder;
  }

  private final SchemaRegistryClient registry;
  private final Class<T> type;
  private final Schema readerSchema;
  private final boolean forKey;
  private final SpecificData model;
  private final SpecificDatumWriter<T> writer;
  private final Map<String, byte[]> headerByTopic = new ConcurrentHashMap<>();
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
    return forKey ? topic + "-key" : valueSubject(topic);
  }

  /** The subject of {@code topic}'s values under Confluent's topic-name strategy. */
  public static String valueSubject(String topic) {
    return topic + "-value";
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
    byte[] header = headerByTopic.computeIfAbsent(topic, this::header);
    Output output = OUTPUT.get();
    // Configuring the encoder first flushes what a failed call may have left in it; the reset
    // then drops that too.
    output.encoder = EncoderFactory.get().binaryEncoder(output.bytes, output.encoder);
    output.bytes.reset();
    output.bytes.writeBytes(header);
    try {
      writer.write(value, output.encoder);
      output.encoder.flush();
    } catch (IOException | RuntimeException e) {
      output.encoder = null;
      throw new WireFormatException(
          "cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
    return output.bytes.toByteArray();
  }

  private byte[] header(String topic) {
    ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
    WireFormat.writeHeader(header, registry.register(subject(topic), readerSchema));
    return header.array();
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
