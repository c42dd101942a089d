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
    String keyText = keyText(key);
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

  /**
   * The key as compact JSON text, the form the version gate and the audit trail key by. A key in
   * the shape cdc-source writes for integer primary keys, {@code {"id":42}} or {@code
   * {"order_id":7,"line_no":2}} without white space, is that text already and is taken as it is:
   * parsing it into a tree and printing it again cost about a tenth of the raw decoding. Any other
   * key is parsed and printed, so both ways give the same text for every input.
   */
  static String keyText(byte[] key) {
    String compact = compactIntegerKey(key);
    return compact != null ? compact : parse(key, "key").toString();
  }

  /**
   * {@code key} as text when it is an object of up to eight distinct members, each a plain name and
   * an integer of at most 18 digits without sign or leading zero, with no white space; else null.
   */
  private static String compactIntegerKey(byte[] b) {
    int n = b.length;
    if (n < 7 || b[0] != '{' || b[n - 1] != '}') {
      return null;
    }
    int[] names = new int[16];
    int members = 0;
    int i = 1;
    while (true) {
      if (b[i] != '"' || members == 8) {
        return null;
      }
      int nameStart = ++i;
      if (!isNameStart(b[i])) {
        return null;
      }
      while (isNamePart(b[i])) {
        i++;
      }
      int nameEnd = i;
      if (b[i] != '"' || b[i + 1] != ':') {
        return null;
      }
      i += 2;
      int digits = i;
      if (b[i] == '0') {
        i++;
      } else {
        while (b[i] >= '0' && b[i] <= '9') {
          i++;
        }
      }
      if (i == digits || i - digits > 18 || b[digits] == '0' && i - digits > 1) {
        return null;
      }
      for (int m = 0; m < members; m++) {
        if (java.util.Arrays.equals(b, names[2 * m], names[2 * m + 1], b, nameStart, nameEnd)) {
          return null;
        }
      }
      names[2 * members] = nameStart;
      names[2 * members + 1] = nameEnd;
      members++;
      if (b[i] == '}') {
        return i == n - 1 ? new String(b, StandardCharsets.US_ASCII) : null;
      }
      if (b[i] != ',') {
        return null;
      }
      i++;
    }
  }

  private static boolean isNameStart(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean isNamePart(byte c) {
    return isNameStart(c) || c >= '0' && c <= '9';
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
