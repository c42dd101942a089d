package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.cdc.config.CrmConnector;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium {@link SourceRecord} into the raw topic record of {@link RawChangeContract}:
 * schemaless JSON key and value, plus the {@code position} field on data changes.
 *
 * <p>Not thread-safe beyond what {@link JsonConverter} allows; the engine calls it from one thread.
 */
final class RawRecordConverter {

  private final JsonConverter keys = converter(true);
  private final JsonConverter values = converter(false);
  private final ObjectMapper mapper = new ObjectMapper();
  private final CrmConnector connector;
  private final LsnPosition.CommitOrder commitOrder = new LsnPosition.CommitOrder();

  RawRecordConverter(CrmConnector connector) {
    this.connector = connector;
  }

  ProducerRecord<byte[], byte[]> convert(SourceRecord record) {
    String topic = record.topic();
    byte[] key = keys.fromConnectData(topic, record.keySchema(), record.key());
    byte[] value = values.fromConnectData(topic, record.valueSchema(), record.value());
    if (isDataChange(record)) {
      value = withPosition(value, position(record));
    }
    return new ProducerRecord<>(topic, null, key, value);
  }

  /** Whether the record is a row change (Debezium envelope) rather than transaction metadata. */
  static boolean isDataChange(SourceRecord record) {
    return record.value() instanceof Struct value
        && value.schema().field(RawChangeContract.OP) != null
        && value.schema().field(RawChangeContract.SOURCE) != null;
  }

  // The two position kinds share no fields but snapshot and total_order: a binlog offset and a
  // WAL LSN do not compare, so each source kind writes its own.
  private ObjectNode position(SourceRecord record) {
    return connector.isPostgres()
        ? LsnPosition.of(record, commitOrder).toJson()
        : SourcePosition.of(record).toJson();
  }

  private byte[] withPosition(byte[] value, ObjectNode position) {
    try {
      ObjectNode envelope = (ObjectNode) mapper.readTree(value);
      envelope.set(RawChangeContract.POSITION, position);
      return mapper.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new DataException("cannot add the position to a change envelope", e);
    }
  }

  // replace.null.with.default=false: a NULL in a nullable column with a DEFAULT must stay NULL
  // (the converter would otherwise write the column default and corrupt the row image).
  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(
        Map.of("schemas.enable", "false", "replace.null.with.default", "false"), isKey);
    return converter;
  }
}
