package io.crmerpsync.erp.sink.iface;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schema (PostgreSQL) or database (MariaDB/MySQL) and the interface tables from the
 * dialect's DDL file ({@link Dialect#ddlResource()}) when they are absent.
 *
 * <p>Why it looks first: {@code CREATE ... IF NOT EXISTS} still needs the CREATE privilege, which a
 * sink user of a DBA-owned schema does not have; tables that exist are left alone entirely. Why a
 * lock (PostgreSQL advisory lock, MariaDB {@code GET_LOCK}): several tasks start at once, and two
 * concurrent {@code CREATE TABLE IF NOT EXISTS} of the same table can still collide.
 */
public final class InterfaceTables {

  /** The tables the sink writes, in creation order. */
  public static final List<String> TABLES =
      List.of("customer_iface", "order_iface", "order_line_iface");

  private static final Logger log = LoggerFactory.getLogger(InterfaceTables.class);

  // Arbitrary constant shared by every task of every sink: "ERP iface" as digits.
  private static final long DDL_LOCK_KEY = 3_771_420_024L;
  private static final String DDL_LOCK_NAME = "crm-erp-sync.erp-sink.ddl";
  private static final int DDL_LOCK_WAIT_SECONDS = 60;
  private static final Pattern TABLE_IN_DDL =
      Pattern.compile(
          "\\b(CREATE TABLE IF NOT EXISTS|REFERENCES)\\s+(" + String.join("|", TABLES) + ")\\b");

  private InterfaceTables() {}

  /** The dialect's DDL text; table names unqualified, to run in the target schema or database. */
  public static String ddl(Dialect dialect) {
    String resource = dialect.ddlResource();
    try (InputStream in = InterfaceTables.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("DDL resource " + resource + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * The DDL as single statements, for drivers that run one statement at a time. Relies on the
   * file's format: comment lines start with {@code --}, a statement ends with {@code ;} at the end
   * of a line.
   */
  static List<String> statements(Dialect dialect) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : ddl(dialect).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException(
          "DDL " + dialect.ddlResource() + " ends without ';': " + current);
    }
    return statements;
  }

  /**
   * Creates what is missing in {@code schema} and commits. The connection must not be in
   * auto-commit mode.
   *
   * @return true when DDL ran, false when every table was there
   */
  public static boolean createIfAbsent(Connection connection, Dialect dialect, String schema)
      throws SQLException {
    if (allExist(connection, schema)) {
      addColumnsOfLaterVersions(connection, dialect, schema);
      return false;
    }
    try {
      if (dialect.isMySqlFamily()) {
        createInMySqlFamily(connection, dialect, schema);
      } else {
        createInPostgres(connection, dialect, schema);
      }
      connection.commit();
      log.info("Created the ERP interface tables {} in {} {}", TABLES, dialect, schema);
      return true;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private static void createInPostgres(Connection connection, Dialect dialect, String schema)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK_KEY + ")");
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + dialect.quote(schema));
      statement.execute("SET LOCAL search_path TO " + dialect.quote(schema));
      statement.execute(ddl(dialect));
    }
  }

  /**
   * MariaDB/MySQL: DDL commits on its own and the driver runs one statement at a time. The file's
   * table names are qualified here rather than by switching the connection's default database,
   * which could not be switched back to none. The session lock is released whatever happens.
   */
  private static void createInMySqlFamily(Connection connection, Dialect dialect, String schema)
      throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      lock.setString(1, DDL_LOCK_NAME);
      lock.setInt(2, DDL_LOCK_WAIT_SECONDS);
      try (ResultSet granted = lock.executeQuery()) {
        if (!granted.next() || granted.getInt(1) != 1) {
          throw new SQLTransientException(
              "another task held the interface-table DDL lock for " + DDL_LOCK_WAIT_SECONDS + " s");
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      if (!schemaExists(connection, schema)) {
        statement.execute(
            "CREATE DATABASE IF NOT EXISTS "
                + dialect.quote(schema)
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      }
      for (String sql : statements(dialect)) {
        statement.execute(qualified(sql, dialect, schema));
      }
    } finally {
      releaseLock(connection);
    }
  }

  /** {@code sql} with the interface tables it creates or references named in {@code schema}. */
  static String qualified(String sql, Dialect dialect, String schema) {
    Matcher table = TABLE_IN_DDL.matcher(sql);
    StringBuilder result = new StringBuilder();
    while (table.find()) {
      table.appendReplacement(
          result,
          Matcher.quoteReplacement(
              table.group(1) + " " + dialect.qualified(schema, table.group(2))));
    }
    table.appendTail(result);
    return result.toString();
  }

  /**
   * Releases the DDL lock. A failure here is logged, not thrown: it must not hide the DDL's own
   * error, and a broken connection loses the lock anyway.
   */
  private static void releaseLock(Connection connection) {
    try (PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      unlock.setString(1, DDL_LOCK_NAME);
      unlock.executeQuery().close();
    } catch (SQLException e) {
      log.debug("Cannot release the interface-table DDL lock: {}", e.toString());
    }
  }

  private static boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
      query.setString(1, schema);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1) > 0;
      }
    }
  }

  /** Whether all three tables exist in {@code schema} (same query in both dialects). */
  /**
   * Tables created by an earlier version of the sink lack the columns added since; they are added
   * here (nullable, so existing rows stay valid). Commits.
   */
  private static void addColumnsOfLaterVersions(
      Connection connection, Dialect dialect, String schema) throws SQLException {
    for (String ddl : missingColumnsOfLaterVersions(connection, dialect, schema)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(ddl);
      }
      log.info("Upgraded interface table in {} {}: {}", dialect, schema, ddl);
    }
    connection.commit();
  }

  /**
   * The {@code ALTER TABLE} statements that add the columns later versions of the sink write to
   * existing interface tables in {@code schema}; empty when nothing is missing or the tables do not
   * exist.
   */
  public static List<String> missingColumnsOfLaterVersions(
      Connection connection, Dialect dialect, String schema) throws SQLException {
    List<String> statements = new java.util.ArrayList<>();
    if (!allExist(connection, schema)) {
      return statements;
    }
    for (String[] tableColumn :
        List.of(
            new String[] {"customer_iface", VersionedUpsert.OMITTED_COLUMNS},
            new String[] {"customer_iface", InterfaceTableSql.SOURCE_REFS},
            new String[] {"order_iface", VersionedUpsert.OMITTED_COLUMNS})) {
      String table = tableColumn[0];
      String column = tableColumn[1];
      if (!hasColumn(connection, schema, table, column)) {
        statements.add(
            "ALTER TABLE "
                + dialect.qualified(schema, table)
                + " ADD COLUMN "
                + dialect.quote(column)
                + (dialect.isMySqlFamily() ? " VARCHAR(1024)" : " TEXT"));
      }
    }
    return statements;
  }

  private static boolean hasColumn(
      Connection connection, String schema, String table, String column) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
      query.setString(1, schema);
      query.setString(2, table);
      query.setString(3, column);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1) > 0;
      }
    }
  }

  public static boolean allExist(Connection connection, String schema) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name IN (?, ?, ?)")) {
      query.setString(1, schema);
      for (int i = 0; i < TABLES.size(); i++) {
        query.setString(i + 2, TABLES.get(i));
      }
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1) == TABLES.size();
      }
    }
  }
}
