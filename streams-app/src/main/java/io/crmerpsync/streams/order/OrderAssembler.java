package io.crmerpsync.streams.order;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assembles an order from its header and lines and emits, after every applied part, the whole
 * order: the canonical order (a tombstone once deleted) and one ERP command carrying header and all
 * current lines, so the ERP never takes lines one by one.
 *
 * <p>Parts of an order whose header has not arrived yet are kept and emitted with the header.
 */
public final class OrderAssembler implements Processor<String, OrderPart, Object, Object> {
  private final EmitSettings settings;
  private final SyncMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, OrderAggregate> aggregates;

  public OrderAssembler(EmitSettings settings, SyncMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.aggregates = context.getStateStore(TopologyNames.ORDER_AGGREGATES_STORE);
  }

  @Override
  public void process(Record<String, OrderPart> record) {
    OrderAggregate before = aggregates.get(record.key());
    if (before == null) {
      before = OrderAggregate.empty();
    }
    OrderAggregate after = before.apply(record.value());
    aggregates.put(record.key(), after);
    if (after.header() == null || (before.deleted() && after.deleted())) {
      return;
    }
    Order order = OrderMapper.toCanonical(after, settings.sourceSystem());
    ErpAction action = after.deleted() ? settings.orderDeleteAction() : ErpAction.UPSERT;
    context.forward(
        new Record<Object, Object>(
            record.key(), after.deleted() ? null : order, record.timestamp()),
        TopologyNames.CANONICAL_ORDERS_SINK);
    metrics.emitted(Topics.CANONICAL_ORDERS);
    context.forward(
        new Record<Object, Object>(
            record.key(),
            OrderMapper.toCommand(order, action, after.version(), settings.sourceSystem()),
            record.timestamp()),
        TopologyNames.ORDER_COMMANDS_SINK);
    metrics.emitted(Topics.ERP_COMMANDS_ORDERS);
  }
}
