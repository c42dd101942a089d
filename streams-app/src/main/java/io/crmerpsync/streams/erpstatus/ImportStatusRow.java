package io.crmerpsync.streams.erpstatus;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.streams.change.DecodeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of one interface-table row (customer_iface, order_iface) that the status report
 * needs, read from the captured row image. Column names are the interface tables' (see
 * docs/erp-interface-tables.md); any other column is ignored.
 *
 * @param processStatus upper case, e.g. {@code SUCCESS}
 * @param crmCommitTimeMs the row's {@code source_commit_time}, if it holds one
 */
record ImportStatusRow(
    String sourceSystem,
    String sourceRef,
    long version,
    String processStatus,
    String errorCode,
    String errorMessage,
    String batchId,
    String action,
    String idempotencyKey,
    Optional<Long> crmCommitTimeMs) {

  /** The status the sink writes with every version it applies; not a report of the importer. */
  static final String PENDING = "PENDING";

  /**
   * Reads the row image of a change.
   *
   * @throws DecodeException when a column the report needs is missing or has the wrong type
   */
  static ImportStatusRow of(JsonNode row) {
    return new ImportStatusRow(
        requiredText(row, "source_system"),
        requiredText(row, "source_ref"),
        requiredLong(row, "source_version"),
        requiredText(row, "process_status").trim().toUpperCase(Locale.ROOT),
        optionalText(row, "error_code"),
        optionalText(row, "error_message"),
        optionalText(row, "batch_id"),
        optionalText(row, "action"),
        optionalText(row, "idempotency_key"),
        instant(row, "source_commit_time"));
  }

  /** Only the key columns, which every captured delete carries (the before image of the key). */
  static String storeKey(JsonNode row, ImportEntity entity) {
    return storeKey(requiredText(row, "source_system"), entity, requiredText(row, "source_ref"));
  }

  String storeKey(ImportEntity entity) {
    return storeKey(sourceSystem, entity, sourceRef);
  }

  private static String storeKey(String sourceSystem, ImportEntity entity, String sourceRef) {
    return sourceSystem + ":" + entity.label() + ":" + sourceRef;
  }

  boolean isPending() {
    return PENDING.equals(processStatus);
  }

  private static String requiredText(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || !value.isTextual()) {
      throw new DecodeException(
          "invalid-row",
          "interface row has no text column '"
              + column
              + "' (is it an ERP interface table? if the ERP capture sets crm.columns.include,"
              + " does it keep this column?)");
    }
    return value.asText();
  }

  private static long requiredLong(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || !value.canConvertToLong()) {
      throw new DecodeException(
          "invalid-row", "interface row has no integer column '" + column + "': " + value);
    }
    return value.asLong();
  }

  private static String optionalText(JsonNode row, String column) {
    JsonNode value = row.get(column);
    return value == null || value.isNull() ? null : value.asText();
  }

  /**
   * A timestamp column: PostgreSQL's TIMESTAMPTZ arrives as ISO-8601 text (Debezium's
   * ZonedTimestamp), MariaDB's DATETIME(3) as epoch milliseconds.
   */
  private static Optional<Long> instant(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.canConvertToLong()) {
      return Optional.of(value.asLong());
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.asText()).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      throw new DecodeException(
          "invalid-row",
          "interface row column '" + column + "' is not a timestamp: " + value.asText(),
          e);
    }
  }
}
