package io.crmerpsync.streams.customer;

import io.crmerpsync.streams.conflict.FieldValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * The golden record of one customer: every field with its provenance, the version of the last
 * emitted state, and whether the CRM deleted it. One entry per customer.
 */
public record GoldenCustomer(
    Map<String, FieldValue> fields,
    long version,
    boolean deleted,
    String position,
    long commitTimeMs,
    boolean snapshot) {

  public GoldenCustomer {
    fields = fields == null ? new TreeMap<>() : new TreeMap<>(fields);
  }

  static GoldenCustomer empty() {
    return new GoldenCustomer(new TreeMap<>(), 0, false, null, 0, false);
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
}
