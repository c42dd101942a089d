package io.crmerpsync.streams.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds raw change records in cdc-source's format for topology tests. */
final class RawChanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawChanges() {}

  static byte[] key(long id) {
    return ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** A change with {@code op} (r, c, u, d) of {@code row} at binlog position {@code pos}. */
  static byte[] change(String op, Map<String, Object> row, long pos, int event) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("op", op);
    ObjectNode image = JSON.valueToTree(row);
    ObjectNode previous = image.deepCopy();
    if (previous.has("city")) {
      previous.put("city", "Before-" + previous.get("city").asText());
    }
    envelope.set("before", op.equals("d") ? image : op.equals("u") ? previous : null);
    envelope.set("after", op.equals("d") ? null : image);
    ObjectNode source = envelope.putObject("source");
    source.put("ts_ms", 1_700_000_000_000L + pos);
    source.put("db", "sales");
    ObjectNode position = envelope.putObject("position");
    position.put("file", "mysql-bin.000001");
    position.put("pos", pos);
    position.put("event", event);
    position.put("row", 0);
    position.put("snapshot", op.equals("r"));
    position.put("gtid", op.equals("r") ? null : transactionId(pos));
    if (op.equals("r")) {
      envelope.putNull("transaction");
    } else {
      ObjectNode transaction = envelope.putObject("transaction");
      transaction.put("id", transactionId(pos));
      transaction.put("total_order", event);
      transaction.put("data_collection_order", event);
    }
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An update of a CRM row from {@code before} to {@code after} at binlog position {@code pos}. */
  static byte[] update(Map<String, Object> before, Map<String, Object> after, long pos) {
    ObjectNode envelope = (ObjectNode) readTree(change("u", after, pos, 1));
    envelope.set("before", JSON.valueToTree(before));
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A change of the ERP's customer table as captured from PostgreSQL (LSN positions). */
  static byte[] erpChange(
      String op, Map<String, Object> before, Map<String, Object> after, long commitLsn) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("op", op);
    envelope.set("before", before == null ? null : JSON.valueToTree(before));
    envelope.set("after", after == null ? null : JSON.valueToTree(after));
    ObjectNode source = envelope.putObject("source");
    source.put("ts_ms", 1_700_000_000_000L + commitLsn);
    ObjectNode position = envelope.putObject("position");
    position.put("lsn", commitLsn - 1);
    position.put("lsn_commit", commitLsn);
    position.put("tx_id", "tx" + commitLsn);
    position.put("snapshot", false);
    ObjectNode transaction = envelope.putObject("transaction");
    transaction.put("id", "tx" + commitLsn + ":" + commitLsn);
    transaction.put("total_order", 1);
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The id of the transaction starting at binlog position {@code pos} (a GTID). */
  static String transactionId(long pos) {
    return "0-1-" + pos;
  }

  static byte[] transactionKey(long pos) {
    return ("{\"id\":\"" + transactionId(pos) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** The END marker of the transaction at {@code pos} that changed these many rows. */
  static byte[] end(long pos, int customers, int orders, int lines) {
    ObjectNode marker = JSON.createObjectNode();
    marker.put("status", "END");
    marker.put("id", transactionId(pos));
    marker.put("event_count", customers + orders + lines);
    var collections = marker.putArray("data_collections");
    if (customers > 0) {
      collections
          .addObject()
          .put("data_collection", "sales.customers")
          .put("event_count", customers);
    }
    if (orders > 0) {
      collections.addObject().put("data_collection", "sales.orders").put("event_count", orders);
    }
    if (lines > 0) {
      collections.addObject().put("data_collection", "sales.order_lines").put("event_count", lines);
    }
    return marker.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The BEGIN + END with event_count 0 that Debezium sends again on every restart. */
  static byte[] emptyEnd(long pos) {
    return ("{\"status\":\"END\",\"id\":\""
            + transactionId(pos)
            + "\",\"event_count\":0,"
            + "\"data_collections\":[]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> customer(long id, String city) {
    return Map.ofEntries(
        Map.entry("id", id),
        Map.entry("first_name", "Ada"),
        Map.entry("last_name", "Lovelace"),
        Map.entry("email", "ada" + id + "@example.com"),
        Map.entry("city", city),
        Map.entry("country_code", "GB"),
        Map.entry("credit_limit", "1500.00"),
        Map.entry("payment_terms_days", 30),
        Map.entry("status", "ACTIVE"),
        Map.entry("created_at", 1_700_000_000_000L),
        Map.entry("updated_at", 1_700_000_000_000L));
  }

  static Map<String, Object> order(long id, long customerId, String status) {
    return Map.ofEntries(
        Map.entry("id", id),
        Map.entry("order_number", "SO-" + id),
        Map.entry("customer_id", customerId),
        Map.entry("status", status),
        Map.entry("currency", "EUR"),
        Map.entry("total_amount", "99.90"),
        Map.entry("ordered_at", 1_700_000_000_000L),
        Map.entry("created_at", 1_700_000_000_000L),
        Map.entry("updated_at", 1_700_000_000_000L));
  }

  static Map<String, Object> line(long id, long orderId, int lineNo) {
    return Map.of(
        "id",
        id,
        "order_id",
        orderId,
        "line_no",
        lineNo,
        "sku",
        "SKU-" + lineNo,
        "quantity",
        "2.000",
        "unit_price",
        "9.99");
  }
}
