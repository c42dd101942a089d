package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator's decision about one open conflict, as {@code sync.conflict-resolutions.v1} carries
 * it (JSON, key: the customer id). The golden-record processor applies it only while the conflict
 * it names is still the open one; otherwise it refuses it and audits why.
 *
 * @param conflictId the {@link CustomerConflict#id()} being resolved
 * @param take a source of the conflict ({@code crm}, {@code erp}) whose value the field takes, or
 *     {@code value} for {@link #value()}
 * @param value the operator's own value when {@code take} is {@code value}; null otherwise
 * @param resolvedBy who decided
 * @param reason why, for the audit trail
 * @param resolvedAtMs when the operator decided (wall clock of the command)
 */
public record ConflictResolution(
    String entity,
    String customerId,
    String field,
    String conflictId,
    String take,
    JsonNode value,
    String resolvedBy,
    String reason,
    long resolvedAtMs) {

  /** {@code take} for the operator's own value. */
  public static final String TAKE_VALUE = "value";
}
