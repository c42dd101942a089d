package io.crmerpsync.streams.order;

import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.dedup.GatedProcessor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Record;

/** Gates {@code orders} rows per order id and re-keys them onto the internal order-parts topic. */
public final class OrderHeaderGate extends GatedProcessor {
  public OrderHeaderGate(SyncMetrics metrics) {
    super("orders", TopologyNames.ORDER_POSITIONS_STORE, metrics);
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    OrderMapper.validateHeader(change.row());
    long orderId = change.longColumn("id");
    OrderPart part =
        new OrderPart(
            false,
            orderId,
            0,
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
