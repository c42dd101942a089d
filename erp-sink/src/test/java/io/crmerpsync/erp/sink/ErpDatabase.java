package io.crmerpsync.erp.sink;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and prepares the interface tables of one test schema (PostgreSQL) or database (MariaDB), as
 * the ERP side would see them.
 */
final class ErpDatabase {

  /** Opens a new connection as the database's superuser. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final String schema;
  private final String dropStatement;

  ErpDatabase(EmbeddedErpPostgres postgres, String schema) {
    this(postgres::connect, schema, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private ErpDatabase(Connector connector, String schema, String dropStatement) {
    this.connector = connector;
    this.schema = schema;
    this.dropStatement = dropStatement;
  }

  /** Database {@code name} of a MariaDB server, reached without a default database. */
  static ErpDatabase mariaDb(EmbeddedMariaDb mariaDb, String name) {
    return new ErpDatabase(() -> mariaDb.connect(""), name, "DROP DATABASE IF EXISTS " + name);
  }

  String schema() {
    return schema;
  }

  void dropSchema() throws SQLException {
    execute(dropStatement);
  }

  void execute(String sql) throws SQLException {
    try (Connection connection = connector.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  Optional<Map<String, Object>> customer(String ref) throws SQLException {
    List<Map<String, Object>> rows =
        query("SELECT * FROM " + schema + ".customer_iface WHERE source_ref = ?", ref);
    return rows.stream().findFirst();
  }

  Optional<Map<String, Object>> order(String ref) throws SQLException {
    List<Map<String, Object>> rows =
        query("SELECT * FROM " + schema + ".order_iface WHERE source_ref = ?", ref);
    return rows.stream().findFirst();
  }

  List<Map<String, Object>> lines(String orderRef) throws SQLException {
    return query(
        "SELECT * FROM " + schema + ".order_line_iface WHERE order_source_ref = ? ORDER BY line_no",
        orderRef);
  }

  long count(String table) throws SQLException {
    return ((Number) query("SELECT count(*) AS n FROM " + schema + "." + table).get(0).get("n"))
        .longValue();
  }

  List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
    try (Connection connection = connector.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        ResultSetMetaData meta = rows.getMetaData();
        List<Map<String, Object>> result = new ArrayList<>();
        while (rows.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnName(c), rows.getObject(c));
          }
          result.add(row);
        }
        return result;
      }
    }
  }
}
