package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An applied change to one part of an order, keyed by the order id: its header ({@code lineId} is
 * 0) or one of its lines.
 *
 * @param row the row after the change, or the last state before a delete
 */
public record OrderPart(
    boolean line,
    long orderId,
    long lineId,
    boolean deleted,
    JsonNode row,
    String position,
    long commitTimeMs,
    boolean snapshot) {}
