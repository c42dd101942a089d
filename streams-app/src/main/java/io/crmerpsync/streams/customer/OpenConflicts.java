package io.crmerpsync.streams.customer;

import java.util.Map;
import java.util.TreeMap;

/**
 * The open conflicts of one customer, by field (store {@code customer-open-conflicts}). One entry
 * per customer with at least one open conflict, deleted when the last one closes; at most one
 * conflict per field, since a newer conflict on a field closes the older one.
 */
public record OpenConflicts(Map<String, CustomerConflict> byField) {

  public OpenConflicts {
    byField = byField == null ? Map.of() : new TreeMap<>(byField);
  }

  static OpenConflicts none() {
    return new OpenConflicts(Map.of());
  }

  /** The open conflict on {@code field}, or null. */
  CustomerConflict on(String field) {
    return byField.get(field);
  }

  OpenConflicts with(CustomerConflict conflict) {
    Map<String, CustomerConflict> next = new TreeMap<>(byField);
    next.put(conflict.field(), conflict);
    return new OpenConflicts(next);
  }

  OpenConflicts without(String field) {
    Map<String, CustomerConflict> next = new TreeMap<>(byField);
    next.remove(field);
    return new OpenConflicts(next);
  }

  boolean isEmpty() {
    return byField.isEmpty();
  }
}
