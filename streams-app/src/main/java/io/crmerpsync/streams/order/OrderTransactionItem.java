package io.crmerpsync.streams.order;

import io.crmerpsync.streams.transaction.TransactionEnd;

/**
 * What the order-transaction topic carries, keyed by transaction id: one order part, or the
 * transaction's END marker. Exactly one of the two is set.
 */
public record OrderTransactionItem(OrderPart part, TransactionEnd end) {

  public static OrderTransactionItem ofPart(OrderPart part) {
    return new OrderTransactionItem(part, null);
  }

  public static OrderTransactionItem ofEnd(TransactionEnd end) {
    return new OrderTransactionItem(null, end);
  }
}
