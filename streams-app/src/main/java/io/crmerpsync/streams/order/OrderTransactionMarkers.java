package io.crmerpsync.streams.order;

import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.deadletter.DeadLetters;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.TopologyNames;
import io.crmerpsync.streams.transaction.TransactionEnd;
import io.crmerpsync.streams.transaction.TransactionMarkerDecoder;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes the END markers of transactions that changed orders or order lines to transaction
 * assembly, keyed by transaction id; other markers are not needed. An unreadable marker is
 * dead-lettered (its transaction then times out and is diverted, never emitted in part).
 */
public final class OrderTransactionMarkers implements Processor<byte[], byte[], Object, Object> {
  private final String ordersTable;
  private final String linesTable;
  private final SyncMetrics metrics;
  private final TransactionMarkerDecoder decoder = new TransactionMarkerDecoder();
  private ProcessorContext<Object, Object> context;

  private final io.crmerpsync.streams.topology.OrderNodes nodes;

  /** The markers of the CRM database that {@code nodes} name. */
  public OrderTransactionMarkers(
      String ordersTable,
      String linesTable,
      SyncMetrics metrics,
      io.crmerpsync.streams.topology.OrderNodes nodes) {
    this.nodes = nodes;
    this.ordersTable = ordersTable;
    this.linesTable = linesTable;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Optional<TransactionEnd> end;
    try {
      end = decoder.decode(record.value());
    } catch (DecodeException e) {
      metrics.deadLettered(e.reason());
      context.forward(
          new Record<Object, Object>(
              record.key(),
              record.value(),
              record.timestamp(),
              DeadLetters.headers(
                  record.headers(),
                  context.recordMetadata().orElse(null),
                  e.reason(),
                  e.getMessage())),
          TopologyNames.DEAD_LETTER_SINK);
      return;
    }
    end.filter(marker -> marker.count(ordersTable) + marker.count(linesTable) > 0)
        .ifPresent(
            marker ->
                context.forward(
                    new Record<Object, Object>(
                        marker.id(), OrderTransactionItem.ofEnd(marker), record.timestamp()),
                    nodes.transactionsTarget()));
  }
}
