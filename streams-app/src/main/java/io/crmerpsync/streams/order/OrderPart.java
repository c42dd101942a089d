package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A change to one part of an order, keyed by the order id: its header ({@code line} false) or one
 * of its lines.
 *
 * @param row the row after the change, or the last state before a delete; null when not applied
 * @param transactionId the source transaction, null for snapshot rows
 * @param applied false for a change that passed through only to be counted by transaction assembly
 *     (a duplicate, stale or dead-lettered change)
 */
public record OrderPart(
    boolean line,
    long orderId,
    long lineId,
    boolean deleted,
    JsonNode row,
    String position,
    long commitTimeMs,
    boolean snapshot,
    String transactionId,
    boolean applied) {

  public OrderPart {
    if (row != null && (row.isNull() || row.isMissingNode())) {
      row = null;
    }
  }
}
