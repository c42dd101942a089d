package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.schemas.canonical.Customer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a CRM's customers table with the canonical customers, row by row: every CRM row needs a
 * live canonical record that names it, every CRM row a live record names must still exist, and the
 * fields the CRM owns must hold the CRM's values. Fields settled by another policy (newest-wins,
 * priority, review, or owned by the ERP) may rightly hold another source's value and are not
 * compared. With several CRM databases sharing customers, the fields are compared only against the
 * row that ranks first in the record (its {@code sourceRefs}), whose values the record carries.
 */
public final class CrmReconciliation {
  private CrmReconciliation() {}

  /**
   * The drift between {@code crmRows} (CRM id -> column -> JDBC value) of {@code sourceSystem} and
   * {@code canonical} (key -> live record), comparing {@code ownedColumns}, in the order of the
   * CRM's ids (numerically where they are numbers).
   */
  public static List<CrmDrift> compareCustomers(
      Map<String, Map<String, Object>> crmRows,
      Map<String, Customer> canonical,
      String sourceSystem,
      List<String> ownedColumns) {
    String prefix = sourceSystem + ":";
    Map<String, Named> byRef = new HashMap<>();
    canonical.forEach(
        (key, customer) -> {
          List<String> refs =
              customer.getSourceRefs().isEmpty()
                  ? List.of(prefix + customer.getCustomerId())
                  : customer.getSourceRefs();
          for (int i = 0; i < refs.size(); i++) {
            byRef.put(refs.get(i), new Named(key, customer, i == 0));
          }
        });
    Map<String, CrmDrift> drifts = new TreeMap<>(BY_ID);
    crmRows.forEach(
        (id, row) -> {
          String ref = prefix + id;
          Named named = byRef.remove(ref);
          if (named == null) {
            drifts.put(id, new CrmDrift(ref, null, CrmDrift.Kind.MISSING_IN_PIPELINE, List.of()));
          } else if (named.first()) {
            List<CrmDrift.FieldDifference> differences =
                differences(row, named.customer(), ownedColumns);
            if (!differences.isEmpty()) {
              drifts.put(
                  id, new CrmDrift(ref, named.key(), CrmDrift.Kind.DIFFERS_FROM_CRM, differences));
            }
          }
        });
    byRef.forEach(
        (ref, named) -> {
          if (ref.startsWith(prefix)) {
            drifts.put(
                ref.substring(prefix.length()),
                new CrmDrift(ref, named.key(), CrmDrift.Kind.DELETED_IN_CRM, List.of()));
          }
        });
    return new ArrayList<>(drifts.values());
  }

  /** The canonical field of a CRM column: {@code credit_limit} is {@code creditLimit}. */
  static String fieldOf(String column) {
    StringBuilder field = new StringBuilder(column.length());
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        field.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return field.toString();
  }

  private static List<CrmDrift.FieldDifference> differences(
      Map<String, Object> row, Customer customer, List<String> columns) {
    List<CrmDrift.FieldDifference> differences = new ArrayList<>();
    for (String column : columns) {
      org.apache.avro.Schema.Field field = Customer.getClassSchema().getField(fieldOf(column));
      if (field == null) {
        throw new IllegalArgumentException("the canonical customer has no field for " + column);
      }
      Object crm = row.get(column);
      Object pipeline = customer.get(field.pos());
      if (!same(crm, pipeline)) {
        differences.add(new CrmDrift.FieldDifference(column, text(crm), text(pipeline)));
      }
    }
    return differences;
  }

  /**
   * Whether a CRM value (as JDBC returns it) and a canonical value are the same: decimals by value
   * ({@code 5.0} is {@code 5.00}), numbers by value, an enum by its name (a CRM text that names no
   * symbol is the enum's {@code UNKNOWN}), everything else by its text.
   */
  static boolean same(Object crm, Object pipeline) {
    if (crm == null || pipeline == null) {
      return crm == pipeline;
    }
    if (pipeline instanceof BigDecimal decimal) {
      return crm instanceof Number && new BigDecimal(crm.toString()).compareTo(decimal) == 0;
    }
    if (pipeline instanceof Number number) {
      return crm instanceof Number n && n.longValue() == number.longValue();
    }
    if (pipeline instanceof Enum<?> symbol) {
      String text = crm.toString();
      if (symbol.name().equals(text)) {
        return true;
      }
      boolean named = false;
      for (Enum<?> constant : symbol.getDeclaringClass().getEnumConstants()) {
        named |= constant.name().equals(text);
      }
      return !named && "UNKNOWN".equals(symbol.name());
    }
    return crm.toString().equals(pipeline.toString());
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private record Named(String key, Customer customer, boolean first) {}

  private static final Comparator<String> BY_ID =
      Comparator.comparing((String id) -> !id.chars().allMatch(Character::isDigit))
          .thenComparingInt(String::length)
          .thenComparing(Comparator.naturalOrder());
}
