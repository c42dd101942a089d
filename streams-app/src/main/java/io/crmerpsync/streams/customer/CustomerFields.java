package io.crmerpsync.streams.customer;

import java.util.List;
import java.util.Set;

/**
 * The fields of a customer as the golden record keeps them, named like the CRM's columns. The
 * mapping file's policies name these; an ERP source contributes the columns it has of them.
 */
public final class CustomerFields {
  /** Every field, in the CRM's column order. */
  public static final List<String> ALL =
      List.of(
          "id",
          "first_name",
          "last_name",
          "company_name",
          "email",
          "phone",
          "tax_id",
          "street",
          "city",
          "postal_code",
          "country_code",
          "credit_limit",
          "payment_terms_days",
          "status",
          "created_at",
          "updated_at");

  /** The fields a policy may name (all but the key). */
  public static final Set<String> POLICY_FIELDS = Set.copyOf(ALL.subList(1, ALL.size()));

  private CustomerFields() {}
}
