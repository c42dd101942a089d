package io.crmerpsync.streams.order;

import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the order changes of each source transaction until the transaction is complete (its END
 * marker arrived and every order and line change it counts was seen), then releases them as one
 * batch per order, so an order and its lines changed in one CRM transaction become one ERP command,
 * never a partial one.
 *
 * <p>A transaction that does not complete within the timeout is diverted whole to {@code
 * sync.incomplete-transactions.v1} with a WARN and a metric, never emitted in part. Completed
 * transactions stay as fences for twice the timeout (a replayed marker then does not open them
 * again), so the store is bounded by the transactions of that window. Punctuation runs on wall
 * clock time: a quiet source must still time out.
 */
public final class OrderTransactionAssembler
    implements Processor<String, OrderTransactionItem, Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(OrderTransactionAssembler.class);

  private final String ordersTable;
  private final String linesTable;
  private final Duration timeout;
  private final SyncMetrics metrics;
  private final Auditor auditor;
  private final io.crmerpsync.streams.topology.OrderNodes nodes;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, OrderTransaction> transactions;

  /**
   * @param ordersTable the headers' table as END markers name it ({@code <database>.orders})
   * @param linesTable the lines' table as END markers name it
   * @param nodes the names of the CRM database's order sub-topology
   */
  public OrderTransactionAssembler(
      String ordersTable,
      String linesTable,
      Duration timeout,
      SyncMetrics metrics,
      Auditor auditor,
      io.crmerpsync.streams.topology.OrderNodes nodes) {
    this.nodes = nodes;
    this.ordersTable = ordersTable;
    this.linesTable = linesTable;
    this.timeout = timeout;
    this.metrics = metrics;
    this.auditor = auditor;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.transactions = context.getStateStore(nodes.transactionsStore());
    Duration every = timeout.dividedBy(4);
    context.schedule(
        every.isZero() ? Duration.ofMillis(1) : every,
        PunctuationType.WALL_CLOCK_TIME,
        this::expire);
  }

  @Override
  public void process(Record<String, OrderTransactionItem> record) {
    String id = record.key();
    long now = context.currentSystemTimeMs();
    OrderTransaction transaction = transactions.get(id);
    OrderTransactionItem item = record.value();
    if (transaction != null && transaction.isCompleted()) {
      releaseLate(record, item);
      return;
    }
    if (transaction == null) {
      transaction = OrderTransaction.open(now);
    }
    transaction = item.end() != null ? transaction.with(item.end()) : transaction.with(item.part());
    if (transaction.isComplete(ordersTable, linesTable)) {
      release(id, transaction.parts(), record.timestamp());
      transactions.put(id, transaction.completed(now));
    } else {
      transactions.put(id, transaction);
    }
  }

  /** A part of a transaction already released: only a replay sends one; apply it alone. */
  private void releaseLate(Record<String, OrderTransactionItem> record, OrderTransactionItem item) {
    if (item.part() != null && item.part().applied()) {
      LOG.debug("late part of completed transaction {} applied alone", record.key());
      release(record.key(), List.of(item.part()), record.timestamp());
    }
  }

  private void release(String transactionId, List<OrderPart> parts, long timestamp) {
    Map<Long, List<OrderPart>> byOrder = new LinkedHashMap<>();
    for (OrderPart part : parts) {
      if (part.applied()) {
        byOrder.computeIfAbsent(part.orderId(), k -> new ArrayList<>()).add(part);
      }
    }
    byOrder.forEach(
        (orderId, orderParts) ->
            context.forward(
                new Record<Object, Object>(
                    Long.toString(orderId),
                    new OrderPartBatch(orderId, transactionId, orderParts),
                    timestamp),
                nodes.partsTarget()));
  }

  private void expire(long now) {
    List<KeyValue<String, OrderTransaction>> due = new ArrayList<>();
    try (KeyValueIterator<String, OrderTransaction> all = transactions.all()) {
      while (all.hasNext()) {
        KeyValue<String, OrderTransaction> entry = all.next();
        OrderTransaction transaction = entry.value;
        boolean fenceExpired =
            transaction.isCompleted() && now - transaction.completedMs() > 2 * timeout.toMillis();
        boolean timedOut =
            !transaction.isCompleted() && now - transaction.firstSeenMs() > timeout.toMillis();
        if (fenceExpired || timedOut) {
          due.add(entry);
        }
      }
    }
    for (KeyValue<String, OrderTransaction> entry : due) {
      if (entry.value.isCompleted()) {
        transactions.delete(entry.key);
      } else {
        divert(entry.key, entry.value, now);
      }
    }
  }

  private void divert(String id, OrderTransaction transaction, long now) {
    LOG.warn(
        "transaction {} incomplete after {} ms ({} order changes seen, END marker {}); diverted"
            + " to the incomplete-transactions topic, nothing of it emitted",
        id,
        timeout.toMillis(),
        transaction.parts().size(),
        transaction.end() == null ? "missing" : "present");
    metrics.incompleteTransaction();
    String why =
        "incomplete after "
            + timeout.toMillis()
            + " ms (END marker "
            + (transaction.end() == null ? "missing" : "present")
            + ", "
            + transaction.parts().size()
            + " order changes seen); diverted to "
            + io.crmerpsync.schemas.Topics.INCOMPLETE_TRANSACTIONS;
    for (OrderPart part : transaction.parts()) {
      auditor.diverted(
          context,
          part.line() ? "order_lines" : "orders",
          "{\"id\":" + (part.line() ? part.lineId() : part.orderId()) + "}",
          id,
          part.position(),
          why,
          now);
    }
    context.forward(new Record<Object, Object>(id, transaction, now), nodes.incompleteSink());
    transactions.put(id, transaction.completed(now));
  }
}
