package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.erp.sink.error.SqlErrorClassifier;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL family of the ERP database, chosen from the prefix of the JDBC URL. Everything that
 * differs between PostgreSQL and MariaDB/MySQL is decided here or by a {@code switch} on this type:
 * driver, connection properties, identifier quoting, the clock, how an instant is bound, the DDL
 * file and the SQLState rules.
 *
 * <p>MariaDB and MySQL share SQL and driver (MariaDB Connector/J, LGPL, which also speaks to MySQL
 * servers); MySQL Connector/J is not bundled. Limit: only MariaDB is tested here (no MySQL server
 * can be installed on the project's machines).
 */
public enum Dialect {
  POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "postgres-interface-tables.sql"),
  MARIADB("jdbc:mariadb:", "org.mariadb.jdbc.Driver", "mariadb-interface-tables.sql"),
  MYSQL("jdbc:mysql:", "org.mariadb.jdbc.Driver", "mariadb-interface-tables.sql");

  /**
   * The identifiers the sink accepts for the schema (PostgreSQL) or database (MariaDB/MySQL): lower
   * case, so that quoted and unquoted spellings name the same object in both families.
   */
  public static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /**
   * Connection options of MariaDB Connector/J that the sink sets itself and a URL must not override
   * (URL options win over the driver properties the sink passes).
   */
  private static final List<String> OPTIONS_THE_SINK_SETS =
      List.of("useaffectedrows", "usebulkstmts", "usebulkstmtsforinserts", "useserverprepstmts");

  private static final String RESOURCE_DIR = "/io/crmerpsync/erp/sink/";

  private final String urlPrefix;
  private final String driverClassName;
  private final String ddlFile;

  Dialect(String urlPrefix, String driverClassName, String ddlFile) {
    this.urlPrefix = urlPrefix;
    this.driverClassName = driverClassName;
    this.ddlFile = ddlFile;
  }

  /** The dialect whose prefix starts {@code jdbcUrl}, if any. */
  public static Optional<Dialect> fromJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl == null ? "" : jdbcUrl.trim();
    for (Dialect dialect : values()) {
      if (url.startsWith(dialect.urlPrefix)) {
        return Optional.of(dialect);
      }
    }
    return Optional.empty();
  }

  /** The JDBC URL prefix, e.g. {@code jdbc:mariadb:}. */
  public String urlPrefix() {
    return urlPrefix;
  }

  /** The JDBC driver class, named explicitly for Connect's plugin class loader. */
  public String driverClassName() {
    return driverClassName;
  }

  /** The SQLState rules of this database family. */
  public SqlErrorClassifier errors() {
    return this == POSTGRESQL ? SqlErrorClassifier.POSTGRESQL : SqlErrorClassifier.MYSQL_FAMILY;
  }

  /** Classpath location of the DDL of the interface tables (table names unqualified). */
  public String ddlResource() {
    return RESOURCE_DIR + ddlFile;
  }

  public boolean isMySqlFamily() {
    return this != POSTGRESQL;
  }

  /**
   * Why the sink cannot work with {@code jdbcUrl}, if it cannot. PostgreSQL: {@code
   * reWriteBatchedInserts=true} folds a batch into multi-row statements whose single count hides
   * which command was applied. MariaDB/MySQL: the options the sink sets itself.
   */
  public Optional<String> urlProblem(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (this == POSTGRESQL) {
      return url.contains("rewritebatchedinserts=true")
          ? Optional.of(
              "reWriteBatchedInserts=true is not supported: the sink needs the row count of each"
                  + " upsert to tell an applied command from a stale one")
          : Optional.empty();
    }
    for (String option : OPTIONS_THE_SINK_SETS) {
      if (Pattern.compile("[?&;]" + option + "=").matcher(url).find()) {
        return Optional.of(
            "must not set "
                + option
                + ": the sink sets useAffectedRows=true, useBulkStmts=false,"
                + " useBulkStmtsForInserts=false and useServerPrepStmts=false itself (row count of"
                + " each upsert; out-of-range values refused, not stored as NULL)");
      }
    }
    return Optional.empty();
  }

  /**
   * The URL handed to the driver. MariaDB Connector/J takes {@code jdbc:mysql:} URLs only with
   * {@code permitMysqlScheme}, so the sink adds it.
   */
  public String driverUrl(String jdbcUrl) {
    String url = jdbcUrl.trim();
    if (this != MYSQL || url.toLowerCase(Locale.ROOT).contains("permitmysqlscheme")) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
  }

  /**
   * Driver properties the sink's statements rely on. MariaDB/MySQL: {@code useAffectedRows}, else
   * the driver reports "found rows" and an upsert that changed nothing counts 1, like an applied
   * one; bulk statements off, since with server-side prepared statements the bulk protocol can
   * answer a batch without per-row counts; client-side prepared statements, since with server-side
   * ones (binary protocol) Connector/J 3.5 stored a DATETIME in the year 300000 as NULL instead of
   * letting the server refuse it (measured: they would double the rate, 2.3k to 5k commands/s).
   */
  public Map<String, String> driverProperties(String applicationName) {
    return switch (this) {
      case POSTGRESQL -> Map.of("ApplicationName", applicationName);
      case MARIADB, MYSQL ->
          Map.of(
              "useAffectedRows", "true",
              "useBulkStmts", "false",
              "useBulkStmtsForInserts", "false",
              "useServerPrepStmts", "false");
    };
  }

  /**
   * SQL run on every new connection, if any. MariaDB/MySQL: strict mode for the sink's session, so
   * a value the column cannot hold is refused (and dead-lettered) instead of silently truncated,
   * whatever the server's default {@code sql_mode}.
   */
  public Optional<String> connectionInitSql() {
    return isMySqlFamily()
        ? Optional.of(
            "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''),"
                + " 'STRICT_ALL_TABLES')")
        : Optional.empty();
  }

  /**
   * {@code identifier} quoted for this dialect, after checking it against {@link #IDENTIFIER}; the
   * check is what keeps quoting simple and injection out.
   *
   * @throws IllegalArgumentException when it is not a plain lower-case identifier
   */
  public String quote(String identifier) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalArgumentException(
          "'" + identifier + "' is not a lower-case SQL identifier (" + IDENTIFIER + ")");
    }
    return isMySqlFamily() ? "`" + identifier + "`" : "\"" + identifier + "\"";
  }

  /** {@code schema.table}, both quoted. */
  String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  /**
   * A row key as the database compares it, as one string. PostgreSQL compares text exactly.
   * MariaDB/MySQL compare the tables' {@code utf8mb4_bin} columns ignoring trailing spaces (a PAD
   * SPACE collation), so {@code C-1} and {@code C-1 } are one row there.
   */
  String keyOf(String sourceSystem, String sourceRef) {
    return isMySqlFamily()
        ? withoutTrailingSpaces(sourceSystem) + '\u0000' + withoutTrailingSpaces(sourceRef)
        : sourceSystem + '\u0000' + sourceRef;
  }

  private static String withoutTrailingSpaces(String value) {
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == ' ') {
      end--;
    }
    return value.substring(0, end);
  }

  /** The database clock in UTC, for created_at / updated_at. */
  String now() {
    // PostgreSQL's TIMESTAMPTZ holds an instant; MariaDB's DATETIME holds a wall time, kept in UTC.
    return isMySqlFamily() ? "UTC_TIMESTAMP(6)" : "now()";
  }

  /** The value to bind for an instant: TIMESTAMPTZ takes it with offset, DATETIME as UTC time. */
  Object timestamp(Instant instant) {
    return isMySqlFamily()
        ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
        : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /**
   * The instant a timestamp column of {@code rows} holds, as {@link #timestamp} wrote it (null for
   * SQL NULL): TIMESTAMPTZ read with its offset, DATETIME read as UTC time.
   */
  public Instant readTimestamp(java.sql.ResultSet rows, String column)
      throws java.sql.SQLException {
    if (isMySqlFamily()) {
      LocalDateTime time = rows.getObject(column, LocalDateTime.class);
      return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  /** The JDBC type to bind a null as, for a column declared with {@code sqlType}. */
  int nullType(int sqlType) {
    return isMySqlFamily() && sqlType == Types.TIMESTAMP_WITH_TIMEZONE ? Types.TIMESTAMP : sqlType;
  }
}
