package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.canonical.OrderLine;
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
    Customers comparison =
        new Customers(Canonical.of(canonical), sourceSystem, firstCrm, ownedColumns);
    crmRows.forEach(comparison::row);
    return comparison.finish();
  }

  /**
   * The customers comparison, fed the CRM's rows one at a time as they stream from the server: it
   * holds an index of the canonical customers' refs and the drift found, never the CRM's rows.
   */
  public static final class Customers {
    private final Canonical<Customer> canonical;
    private final String prefix;
    private final List<String> ownedColumns;
    private final Map<String, Named> byRef = new HashMap<>();
    private final Map<String, CrmDrift> drifts = new TreeMap<>(BY_ID);
    private int notCompared;

    /** As {@link #compareCustomers}; reads every canonical customer once for its refs. */
    public Customers(
        Canonical<Customer> canonical,
        String sourceSystem,
        boolean firstCrm,
        List<String> ownedColumns) {
      this.canonical = canonical;
      this.prefix = sourceSystem + ":";
      this.ownedColumns = List.copyOf(ownedColumns);
      for (String key : canonical.keys()) {
        Customer customer = canonical.get(key);
        List<String> refs = customer.getSourceRefs();
        if (refs.isEmpty() && firstCrm) {
          refs = List.of(prefix + customer.getCustomerId());
        }
        long ofThisDatabase = refs.stream().filter(ref -> ref.startsWith(prefix)).count();
        for (String ref : refs) {
          byRef.put(ref, new Named(key, ofThisDatabase == 1));
        }
      }
    }

    /** Compares the CRM's row {@code id}. */
    public void row(String id, Map<String, Object> row) {
      String ref = prefix + id;
      Named named = byRef.remove(ref);
      if (named == null) {
        drifts.put(id, new CrmDrift(ref, null, CrmDrift.Kind.MISSING_IN_PIPELINE, List.of()));
      } else if (!named.alone()) {
        notCompared++;
      } else {
        List<CrmDrift.FieldDifference> differences =
            differences(row, canonical.get(named.key()), ownedColumns);
        if (!differences.isEmpty()) {
          drifts.put(
              id, new CrmDrift(ref, named.key(), CrmDrift.Kind.DIFFERS_FROM_CRM, differences));
        }
      }
    }

    /** The drift, once every CRM row was compared: the refs no row claimed are deleted rows. */
    public Result finish() {
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
  }

  /** The columns of a CRM order line compared with the canonical line, besides its number. */
  public static final List<String> LINE_COLUMNS =
      List.of("sku", "description", "quantity", "unit_price");

  private static final List<String> LINE_COLUMNS_AND_NUMBER =
      List.of("line_no", "sku", "description", "quantity", "unit_price");

  /**
   * The drift between a CRM database's orders ({@code headers}: id -> column -> value) with their
   * lines ({@code lines}: line id -> column -> value, {@code order_id} and {@code line_no} among
   * them) and the canonical orders ({@code canonical}: key -> live order). The database's orders
   * are keyed {@code <keyPrefix><id>} ({@code keyPrefix} empty for the first CRM database, {@code
   * crm-us:} for another). The header's {@code ownedColumns} are compared, and every line by its id
   * (lines always come from the CRM). A line the CRM no longer has cannot be read again: its drift
   * carries the statements that replay the line's deletion; an order the CRM no longer has, the
   * statements that replay the order's, with the values the pipeline holds of {@code
   * headerColumns}.
   */
  public static Result compareOrders(
      Map<String, Map<String, Object>> headers,
      Map<String, Map<String, Object>> lines,
      Map<String, Order> canonical,
      String sourceSystem,
      String keyPrefix,
      List<String> ownedColumns,
      List<String> headerColumns,
      String ordersTable,
      String linesTable) {
    Map<String, List<Map<String, Object>>> linesByOrder = new HashMap<>();
    lines.forEach(
        (id, line) ->
            linesByOrder
                .computeIfAbsent(String.valueOf(line.get("order_id")), o -> new ArrayList<>())
                .add(line));
    Orders comparison =
        new Orders(
            Canonical.of(canonical),
            sourceSystem,
            keyPrefix,
            ownedColumns,
            headerColumns,
            ordersTable,
            linesTable);
    headers.forEach(
        (id, header) -> comparison.order(id, header, linesByOrder.getOrDefault(id, List.of())));
    return comparison.finish();
  }

  /**
   * The orders comparison, fed the CRM's orders one at a time with their lines, as they stream from
   * the server: it holds the ids seen and the drift found, never the CRM's rows.
   */
  public static final class Orders {
    private final Canonical<Order> canonical;
    private final String sourceSystem;
    private final String keyPrefix;
    private final List<String> ownedColumns;
    private final List<String> headerColumns;
    private final String ordersTable;
    private final String linesTable;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private final Map<String, CrmDrift> drifts = new TreeMap<>(BY_ID);

    /** As {@link #compareOrders}. */
    public Orders(
        Canonical<Order> canonical,
        String sourceSystem,
        String keyPrefix,
        List<String> ownedColumns,
        List<String> headerColumns,
        String ordersTable,
        String linesTable) {
      this.canonical = canonical;
      this.sourceSystem = sourceSystem;
      this.keyPrefix = keyPrefix;
      this.ownedColumns = List.copyOf(ownedColumns);
      this.headerColumns = List.copyOf(headerColumns);
      this.ordersTable = ordersTable;
      this.linesTable = linesTable;
    }

    /** Compares the CRM's order {@code id} with {@code crmLines}, all its lines. */
    public void order(String id, Map<String, Object> header, List<Map<String, Object>> crmLines) {
      seen.add(id);
      String ref = sourceSystem + ":" + id;
      String key = keyPrefix + id;
      Order order = canonical.get(key);
      if (order == null) {
        drifts.put(id, new CrmDrift(ref, null, CrmDrift.Kind.MISSING_IN_PIPELINE, List.of()));
        return;
      }
      List<CrmDrift.FieldDifference> differences = differences(header, order, ownedColumns);
      // Lines by their id, as the order assembler keys them: a line replaced under the same
      // number is another line.
      Map<Long, Map<String, Object>> byId = new TreeMap<>();
      crmLines.forEach(line -> byId.put(((Number) line.get("id")).longValue(), line));
      Map<Long, OrderLine> held = new TreeMap<>();
      order.getLines().forEach(line -> held.put(line.getLineId(), line));
      java.util.SortedSet<Long> lineIds = new java.util.TreeSet<>(byId.keySet());
      lineIds.addAll(held.keySet());
      StringBuilder replay = new StringBuilder();
      for (long lineId : lineIds) {
        Map<String, Object> crmLine = byId.get(lineId);
        OrderLine line = held.get(lineId);
        if (line == null) {
          differences.add(
              new CrmDrift.FieldDifference(
                  lineName(crmLine.get("line_no"), lineId), lineText(crmLine), null));
        } else if (crmLine == null) {
          differences.add(
              new CrmDrift.FieldDifference(
                  lineName(line.getLineNo(), lineId), null, lineText(line)));
          replay.append(replay.length() == 0 ? "" : " ").append(replayLine(linesTable, id, line));
        } else {
          String name = lineName(line.getLineNo(), lineId);
          for (String column : LINE_COLUMNS_AND_NUMBER) {
            Object crm = crmLine.get(column);
            Object pipeline = line.get(fieldOf(column));
            if (!same(crm, pipeline)) {
              differences.add(
                  new CrmDrift.FieldDifference(name + " " + column, text(crm), text(pipeline)));
            }
          }
        }
      }
      if (!differences.isEmpty()) {
        drifts.put(
            id,
            new CrmDrift(
                ref,
                key,
                CrmDrift.Kind.DIFFERS_FROM_CRM,
                differences,
                replay.length() == 0 ? null : replay.toString()));
      }
    }

    /** The drift, once every CRM order was compared: live orders no CRM order claimed. */
    public Result finish() {
      for (String key : canonical.keys()) {
        if (!key.startsWith(keyPrefix)) {
          continue;
        }
        String id = key.substring(keyPrefix.length());
        if ((keyPrefix.isEmpty() && !id.chars().allMatch(Character::isDigit))
            || seen.contains(id)) {
          continue;
        }
        drifts.put(
            id,
            new CrmDrift(
                sourceSystem + ":" + id,
                key,
                CrmDrift.Kind.DELETED_IN_CRM,
                List.of(),
                replayOrderDeletion(
                    ordersTable, linesTable, id, canonical.get(key), headerColumns)));
      }
      return new Result(new ArrayList<>(drifts.values()), 0);
    }
  }

  /** The statements that replay the deletion of {@code order} with its lines. */
  static String replayOrderDeletion(
      String ordersTable, String linesTable, String id, Order order, List<String> columns) {
    StringBuilder names = new StringBuilder("id");
    StringBuilder values = new StringBuilder(idLiteral(id));
    for (String column : columns) {
      Object value = order.get(fieldOf(column));
      if (replayable(value)) {
        names.append(", ").append(column);
        values.append(", ").append(literal(value));
      }
    }
    names.append(", ordered_at");
    values
        .append(", ")
        .append(literal(order.getOrderedAt().toString().replace("T", " ").replace("Z", "")));
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(ordersTable)
            .append(" (")
            .append(names)
            .append(") VALUES (")
            .append(values)
            .append(");");
    for (OrderLine line : order.getLines()) {
      sql.append(" ").append(insertLine(linesTable, id, line));
    }
    sql.append(" DELETE FROM ")
        .append(linesTable)
        .append(" WHERE order_id = ")
        .append(idLiteral(id))
        .append("; DELETE FROM ")
        .append(ordersTable)
        .append(" WHERE id = ")
        .append(idLiteral(id))
        .append(";");
    return sql.toString();
  }

  private static String replayLine(String linesTable, String orderId, OrderLine line) {
    return insertLine(linesTable, orderId, line)
        + " DELETE FROM "
        + linesTable
        + " WHERE id = "
        + line.getLineId()
        + ";";
  }

  private static String insertLine(String linesTable, String orderId, OrderLine line) {
    return "INSERT INTO "
        + linesTable
        + " (id, order_id, line_no, sku, description, quantity, unit_price) VALUES ("
        + line.getLineId()
        + ", "
        + idLiteral(orderId)
        + ", "
        + line.getLineNo()
        + ", "
        + literal(line.getSku())
        + ", "
        + literal(line.getDescription())
        + ", "
        + literal(line.getQuantity())
        + ", "
        + literal(line.getUnitPrice())
        + ");";
  }

  /** A line as reports name it: {@code line 2 (id 71)}. */
  private static String lineName(Object lineNo, long lineId) {
    return "line " + lineNo + " (id " + lineId + ")";
  }

  private static String lineText(Map<String, Object> line) {
    return line.get("sku") + " x " + line.get("quantity") + " at " + line.get("unit_price");
  }

  private static String lineText(OrderLine line) {
    return line.getSku() + " x " + line.getQuantity() + " at " + line.getUnitPrice();
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
      Object value = customer.get(fieldOf(column));
      if (replayable(value)) {
        names.append(", ").append(column);
        values.append(", ").append(literal(value));
      }
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

  /**
   * Whether a replay's INSERT names a value: not a status the canonical enum could not name ({@code
   * UNKNOWN}: the CRM's own value is not known), which the column's default then fills.
   */
  private static boolean replayable(Object value) {
    return !(value instanceof Enum<?> symbol && "UNKNOWN".equals(symbol.name()));
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
      Map<String, Object> row,
      org.apache.avro.specific.SpecificRecordBase record,
      List<String> columns) {
    List<CrmDrift.FieldDifference> differences = new ArrayList<>();
    for (String column : columns) {
      org.apache.avro.Schema.Field field = record.getSchema().getField(fieldOf(column));
      if (field == null) {
        throw new IllegalArgumentException(
            "the canonical " + record.getSchema().getName() + " has no field for " + column);
      }
      Object crm = row.get(column);
      Object pipeline = record.get(field.pos());
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
  private record Named(String key, boolean alone) {}

  private static final Comparator<String> BY_ID =
      Comparator.comparing((String id) -> !id.chars().allMatch(Character::isDigit))
          .thenComparingInt(String::length)
          .thenComparing(Comparator.naturalOrder());
}
