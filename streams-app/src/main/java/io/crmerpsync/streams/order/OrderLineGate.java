package io.crmerpsync.streams.order;

import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.dedup.GatedProcessor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Gates {@code order_lines} rows per line id and re-keys them by order id onto the internal
 * order-parts topic, so that each order meets its lines in one task.
 *
 * <p>Limit: a line moved to another order by an update is not removed from the first order.
 */
public final class OrderLineGate extends GatedProcessor {

  public OrderLineGate(SyncMetrics metrics) {
    super("order_lines", TopologyNames.ORDER_LINE_POSITIONS_STORE, metrics);
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    OrderMapper.toLine(change.row());
    long orderId = change.longColumn("order_id");
    OrderPart part =
        new OrderPart(
            true,
            orderId,
            change.longColumn("id"),
            change.isDelete(),
            change.row(),
            change.position().format(),
            change.commitTimeMs(),
            change.position().snapshot());
    context.forward(
        new Record<Object, Object>(Long.toString(orderId), part, record.timestamp()),
        TopologyNames.ORDER_PARTS_SINK);
  }
}
