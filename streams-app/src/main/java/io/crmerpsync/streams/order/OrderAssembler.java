package io.crmerpsync.streams.order;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.deadletter.DeadLetters;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.JsonSerde;
import io.crmerpsync.streams.topology.TopologyNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles an order from its header and lines and emits, after every applied part, the whole
 * order: the canonical order (a tombstone once deleted) and one ERP command carrying header and all
 * current lines, so the ERP never takes lines one by one.
 *
 * <p>Input is one batch per order and source transaction (see {@link OrderTransactionAssembler}),
 * so an order and its lines changed together reach the ERP as one command. Parts of an order whose
 * header has not arrived yet are kept and emitted with the header.
 */
public final class OrderAssembler implements Processor<String, OrderPartBatch, Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(OrderAssembler.class);
  private static final JsonSerde<OrderPartBatch> PARTS = new JsonSerde<>(OrderPartBatch.class);

  private final EmitSettings settings;
  private final SyncMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, OrderAggregate> aggregates;

  private final io.crmerpsync.streams.topology.OrderNodes nodes;

  /**
   * The assembler of the CRM database that {@code nodes} name: its orders carry {@code
   * nodes.sourceSystem()} and, for a database other than the first, keys {@code source:id}.
   */
  public OrderAssembler(
      EmitSettings settings, SyncMetrics metrics, io.crmerpsync.streams.topology.OrderNodes nodes) {
    this.settings = settings;
    this.metrics = metrics;
    this.nodes = nodes;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.aggregates = context.getStateStore(nodes.aggregatesStore());
  }

  @Override
  public void process(Record<String, OrderPartBatch> record) {
    OrderAggregate before = aggregates.get(record.key());
    if (before == null) {
      before = OrderAggregate.empty();
    }
    OrderAggregate after = before;
    for (OrderPart part : record.value().parts()) {
      after = after.apply(part);
    }
    if (after == before) {
      return;
    }
    after = after.nextVersion();
    aggregates.put(record.key(), after);
    if (after.header() == null || (before.deleted() && after.deleted())) {
      return;
    }
    Order order;
    try {
      order = OrderMapper.toCanonical(after, nodes.sourceSystem());
    } catch (DecodeException e) {
      deadLetter(record, e);
      return;
    }
    ErpAction action = after.deleted() ? settings.orderDeleteAction() : ErpAction.UPSERT;
    String key = nodes.orderKey(record.key());
    context.forward(
        new Record<Object, Object>(key, after.deleted() ? null : order, record.timestamp()),
        nodes.canonicalSink());
    metrics.emitted(Topics.CANONICAL_ORDERS);
    context.forward(
        new Record<Object, Object>(
            key,
            OrderMapper.toCommand(order, action, after.version(), nodes.sourceSystem()),
            record.timestamp()),
        nodes.commandsSink());
    metrics.emitted(Topics.ERP_COMMANDS_ORDERS);
  }

  /**
   * An order the gates let through but that cannot be assembled (a bug or a mapping gap): the part
   * that triggered it goes to the dead-letter topic as JSON, and the application goes on.
   */
  private void deadLetter(Record<String, OrderPartBatch> record, DecodeException e) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    LOG.warn("dead-lettering order part of order {}: {}", record.key(), e.getMessage());
    metrics.deadLettered(e.reason());
    context.forward(
        new Record<Object, Object>(
            record.key().getBytes(StandardCharsets.UTF_8),
            PARTS.serializer().serialize(null, record.value()),
            record.timestamp(),
            DeadLetters.headers(record.headers(), origin, e.reason(), e.getMessage())),
        TopologyNames.DEAD_LETTER_SINK);
  }
}
