package io.crmerpsync.streams.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for the values people read in a console consumer: conflicts, conflict resolutions,
 * incomplete transactions, dead-lettered order parts. Values only this application reads use the
 * binary {@link InternalSerde}; data teams' topics use Avro.
 */
public final class JsonSerde<T> implements Serde<T> {
  // Unknown fields are ignored so that values written by a newer version still read after a
  // rollback; the settings are InternalSerde's, only the written format differs.
  private final Serde<T> json;

  public JsonSerde(Class<T> type) {
    this.json = InternalSerde.writingJson(type);
  }

  @Override
  public Serializer<T> serializer() {
    return json.serializer();
  }

  @Override
  public Deserializer<T> deserializer() {
    return json.deserializer();
  }

  /**
   * An operator's record ({@code what}, e.g. "resync request") read from {@code topic}, or null
   * after {@code refuse} was told why it cannot be read: an operator's typo must not stop the
   * application.
   */
  public T readOrRefuse(
      String topic, byte[] bytes, String what, java.util.function.Consumer<String> refuse) {
    T value;
    try {
      value = deserializer().deserialize(topic, bytes);
    } catch (org.apache.kafka.common.errors.SerializationException e) {
      refuse.accept("unreadable " + what + ": " + e.getMessage());
      return null;
    }
    if (value == null) {
      refuse.accept("empty " + what + " (null value)");
    }
    return value;
  }
}
