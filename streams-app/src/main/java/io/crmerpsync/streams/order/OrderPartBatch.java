package io.crmerpsync.streams.order;

import java.util.List;

/**
 * The applied parts of one order from one source transaction (or one snapshot row), applied to the
 * order together so that the ERP receives the order once per transaction, whole.
 */
public record OrderPartBatch(long orderId, String transactionId, List<OrderPart> parts) {
  public OrderPartBatch {
    parts = List.copyOf(parts);
  }
}
