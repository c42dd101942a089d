package io.crmerpsync.streams.customer;

import io.crmerpsync.streams.conflict.FieldValue;
import io.crmerpsync.streams.conflict.FrozenMaps;
import java.util.Map;
import java.util.TreeMap;

/**
 * The golden record of one customer: every field with its provenance, the version of the last
 * emitted state, whether the CRM deleted it, and which CRM rows it is made of. One entry per
 * customer.
 *
 * @param holders the CRM databases holding rows of this customer, each with the rows' ids (emails
 *     need not be unique within one database); null in records written before it existed (then the
 *     first CRM holds it unless it is deleted)
 */
public record GoldenCustomer(
    Map<String, FieldValue> fields,
    long version,
    boolean deleted,
    String position,
    long commitTimeMs,
    boolean snapshot,
    Map<String, java.util.SortedSet<Long>> holders) {

  public GoldenCustomer {
    fields = fields == null ? FrozenMaps.handOver(new TreeMap<>()) : FrozenMaps.of(fields);
    holders = holders == null ? null : copy(holders);
  }

  /** A record written before holders were kept, or built without them. */
  public GoldenCustomer(
      Map<String, FieldValue> fields,
      long version,
      boolean deleted,
      String position,
      long commitTimeMs,
      boolean snapshot) {
    this(fields, version, deleted, position, commitTimeMs, snapshot, null);
  }

  static GoldenCustomer empty() {
    return new GoldenCustomer(new TreeMap<>(), 0, false, null, 0, false, new TreeMap<>());
  }

  /**
   * The CRM rows of the customer keyed {@code key}; for a record from before holders were kept, the
   * first CRM's row with the key as its id (keys were CRM ids then).
   */
  Map<String, java.util.SortedSet<Long>> holdersOf(String key) {
    if (holders != null) {
      return copy(holders);
    }
    Map<String, java.util.SortedSet<Long>> legacy = new TreeMap<>();
    if (!deleted) {
      try {
        legacy.put(
            io.crmerpsync.streams.topology.EmitSettings.CRM_SOURCE,
            new java.util.TreeSet<>(java.util.Set.of(Long.parseLong(key))));
      } catch (NumberFormatException e) {
        // not a CRM id: nothing known
      }
    }
    return legacy;
  }

  private static final java.util.List<String> REQUIRED =
      java.util.List.of(
          "first_name",
          "last_name",
          "email",
          "country_code",
          "credit_limit",
          "payment_terms_days",
          "status",
          "created_at",
          "updated_at");

  /** True when every field the canonical customer needs is known (the CRM created it). */
  boolean isComplete() {
    return REQUIRED.stream()
        .allMatch(
            field ->
                fields.containsKey(field)
                    && fields.get(field).value() != null
                    && !fields.get(field).value().isNull());
  }

  private static Map<String, java.util.SortedSet<Long>> copy(
      Map<String, java.util.SortedSet<Long>> holders) {
    Map<String, java.util.SortedSet<Long>> copy = new TreeMap<>();
    holders.forEach((source, rows) -> copy.put(source, new java.util.TreeSet<>(rows)));
    return copy;
  }
}
