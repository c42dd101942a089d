package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A change to one part of an order, keyed by the order id: its header ({@code line} false) or one
 * of its lines, from the order's CRM database; or, with {@code source} set, an ERP change of the
 * order's policy fields ({@link OrderFields}).
 *
 * @param row the row after the change, or the last state before a delete; null when not applied.
 *     For an ERP change, the policy fields the ERP row has.
 * @param transactionId the source transaction, null for snapshot rows
 * @param applied false for a change that passed through only to be counted by transaction assembly
 *     (a duplicate, stale or dead-lettered change)
 * @param source null for the order's CRM database; the ERP's source name for an ERP change
 * @param changed for an ERP change, the policy fields it really changed (its before and after
 *     images compared); null otherwise
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
    boolean applied,
    String source,
    Set<String> changed) {

  public OrderPart {
    if (row != null && (row.isNull() || row.isMissingNode())) {
      row = null;
    }
    changed = changed == null ? null : Set.copyOf(changed);
  }

  /** A part of the order's CRM database. */
  public OrderPart(
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
    this(
        line,
        orderId,
        lineId,
        deleted,
        row,
        position,
        commitTimeMs,
        snapshot,
        transactionId,
        applied,
        null,
        null);
  }

  /** An ERP change of the policy fields {@code changed} of order {@code orderId}. */
  public static OrderPart fromErp(
      String source,
      long orderId,
      JsonNode fields,
      Set<String> changed,
      String position,
      long commitTimeMs,
      boolean snapshot) {
    return new OrderPart(
        false,
        orderId,
        0,
        false,
        fields,
        position,
        commitTimeMs,
        snapshot,
        null,
        true,
        source,
        changed);
  }

  /** Whether this is an ERP change rather than a row of the order's CRM database. */
  public boolean erpChange() {
    return source != null;
  }
}
