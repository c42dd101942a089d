package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.streams.change.Operation;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.SourcePosition;

/**
 * The latest applied change of a customer waiting for the next emit window (interval emit policy).
 * One entry per customer with a change in the current window.
 */
public record PendingCustomer(
    String rawKey,
    Operation operation,
    JsonNode row,
    String position,
    long commitTimeMs,
    String transactionId,
    long version,
    long timestamp,
    java.util.List<String> sourceRefs) {

  static PendingCustomer of(
      RawChange change, long version, long timestamp, java.util.List<String> sourceRefs) {
    return new PendingCustomer(
        change.key(),
        change.operation(),
        change.row(),
        change.position().format(),
        change.commitTimeMs(),
        change.transactionId(),
        version,
        timestamp,
        sourceRefs);
  }

  RawChange change() {
    return new RawChange(
        rawKey, operation, row, SourcePosition.parse(position), commitTimeMs, transactionId, null);
  }
}
