package io.crmerpsync.streams.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for the values only this application reads: state-store entries and the internal re-keyed
 * topics. It writes Jackson's binary JSON (Smile) and reads both Smile and plain JSON, so stores
 * and internal topics written by a version that used JSON still read after an upgrade.
 *
 * <p>Smile keeps JSON's data model, so the evolution rules stay those of {@link JsonSerde}: an
 * unknown property is ignored (state written by a newer version still reads after a rollback), a
 * missing one is null. Field names are written once per value and back-referenced, and numbers are
 * binary; see docs/decisions/0009-streams-hot-path.md for what that bought.
 *
 * <p>Topics that operators read (conflicts, incomplete transactions) stay plain JSON.
 */
public final class InternalSerde<T> implements Serde<T> {
  private static final ObjectMapper SMILE =
      configure(
          new ObjectMapper(
              SmileFactory.builder()
                  .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
                  .build()));
  private static final ObjectMapper JSON = configure(new ObjectMapper());

  /** The first byte of every Smile document (its header is ":)\n"); no JSON value starts so. */
  private static final byte SMILE_HEADER_FIRST_BYTE = ':';

  private final Class<T> type;
  private final ObjectWriter writer;
  private final ObjectReader smileReader;
  private final ObjectReader jsonReader;

  /** Writes Smile; reads Smile and JSON. */
  public InternalSerde(Class<T> type) {
    this(type, SMILE);
  }

  private InternalSerde(Class<T> type, ObjectMapper writing) {
    this.type = type;
    this.writer = writing.writerFor(type);
    this.smileReader = SMILE.readerFor(type);
    this.jsonReader = JSON.readerFor(type);
  }

  /** Writes plain JSON (for topics people read); reads JSON and Smile. */
  static <T> InternalSerde<T> writingJson(Class<T> type) {
    return new InternalSerde<>(type, JSON);
  }

  /**
   * Unknown properties are ignored. Numbers read back as the raw-change decoder reads them (so a
   * stored field compares equal to the same field in a new change); DECIMAL columns arrive as text
   * (Debezium's decimal.handling.mode=string) and keep every digit.
   */
  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new BlackbirdModule())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return writer.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException("cannot write " + type.getSimpleName(), e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ObjectReader reader =
            bytes.length > 0 && bytes[0] == SMILE_HEADER_FIRST_BYTE ? smileReader : jsonReader;
        return reader.readValue(bytes);
      } catch (IOException e) {
        throw new SerializationException(
            "cannot read " + type.getSimpleName() + (topic == null ? "" : " on " + topic), e);
      }
    };
  }
}
