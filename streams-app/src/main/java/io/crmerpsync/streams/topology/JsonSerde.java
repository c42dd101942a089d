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
}
