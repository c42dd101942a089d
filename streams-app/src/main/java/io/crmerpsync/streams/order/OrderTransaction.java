package io.crmerpsync.streams.order;

import io.crmerpsync.streams.transaction.TransactionEnd;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one source transaction seen so far, and its END marker once it arrived. Stored per
 * transaction id until the transaction completes or times out, then kept briefly as a completed
 * fence so that a replayed marker or change does not open it again.
 *
 * @param firstSeenMs wall-clock time the first item arrived, for the timeout
 * @param completedMs wall-clock time it completed, or 0 while open
 */
public record OrderTransaction(
    List<OrderPart> parts, TransactionEnd end, long firstSeenMs, long completedMs) {

  public OrderTransaction {
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  static OrderTransaction open(long nowMs) {
    return new OrderTransaction(List.of(), null, nowMs, 0);
  }

  boolean isCompleted() {
    return completedMs > 0;
  }

  OrderTransaction with(OrderPart part) {
    List<OrderPart> next = new ArrayList<>(parts);
    next.add(part);
    return new OrderTransaction(next, end, firstSeenMs, completedMs);
  }

  OrderTransaction with(TransactionEnd marker) {
    return new OrderTransaction(parts, marker, firstSeenMs, completedMs);
  }

  OrderTransaction completed(long nowMs) {
    return new OrderTransaction(List.of(), end, firstSeenMs, nowMs);
  }

  /** True when the END marker arrived and every header and line change it counts has too. */
  boolean isComplete(String ordersTable, String linesTable) {
    if (end == null) {
      return false;
    }
    int lines = 0;
    for (OrderPart part : parts) {
      if (part.line()) {
        lines++;
      }
    }
    return parts.size() - lines >= end.count(ordersTable) && lines >= end.count(linesTable);
  }
}
