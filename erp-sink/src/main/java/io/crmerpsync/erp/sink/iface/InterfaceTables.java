package io.crmerpsync.erp.sink.iface;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schema and the interface tables from {@code postgres-interface-tables.sql} when they
 * are absent.
 *
 * <p>Why it looks first: {@code CREATE ... IF NOT EXISTS} still needs the CREATE privilege, which a
 * sink user of a DBA-owned schema does not have; tables that exist are left alone entirely. Why the
 * advisory lock: several tasks start at once, and two concurrent {@code CREATE TABLE IF NOT EXISTS}
 * of the same table can still collide in PostgreSQL's catalog.
 */
public final class InterfaceTables {

  /** Classpath location of the DDL, also for DBAs who create the tables themselves. */
  public static final String DDL_RESOURCE = "/io/crmerpsync/erp/sink/postgres-interface-tables.sql";

  /** The tables the sink writes, in creation order. */
  public static final List<String> TABLES =
      List.of("customer_iface", "order_iface", "order_line_iface");

  private static final Logger log = LoggerFactory.getLogger(InterfaceTables.class);

  // Arbitrary constant shared by every task of every sink: "ERP iface" as digits.
  private static final long DDL_LOCK_KEY = 3_771_420_024L;

  private InterfaceTables() {}

  /** The DDL text; table names unqualified, to run with search_path set to the target schema. */
  public static String ddl() {
    try (InputStream in = InterfaceTables.class.getResourceAsStream(DDL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("DDL resource " + DDL_RESOURCE + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DDL_RESOURCE, e);
    }
  }

  /**
   * Creates what is missing in {@code schema} and commits. The connection must not be in
   * auto-commit mode.
   *
   * @return true when DDL ran, false when every table was there
   */
  public static boolean createIfAbsent(Connection connection, String schema) throws SQLException {
    if (allExist(connection, schema)) {
      connection.rollback();
      return false;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK_KEY + ")");
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      statement.execute("SET LOCAL search_path TO " + schema);
      statement.execute(ddl());
      connection.commit();
      log.info("Created the ERP interface tables {} in schema {}", TABLES, schema);
      return true;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** Whether all three tables exist in {@code schema}. */
  public static boolean allExist(Connection connection, String schema) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ANY (?)")) {
      query.setString(1, schema);
      query.setArray(2, connection.createArrayOf("text", TABLES.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1) == TABLES.size();
      }
    }
  }
}
