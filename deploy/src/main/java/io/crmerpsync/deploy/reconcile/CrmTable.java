package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/** The two sides of a CRM reconciliation: the CRM's table, and the canonical records. */
public final class CrmTable {
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}(\\.[A-Za-z_][A-Za-z0-9_$]{0,63})?");

  private CrmTable() {}

  /**
   * Streams every row of {@code table} (a name, or {@code database.table}) from the server in
   * {@code orderBy} order, one query and one consistent read, handing each to {@code consumer} as
   * id (the first of {@code columns}) and column -> value; {@code progress} is told the rows read
   * every 10,000. Returns the number of rows.
   */
  public static long forEachRow(
      Connection crm,
      String table,
      List<String> columns,
      String orderBy,
      BiConsumer<String, Map<String, Object>> consumer,
      LongConsumer progress)
      throws SQLException {
    try (Rows rows = new Rows(crm, table, columns, orderBy)) {
      long read = 0;
      for (Map<String, Object> row = rows.next(); row != null; row = rows.next()) {
        consumer.accept(String.valueOf(row.get(columns.get(0))), row);
        if (++read % 10_000 == 0) {
          progress.accept(read);
        }
      }
      return read;
    }
  }

  /**
   * A table's rows streamed from the server in an order, one at a time: a cursor that the orders'
   * reconciliation walks beside another (orders by id, their lines by order id).
   */
  public static final class Rows implements AutoCloseable {
    private final PreparedStatement select;
    private final ResultSet result;
    private final List<String> columns;

    public Rows(Connection crm, String table, List<String> columns, String orderBy)
        throws SQLException {
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException("'" + table + "' is not a table name");
      }
      this.columns = List.copyOf(columns);
      this.select =
          crm.prepareStatement(
              "SELECT " + String.join(", ", columns) + " FROM " + table + " ORDER BY " + orderBy,
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY);
      try {
        select.setFetchSize(1_000);
        this.result = select.executeQuery();
      } catch (SQLException e) {
        select.close();
        throw e;
      }
    }

    /** The next row, column -> value, or null after the last. */
    public Map<String, Object> next() throws SQLException {
      if (!result.next()) {
        return null;
      }
      Map<String, Object> row = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), result.getObject(i + 1));
      }
      return row;
    }

    @Override
    public void close() throws SQLException {
      try {
        result.close();
      } finally {
        select.close();
      }
    }
  }

  /**
   * The live records of {@code topic}, read whole (tombstones drop the key) and kept in wire form,
   * decoded when asked for.
   */
  public static <T extends org.apache.avro.specific.SpecificRecord> Canonical<T> canonical(
      OperatorKafka kafka,
      SchemaRegistryClient registry,
      String topic,
      Class<T> type,
      LongConsumer progress) {
    AvroWireSerde<T> serde = AvroWireSerde.forValues(registry, type);
    Map<String, byte[]> live = kafka.latestByKey(topic, progress);
    live.values().removeIf(java.util.Objects::isNull);
    return Canonical.encoded(live, bytes -> serde.deserialize(topic, bytes));
  }
}
