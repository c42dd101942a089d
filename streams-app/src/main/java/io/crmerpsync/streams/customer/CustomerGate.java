package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.Operation;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.dedup.GatedProcessor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.TopologyNames;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Gates one source's customer rows per row key and passes the fields each change really changed (an
 * update's before and after images compared) to the golden record, keyed by customer id. Passing
 * only changed fields matters: a CRM edit of the city must not count as the CRM setting the
 * ERP-owned credit limit again.
 */
public final class CustomerGate extends GatedProcessor {
  private final String source;
  private final String table;
  private final String idColumn;
  private final boolean validateAsCrmRow;
  private final String sourceSystem;
  private final String matchColumn;
  private final String changesTarget;

  private CustomerGate(
      String source,
      String table,
      String store,
      String idColumn,
      boolean validateAsCrmRow,
      String sourceSystem,
      String matchColumn,
      String changesTarget,
      SyncMetrics metrics) {
    super(table, store, metrics, new Auditor(sourceSystem));
    this.matchColumn = matchColumn;
    this.changesTarget = changesTarget;
    this.source = source;
    this.table = table;
    this.idColumn = idColumn;
    this.validateAsCrmRow = validateAsCrmRow;
    this.sourceSystem = sourceSystem;
  }

  /**
   * The gate of a CRM database's customers table: {@code source} is its name in the mapping file,
   * {@code matchColumn} the business key that identifies a customer across CRM databases (null: the
   * CRM id). Each source keeps its positions in its own store. Changes go to the node {@code
   * changesTarget}: the sink of the re-keyed customer-changes topic, or the golden record itself.
   */
  public static CustomerGate crm(
      String source,
      String sourceSystem,
      String matchColumn,
      String changesTarget,
      SyncMetrics metrics) {
    // Another CRM database's rows are audited and counted under <source>.customers, so that the
    // trails of two databases' rows with the same id stay apart.
    return new CustomerGate(
        source,
        EmitSettings.CRM_SOURCE.equals(source) ? "customers" : source + ".customers",
        TopologyNames.customerPositionsStore(source),
        "id",
        true,
        sourceSystem,
        matchColumn,
        changesTarget,
        metrics);
  }

  /**
   * The gate of the ERP's customer table, whose {@code idColumn} holds the customer key the ERP
   * knows the customer by (the CRM id, or the business key with several CRM databases); changes go
   * to the node {@code changesTarget}.
   */
  public static CustomerGate erp(
      String table, String idColumn, String changesTarget, SyncMetrics metrics) {
    return new CustomerGate(
        EmitSettings.ERP_SOURCE,
        table,
        TopologyNames.ERP_CUSTOMER_POSITIONS_STORE,
        idColumn,
        false,
        EmitSettings.ERP_SOURCE,
        null,
        changesTarget,
        metrics);
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    onApplied(record, change, version, null);
  }

  /**
   * Forwards the change to its customer. With a business key, the gate keeps the key each row last
   * matched (its tag): a row whose key differs from it leaves that customer and joins the other,
   * whether the change is an update (the before image shows it too) or a snapshot row after a
   * re-snapshot, which has no before image. A deleted row keeps no tag.
   */
  @Override
  protected String onApplied(
      Record<byte[], byte[]> record, RawChange change, long version, String previousKey) {
    if (validateAsCrmRow) {
      CustomerMapper.toCanonical(change, sourceSystem);
    }
    Long rowId = validateAsCrmRow ? change.longColumn(idColumn) : null;
    String key = keyOf(change.row());
    if (matchColumn == null) {
      forward(record, key, change, rowId, change.isDelete(), fields(change), changed(change));
      return null;
    }
    String before = previousKey;
    if (before == null && change.operation() == Operation.UPDATE && change.before() != null) {
      // Rows last applied before the gate kept business keys: the before image tells.
      before = businessKey(change.before(), false);
    }
    if (before != null && !before.equals(key)) {
      // The business key changed: the row leaves the customer it matched and joins another.
      forward(record, before, change, rowId, true, Map.of(), java.util.Set.of());
      if (change.isDelete()) {
        return null;
      }
      forward(record, key, change, rowId, false, fields(change), fields(change).keySet());
      return key;
    }
    forward(record, key, change, rowId, change.isDelete(), fields(change), changed(change));
    return change.isDelete() ? null : key;
  }

  private void forward(
      Record<byte[], byte[]> record,
      String key,
      RawChange change,
      Long rowId,
      boolean deleted,
      Map<String, JsonNode> fields,
      java.util.Set<String> changed) {
    CustomerChange customerChange =
        new CustomerChange(
            source,
            table,
            change.key(),
            key,
            rowId,
            deleted,
            fields,
            changed,
            change.position().format(),
            change.commitTimeMs(),
            change.position().snapshot(),
            change.transactionId());
    forwardOnward(
        new Record<Object, Object>(key, customerChange, record.timestamp()), changesTarget);
  }

  /** The customer key of a row: its id column, or the business key across CRM databases. */
  private String keyOf(JsonNode row) {
    if (matchColumn != null) {
      return businessKey(row, true);
    }
    JsonNode id = row.get(idColumn);
    if (id == null || id.isNull() || !(id.isIntegralNumber() || id.isTextual())) {
      throw new io.crmerpsync.streams.change.DecodeException(
          "invalid-row", "column '" + idColumn + "' is missing or not an id in " + row);
    }
    return id.asText();
  }

  /**
   * The business key of a row: the match column's value, trimmed and lower-cased, so that {@code
   * Ada@Example.com } in one CRM and {@code ada@example.com} in another are one customer.
   */
  private String businessKey(JsonNode row, boolean required) {
    JsonNode value = row.get(matchColumn);
    String key =
        value == null || value.isNull()
            ? ""
            : value.asText().strip().toLowerCase(java.util.Locale.ROOT);
    if (key.isEmpty() && required) {
      throw new io.crmerpsync.streams.change.DecodeException(
          "missing-business-key",
          "customer row of "
              + source
              + " has no "
              + matchColumn
              + ", the business key that matches customers across CRM databases"
              + " (sync.customers.match.column): "
              + row);
    }
    return key.isEmpty() ? null : key;
  }

  private static Map<String, JsonNode> fields(RawChange change) {
    Map<String, JsonNode> fields = new TreeMap<>();
    for (String field : CustomerFields.POLICY_FIELDS) {
      JsonNode value = change.row().get(field);
      if (value != null) {
        fields.put(field, value);
      }
    }
    return fields;
  }

  private static java.util.Set<String> changed(RawChange change) {
    java.util.Set<String> changed = new java.util.TreeSet<>();
    JsonNode before = change.operation() == Operation.UPDATE ? change.before() : null;
    for (String field : CustomerFields.POLICY_FIELDS) {
      JsonNode value = change.row().get(field);
      if (value != null && (before == null || !value.equals(before.get(field)))) {
        changed.add(field);
      }
    }
    return changed;
  }
}
