package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.cdc.config.CrmConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium {@link SourceRecord} into the raw topic record of {@link RawChangeContract}:
 * schemaless JSON key and value, plus the {@code position} field on data changes. Key and value are
 * the bytes Kafka's {@link JsonConverter} writes; {@link ConnectJsonWriter} writes them without the
 * converter's tree, the position included, and leaves what it does not write to the converter.
 *
 * <p>Not thread-safe; the engine calls it from one thread.
 */
final class RawRecordConverter {

  private final JsonConverter keys = converter(true);
  private final JsonConverter values = converter(false);
  private final ObjectMapper mapper = new ObjectMapper();
  private final ConnectJsonWriter writer = new ConnectJsonWriter();
  private final CrmConnector connector;
  private final LsnPosition.CommitOrder commitOrder = new LsnPosition.CommitOrder();

  RawRecordConverter(CrmConnector connector) {
    this.connector = connector;
  }

  ProducerRecord<byte[], byte[]> convert(SourceRecord record) {
    String topic = record.topic();
    byte[] key = json(keys, topic, record.keySchema(), record.key(), null);
    RawPosition position = isDataChange(record) ? position(record) : null;
    byte[] value = json(values, topic, record.valueSchema(), record.value(), position);
    return new ProducerRecord<>(topic, null, key, value);
  }

  private byte[] json(
      JsonConverter converter, String topic, Schema schema, Object value, RawPosition position) {
    try {
      return writer.write(schema, value, position);
    } catch (ConnectJsonWriter.NotWritten notWritten) {
      byte[] bytes = converter.fromConnectData(topic, schema, value);
      return position == null ? bytes : withPosition(mapper, bytes, position);
    }
  }

  /**
   * Takes note of a change that is not written: what the position of later changes depends on (the
   * PostgreSQL commit order of this run) moves on as if it had been converted.
   */
  void skipped(SourceRecord record) {
    if (connector.isPostgres() && isDataChange(record)) {
      position(record);
    }
  }

  /** The name of the value schema of Debezium's heartbeat records. */
  static final String HEARTBEAT_SCHEMA = "io.debezium.connector.common.Heartbeat";

  /** Whether the record is a Debezium heartbeat: a position to store, no change to write. */
  static boolean isHeartbeat(SourceRecord record) {
    return record.valueSchema() != null && HEARTBEAT_SCHEMA.equals(record.valueSchema().name());
  }

  /** Whether the record is a row change (Debezium envelope) rather than transaction metadata. */
  static boolean isDataChange(SourceRecord record) {
    return record.value() instanceof Struct value
        && value.schema().field(RawChangeContract.OP) != null
        && value.schema().field(RawChangeContract.SOURCE) != null;
  }

  // The two position kinds share no fields but snapshot and total_order: a binlog offset and a
  // WAL LSN do not compare, so each source kind writes its own.
  private RawPosition position(SourceRecord record) {
    return connector.isPostgres() ? LsnPosition.of(record, commitOrder) : SourcePosition.of(record);
  }

  /**
   * The envelope with {@code "position":{...}} added as its last member, for an envelope the {@link
   * JsonConverter} wrote. It writes one compact JSON object, so the member is spliced in before its
   * closing brace rather than parsing the whole change and writing it again; the bytes are the same
   * as the parsed-and-rewritten ones.
   */
  static byte[] withPosition(ObjectMapper mapper, byte[] value, RawPosition position) {
    int close = value.length - 1;
    while (close > 0 && Character.isWhitespace(value[close])) {
      close--;
    }
    if (value.length < 2 || value[0] != '{' || value[close] != '}') {
      throw new DataException(
          "cannot add the position to a change envelope that is not a JSON object ("
              + value.length
              + " bytes)");
    }
    byte[] member;
    try (ByteArrayBuilder bytes = new ByteArrayBuilder();
        JsonGenerator json = mapper.getFactory().createGenerator(bytes)) {
      json.writeStartObject();
      position.writeMembers(json);
      json.writeEndObject();
      json.flush();
      member = bytes.toByteArray();
    } catch (IOException e) {
      throw new DataException("cannot write the position of a change", e);
    }
    boolean empty = isEmptyObject(value, close);
    byte[] name =
        ((empty ? "" : ",") + "\"" + RawChangeContract.POSITION + "\":")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[close + name.length + member.length + 1];
    System.arraycopy(value, 0, out, 0, close);
    System.arraycopy(name, 0, out, close, name.length);
    System.arraycopy(member, 0, out, close + name.length, member.length);
    out[out.length - 1] = '}';
    return out;
  }

  private static boolean isEmptyObject(byte[] value, int close) {
    for (int i = 1; i < close; i++) {
      if (!Character.isWhitespace(value[i])) {
        return false;
      }
    }
    return true;
  }

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(
        Map.of("schemas.enable", "false", "replace.null.with.default", "false"), isKey);
    return converter;
  }
}
