package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A source's change to one customer, after its own version gate, keyed by customer id: the fields
 * it changed (for an insert or snapshot row: all it has), or a delete.
 *
 * @param rawKey the source row's primary key, for the audit trail
 * @param customerId the customer key: the CRM id as text, or the business key with several CRM
 *     databases (older records hold a number, read as its text)
 * @param rowId the source row's id ({@code id} of a CRM row), or null for the ERP's rows
 */
public record CustomerChange(
    String source,
    String table,
    String rawKey,
    String customerId,
    Long rowId,
    boolean deleted,
    Map<String, JsonNode> fields,
    java.util.Set<String> changed,
    String position,
    long commitTimeMs,
    boolean snapshot,
    String transactionId) {

  public CustomerChange {
    fields = Map.copyOf(fields);
    changed = java.util.Set.copyOf(changed);
  }

  /** The fields to settle: those changed, and those the golden record does not know yet. */
  public Map<String, JsonNode> toSettle(java.util.Set<String> known) {
    Map<String, JsonNode> settle = new TreeMap<>();
    fields.forEach(
        (field, value) -> {
          if (changed.contains(field) || !known.contains(field)) {
            settle.put(field, value);
          }
        });
    return settle;
  }
}
