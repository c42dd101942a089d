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

  private CustomerGate(
      String source,
      String table,
      String store,
      String idColumn,
      boolean validateAsCrmRow,
      String sourceSystem,
      SyncMetrics metrics) {
    super(table, store, metrics, new Auditor(sourceSystem));
    this.source = source;
    this.table = table;
    this.idColumn = idColumn;
    this.validateAsCrmRow = validateAsCrmRow;
    this.sourceSystem = sourceSystem;
  }

  /** The gate of the CRM's customers table. */
  public static CustomerGate crm(String sourceSystem, SyncMetrics metrics) {
    return new CustomerGate(
        "crm",
        "customers",
        TopologyNames.CUSTOMER_POSITIONS_STORE,
        "id",
        true,
        sourceSystem,
        metrics);
  }

  /** The gate of the ERP's customer table, whose {@code idColumn} holds the CRM customer id. */
  public static CustomerGate erp(String table, String idColumn, SyncMetrics metrics) {
    return new CustomerGate(
        EmitSettings.ERP_SOURCE,
        table,
        TopologyNames.ERP_CUSTOMER_POSITIONS_STORE,
        idColumn,
        false,
        EmitSettings.ERP_SOURCE,
        metrics);
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    if (validateAsCrmRow) {
      CustomerMapper.toCanonical(change, sourceSystem);
    }
    long customerId = change.longColumn(idColumn);
    CustomerChange customerChange =
        new CustomerChange(
            source,
            table,
            change.key(),
            customerId,
            change.isDelete(),
            fields(change),
            changed(change),
            change.position().format(),
            change.commitTimeMs(),
            change.position().snapshot(),
            change.transactionId());
    context.forward(
        new Record<Object, Object>(Long.toString(customerId), customerChange, record.timestamp()),
        TopologyNames.CUSTOMER_CHANGES_SINK);
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
