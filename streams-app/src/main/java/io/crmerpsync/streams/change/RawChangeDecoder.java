package io.crmerpsync.streams.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the raw change topics written by cdc-source: key and value are UTF-8 JSON, the value is
 * Debezium's envelope ({@code op, before, after, source, ts_ms, transaction}) plus a {@code
 * position} object built from the Connect source offset. Everything that does not fit raises a
 * {@link DecodeException} with a reason code, so that the caller can dead-letter it.
 */
public final class RawChangeDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Decodes one raw record. */
  public RawChange decode(byte[] key, byte[] value) {
    if (key == null) {
      throw new DecodeException("missing-key", "raw change has no key (primary key expected)");
    }
    if (value == null) {
      throw new DecodeException(
          "tombstone", "raw change has no value; raw topics carry no tombstones");
    }
    JsonNode envelope = parse(value, "value");
    String keyText = parse(key, "key").toString();
    Operation operation = Operation.fromCode(requiredText(envelope, "op"));
    JsonNode row = operation == Operation.DELETE ? envelope.get("before") : envelope.get("after");
    if (row == null || !row.isObject()) {
      throw new DecodeException(
          "invalid-envelope",
          "op '"
              + envelope.path("op").asText()
              + "' needs an object in '"
              + (operation == Operation.DELETE ? "before" : "after")
              + "'");
    }
    SourcePosition position = position(envelope);
    long commitTimeMs =
        envelope.path("source").path("ts_ms").asLong(envelope.path("ts_ms").asLong());
    JsonNode transaction = envelope.path("transaction").path("id");
    String transactionId = transaction.isTextual() ? transaction.asText() : null;
    JsonNode before =
        operation == Operation.UPDATE && envelope.path("before").isObject()
            ? envelope.get("before")
            : null;
    return new RawChange(keyText, operation, row, position, commitTimeMs, transactionId, before);
  }

  private static SourcePosition position(JsonNode envelope) {
    JsonNode position = envelope.get("position");
    if (position == null || !position.isObject()) {
      throw new DecodeException(
          "missing-position", "raw change has no 'position' object (is it from cdc-source?)");
    }
    if (position.has("lsn")) {
      return postgresPosition(position);
    }
    String file = requiredText(position, "file");
    JsonNode pos = position.get("pos");
    if (pos == null || !pos.canConvertToLong()) {
      throw new DecodeException("missing-position", "position has no numeric 'pos': " + position);
    }
    boolean snapshot = position.path("snapshot").asBoolean(false);
    // A streamed change is ordered by its transaction's GTID; a snapshot row by the GTID set at
    // which the snapshot was read (the offset's gtids), absent in raw changes of older versions.
    JsonNode gtid = position.get(snapshot ? "gtids" : "gtid");
    try {
      return SourcePosition.of(
          file,
          pos.asLong(),
          snapshot,
          position.path("event").asLong(0),
          position.path("row").asInt(0),
          gtid == null || gtid.isNull() ? null : gtid.asText());
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid-position", e.getMessage(), e);
    }
  }

  /**
   * A PostgreSQL source's position: logical decoding emits transactions in commit order, so the
   * order is (commit LSN, snapshot first, change LSN), kept in the pos and event parts.
   */
  private static SourcePosition postgresPosition(JsonNode position) {
    JsonNode lsn = position.get("lsn");
    JsonNode commit = position.get("lsn_commit");
    if (!lsn.canConvertToLong() || commit == null || !commit.canConvertToLong()) {
      throw new DecodeException(
          "missing-position", "PostgreSQL position needs numeric lsn and lsn_commit: " + position);
    }
    JsonNode tx = position.get("tx_id");
    try {
      return new SourcePosition(
          0,
          commit.asLong(),
          position.path("snapshot").asBoolean(false),
          lsn.asLong(),
          0,
          tx == null || tx.isNull() ? null : tx.asText());
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid-position", e.getMessage(), e);
    }
  }

  private static JsonNode parse(byte[] bytes, String what) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new DecodeException("undecodable-json", "raw change " + what + " is empty");
      }
      return node;
    } catch (IOException e) {
      String sample = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8);
      throw new DecodeException(
          "undecodable-json",
          "raw change "
              + what
              + " is not JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): "
              + sample,
          e);
    }
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new DecodeException("invalid-envelope", "raw change has no text field '" + field + "'");
    }
    return value.asText();
  }
}
