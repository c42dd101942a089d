package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.schemas.canonical.OrderStatus;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.change.Operation;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.dedup.GatedProcessor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.OrderNodes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Gates the rows of the ERP's order table (captured from the ERP's database) per row key and sends
 * the order fields each change really changed (before and after images compared) to the order's
 * assembler, by the order's source system and reference as the sink wrote them into {@code
 * order_iface}. Rows of orders that no CRM database sent (entered in the ERP) are counted and left
 * alone; so is a deleted ERP row: the ERP dropping its copy does not delete the CRM's order.
 */
public final class ErpOrderGate extends GatedProcessor {
  /** Why a row is left alone, as the dropped-changes metric counts it. */
  public static final String NOT_A_CRM_ORDER = "not-a-crm-order";

  private final EmitSettings.ErpOrderSource erp;
  private final Map<String, OrderNodes> bySystem;
  private final SyncMetrics metrics;

  /**
   * The gate of {@code erp}'s rows, routing each to the order sub-topology in {@code bySystem} of
   * the row's source system.
   */
  public ErpOrderGate(
      EmitSettings.ErpOrderSource erp,
      Map<String, OrderNodes> bySystem,
      String store,
      SyncMetrics metrics) {
    super(erp.table(), store, metrics, new Auditor(EmitSettings.ERP_SOURCE));
    this.erp = erp;
    this.bySystem = Map.copyOf(bySystem);
    this.metrics = metrics;
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    if (change.isDelete()) {
      return;
    }
    JsonNode row = change.row();
    String system = text(row, erp.sourceSystemColumn());
    OrderNodes nodes = system == null ? null : bySystem.get(system);
    if (nodes == null) {
      metrics.dropped(erp.table(), NOT_A_CRM_ORDER);
      return;
    }
    String ref = text(row, erp.sourceRefColumn());
    long orderId;
    try {
      orderId = Long.parseLong(ref == null ? "" : ref);
    } catch (NumberFormatException e) {
      throw new DecodeException(
          "invalid-row",
          "column '"
              + erp.sourceRefColumn()
              + "' of the ERP's "
              + erp.table()
              + " row is not an order id of "
              + system
              + ": '"
              + ref
              + "'");
    }
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    Set<String> changed = new TreeSet<>();
    JsonNode before = change.operation() == Operation.UPDATE ? change.before() : null;
    for (String field : OrderFields.ALL) {
      JsonNode value = normalised(field, row.get(field));
      if (value == null) {
        // Not set by the ERP (e.g. no status before the order ships): nothing to settle.
        continue;
      }
      boolean altered = before == null || !value.equals(normalised(field, before.get(field)));
      if (field.equals("status")) {
        if (!altered) {
          // Unchanged: not settled again, so a word the pipeline does not know stops nothing.
          continue;
        }
        value = status(value, system, ref);
      }
      fields.set(field, value);
      if (altered) {
        changed.add(field);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    OrderPart part =
        OrderPart.fromErp(
            EmitSettings.ERP_SOURCE,
            orderId,
            fields,
            before == null ? null : changed,
            change.position().format(),
            change.commitTimeMs(),
            change.position().snapshot());
    forwardOnward(
        new Record<Object, Object>(
            Long.toString(orderId),
            new OrderPartBatch(orderId, null, List.of(part)),
            record.timestamp()),
        nodes.partsTarget());
  }

  /**
   * The ERP's status as the canonical order knows it ({@link OrderStatus}, case-insensitive), or a
   * decode failure naming it: an unknown word would become UNKNOWN in the canonical order and in
   * commands, so it is dead-lettered with the reason instead.
   */
  private JsonNode status(JsonNode value, String system, String ref) {
    String word = value.asText();
    for (OrderStatus known : OrderStatus.values()) {
      if (known != OrderStatus.UNKNOWN && known.name().equals(word)) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(word);
      }
    }
    throw new DecodeException(
        "invalid-row",
        "status '"
            + value.asText()
            + "' of the ERP's "
            + erp.table()
            + " row of order "
            + system
            + ":"
            + ref
            + " is not an order status the pipeline knows "
            + java.util.Arrays.stream(OrderStatus.values())
                .filter(known -> known != OrderStatus.UNKNOWN)
                .toList());
  }

  /**
   * A column's value as it is compared and settled: null for SQL NULL, the status trimmed and
   * upper-cased (so {@code shipped} and {@code SHIPPED } are one value, in the before image too).
   */
  private static JsonNode normalised(String field, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return field.equals("status")
        ? com.fasterxml.jackson.databind.node.TextNode.valueOf(
            value.asText().strip().toUpperCase(java.util.Locale.ROOT))
        : value;
  }

  private static String text(JsonNode row, String column) {
    JsonNode value = row.get(column);
    return value == null || value.isNull() ? null : value.asText();
  }
}
