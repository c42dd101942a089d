package io.crmerpsync.streams.order;

import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.dedup.GatedProcessor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Gates {@code orders} or {@code order_lines} rows per row key. A change inside a source
 * transaction goes to transaction assembly (keyed by transaction id), applied or not, so that the
 * transaction can be counted complete; a snapshot row (no transaction) goes straight to the order
 * assembler as a batch of one.
 */
public final class OrderGate extends GatedProcessor {
  private final boolean lines;

  private final io.crmerpsync.streams.topology.OrderNodes nodes;

  private OrderGate(
      String table,
      String store,
      boolean lines,
      io.crmerpsync.streams.topology.OrderNodes nodes,
      SyncMetrics metrics,
      Auditor auditor) {
    super(table, store, metrics, auditor);
    this.lines = lines;
    this.nodes = nodes;
  }

  /** The gate of order headers of the CRM database that {@code nodes} name. */
  public static OrderGate headers(
      io.crmerpsync.streams.topology.OrderNodes nodes, SyncMetrics metrics, Auditor auditor) {
    return new OrderGate(
        nodes.table("orders"), nodes.positionsStore(), false, nodes, metrics, auditor);
  }

  /** The gate of order lines of the CRM database that {@code nodes} name. */
  public static OrderGate lines(
      io.crmerpsync.streams.topology.OrderNodes nodes, SyncMetrics metrics, Auditor auditor) {
    return new OrderGate(
        nodes.table("order_lines"), nodes.linePositionsStore(), true, nodes, metrics, auditor);
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    if (lines) {
      OrderMapper.toLine(change.row());
    } else {
      OrderMapper.validateHeader(change.row());
    }
    route(record, part(change, true));
  }

  @Override
  protected void onNotApplied(Record<byte[], byte[]> record, RawChange change) {
    if (change.transactionId() != null) {
      route(record, part(change, false));
    }
  }

  private OrderPart part(RawChange change, boolean applied) {
    long orderId;
    long lineId;
    try {
      orderId = change.longColumn(lines ? "order_id" : "id");
      lineId = lines ? change.longColumn("id") : 0;
    } catch (RuntimeException unusable) {
      // Counted only: the transaction needs to know the change existed, not what it held.
      orderId = -1;
      lineId = -1;
    }
    return new OrderPart(
        lines,
        orderId,
        lineId,
        change.isDelete(),
        applied ? change.row() : null,
        change.position().format(),
        change.commitTimeMs(),
        change.position().snapshot(),
        change.transactionId(),
        applied,
        null,
        lines || !applied ? null : changedFields(change));
  }

  /**
   * The policy fields an update of a header really changed (before and after images compared), or
   * null (every field) for an insert or a snapshot row, which have no before image.
   */
  private static java.util.Set<String> changedFields(RawChange change) {
    if (change.operation() != io.crmerpsync.streams.change.Operation.UPDATE
        || change.before() == null) {
      return null;
    }
    java.util.Set<String> changed = new java.util.TreeSet<>();
    for (String field : OrderFields.ALL) {
      com.fasterxml.jackson.databind.JsonNode value = change.row().get(field);
      if (value != null && !value.equals(change.before().get(field))) {
        changed.add(field);
      }
    }
    return changed;
  }

  private void route(Record<byte[], byte[]> record, OrderPart part) {
    if (part.transactionId() != null) {
      forwardOnward(
          new Record<Object, Object>(
              part.transactionId(), OrderTransactionItem.ofPart(part), record.timestamp()),
          nodes.transactionsTarget());
    } else if (part.applied()) {
      forwardOnward(
          new Record<Object, Object>(
              Long.toString(part.orderId()),
              new OrderPartBatch(part.orderId(), null, List.of(part)),
              record.timestamp()),
          nodes.partsTarget());
    }
  }
}
