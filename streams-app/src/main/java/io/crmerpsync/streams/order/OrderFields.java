package io.crmerpsync.streams.order;

import java.util.List;
import java.util.Set;

/**
 * The order header fields that the mapping file's {@code order} entity may give a policy, named
 * like the CRM's {@code orders} columns and the {@code order_iface} columns. An ERP order table
 * contributes the columns it has of them (typically the status the ERP sets as it ships). The other
 * header columns, and the lines, always come from the CRM.
 */
public final class OrderFields {
  /** Every policy field, in the CRM's column order. */
  public static final List<String> ALL =
      List.of(
          "status",
          "shipping_street",
          "shipping_city",
          "shipping_postal_code",
          "shipping_country_code");

  /** The fields a policy may name. */
  public static final Set<String> POLICY_FIELDS = Set.copyOf(ALL);

  private OrderFields() {}
}
