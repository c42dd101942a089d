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
 * fields the CRM database owns must hold the CRM's values. Fields settled by another policy
 * (newest-wins, priority, review, or owned by the ERP or another CRM database) may rightly hold
 * another source's value and are not compared. Rows are found through each customer's {@code
 * sourceRefs} ({@code system:id}); where one database has several rows merged into one customer (a
 * shared business key), the record holds the last edited row's values, so their fields are not
 * compared (counted instead).
 */
public final class CrmReconciliation {
  private CrmReconciliation() {}

  /**
   * What a comparison found.
   *
   * @param notCompared rows whose fields were not compared: merged with other rows of the same
   *     database into one customer
   */
  public record Result(List<CrmDrift> drifts, int notCompared) {
    public Result {
      drifts = List.copyOf(drifts);
    }
  }

  /**
   * The drift between {@code crmRows} (CRM id -> column -> JDBC value) of {@code sourceSystem} and
   * {@code canonical} (key -> live record), comparing {@code ownedColumns}, in the order of the
   * CRM's ids (numerically where they are numbers). {@code firstCrm}: the database is the first CRM
   * database, whose records written before {@code sourceRefs} existed are found by their id.
   */
  public static Result compareCustomers(
      Map<String, Map<String, Object>> crmRows,
      Map<String, Customer> canonical,
      String sourceSystem,
      boolean firstCrm,
      List<String> ownedColumns) {
    String prefix = sourceSystem + ":";
    Map<String, Named> byRef = new HashMap<>();
    canonical.forEach(
        (key, customer) -> {
          List<String> refs = customer.getSourceRefs();
          if (refs.isEmpty() && firstCrm) {
            refs = List.of(prefix + customer.getCustomerId());
          }
          long ofThisDatabase = refs.stream().filter(ref -> ref.startsWith(prefix)).count();
          for (String ref : refs) {
            byRef.put(ref, new Named(key, customer, ofThisDatabase == 1));
          }
        });
    Map<String, CrmDrift> drifts = new TreeMap<>(BY_ID);
    int notCompared = 0;
    for (Map.Entry<String, Map<String, Object>> row : crmRows.entrySet()) {
      String id = row.getKey();
      String ref = prefix + id;
      Named named = byRef.remove(ref);
      if (named == null) {
        drifts.put(id, new CrmDrift(ref, null, CrmDrift.Kind.MISSING_IN_PIPELINE, List.of()));
      } else if (!named.alone()) {
        notCompared++;
      } else {
        List<CrmDrift.FieldDifference> differences =
            differences(row.getValue(), named.customer(), ownedColumns);
        if (!differences.isEmpty()) {
          drifts.put(
              id, new CrmDrift(ref, named.key(), CrmDrift.Kind.DIFFERS_FROM_CRM, differences));
        }
      }
    }
    byRef.forEach(
        (ref, named) -> {
          if (ref.startsWith(prefix)) {
            drifts.put(
                ref.substring(prefix.length()),
                new CrmDrift(ref, named.key(), CrmDrift.Kind.DELETED_IN_CRM, List.of()));
          }
        });
    return new Result(new ArrayList<>(drifts.values()), notCompared);
  }

  /**
   * The SQL that replays the deletion of CRM row {@code id} through the binlog: the row inserted
   * with {@code customer}'s values of {@code columns} and deleted again, both logged, so that the
   * pipeline sends the ERP the deletion of the customer as it was.
   */
  public static String replayDeletion(
      String table, String id, Customer customer, List<String> columns) {
    StringBuilder names = new StringBuilder("id");
    StringBuilder values = new StringBuilder(idLiteral(id));
    for (String column : columns) {
      names.append(", ").append(column);
      values.append(", ").append(literal(customer.get(fieldOf(column))));
    }
    return "INSERT INTO "
        + table
        + " ("
        + names
        + ") VALUES ("
        + values
        + "); DELETE FROM "
        + table
        + " WHERE id = "
        + idLiteral(id)
        + ";";
  }

  /** {@code value} as an SQL literal for MariaDB/MySQL. */
  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Number) {
      return value.toString();
    }
    String text = value instanceof Enum<?> e ? e.name() : value.toString();
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** A CRM id as an SQL literal: a number as it is, anything else as a string. */
  static String idLiteral(String id) {
    return !id.isEmpty() && id.length() < 19 && id.chars().allMatch(Character::isDigit)
        ? id
        : literal(id);
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

  /** A customer found by one of its refs; {@code alone}: the only row of its database in it. */
  private record Named(String key, Customer customer, boolean alone) {}

  private static final Comparator<String> BY_ID =
      Comparator.comparing((String id) -> !id.chars().allMatch(Character::isDigit))
          .thenComparingInt(String::length)
          .thenComparing(Comparator.naturalOrder());
}
