package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A concurrent edit that the review policy would not settle, as {@code sync.conflicts.v1} carries
 * it: both values with their sources and commit times, and the agreed value the field went back to.
 * The topic is the conflict's history: the record that raised it ({@code OPEN}), then the one that
 * closed it ({@code RESOLVED} by an operator, or {@code CLOSED} by a newer agreed value or a newer
 * conflict on the field). The latest record per customer and field is the conflict's state.
 *
 * @param id names this conflict among all conflicts of the field: the source and position of the
 *     change that raised it; a resolution names the id it resolves, so that it cannot settle a
 *     newer conflict the operator has not seen
 * @param raisedAtMs stream time at which the conflict was raised
 * @param status null in records written before conflicts could be resolved: read as {@code OPEN}
 * @param closedBecause why the conflict is no longer open (null while open)
 * @param closedAtMs stream time at which it was closed (0 while open)
 */
public record CustomerConflict(
    String entity,
    String customerId,
    String field,
    String rule,
    JsonNode agreedValue,
    String firstSource,
    JsonNode firstValue,
    long firstCommitTimeMs,
    String secondSource,
    JsonNode secondValue,
    long secondCommitTimeMs,
    String id,
    long raisedAtMs,
    Status status,
    String closedBecause,
    long closedAtMs) {

  /** Where a conflict stands. */
  public enum Status {
    /** Waiting for an operator. */
    OPEN,
    /** An operator's resolution set the field. */
    RESOLVED,
    /** A newer agreed value or a newer conflict on the field took its place. */
    CLOSED
  }

  /** True while the conflict waits for an operator. */
  @JsonIgnore
  public boolean isOpen() {
    return status == null || status == Status.OPEN;
  }

  /** The same conflict, no longer open. */
  public CustomerConflict closed(Status outcome, String because, long atMs) {
    return new CustomerConflict(
        entity,
        customerId,
        field,
        rule,
        agreedValue,
        firstSource,
        firstValue,
        firstCommitTimeMs,
        secondSource,
        secondValue,
        secondCommitTimeMs,
        id,
        raisedAtMs,
        outcome,
        because,
        atMs);
  }
}
