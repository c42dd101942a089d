package io.crmerpsync.erp.sink;

import io.crmerpsync.erp.sink.iface.Dialect;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the ERP sink connector, each defined once with type, default, validation and doc, and
 * parsed here into typed fields; no other class reads raw property strings.
 *
 * <p>The database family (PostgreSQL, MariaDB, MySQL) follows from the prefix of {@code
 * erp.jdbc.url}; see {@link Dialect}.
 */
public final class ErpSinkConfig extends AbstractConfig {

  public static final String JDBC_URL = "erp.jdbc.url";
  public static final String JDBC_USER = "erp.jdbc.user";
  public static final String JDBC_PASSWORD = "erp.jdbc.password";
  public static final String SCHEMA = "erp.schema";
  public static final String TABLES_AUTO_CREATE = "erp.tables.auto.create";
  public static final String BATCH_SIZE = "erp.batch.size";
  public static final String POOL_MAX_SIZE = "erp.pool.max.size";
  public static final String WRITE_PARALLELISM = "erp.write.parallelism";
  public static final String RETRY_BACKOFF_MS = "erp.retry.backoff.ms";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  private static final String GROUP = "ERP database";

  /** The definition of every setting; Connect shows it in the REST API and validates with it. */
  public static final ConfigDef CONFIG_DEF = buildConfigDef();

  private final String jdbcUrl;
  private final Dialect dialect;
  private final String jdbcUser;
  private final Password jdbcPassword;
  private final String schema;
  private final boolean tablesAutoCreate;
  private final int batchSize;
  private final int poolMaxSize;
  private final int writeParallelism;
  private final Duration retryBackoff;
  private final String schemaRegistryUrl;

  public ErpSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    this.jdbcUrl = getString(JDBC_URL).trim();
    // The validator has accepted the URL, so a dialect matches it.
    this.dialect = Dialect.fromJdbcUrl(jdbcUrl).orElseThrow();
    this.jdbcUser = getString(JDBC_USER);
    this.jdbcPassword = getPassword(JDBC_PASSWORD);
    this.schema = getString(SCHEMA);
    this.tablesAutoCreate = getBoolean(TABLES_AUTO_CREATE);
    this.batchSize = getInt(BATCH_SIZE);
    this.poolMaxSize = getInt(POOL_MAX_SIZE);
    // The default follows a smaller pool; only a value set above the pool is refused.
    boolean explicit = originals().containsKey(WRITE_PARALLELISM);
    this.writeParallelism =
        explicit ? getInt(WRITE_PARALLELISM) : Math.min(getInt(WRITE_PARALLELISM), poolMaxSize);
    if (writeParallelism > poolMaxSize) {
      throw new ConfigException(
          WRITE_PARALLELISM,
          writeParallelism,
          "must not exceed "
              + POOL_MAX_SIZE
              + " ("
              + poolMaxSize
              + "): each part of a batch is written through its own connection");
    }
    this.retryBackoff = Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    this.schemaRegistryUrl = getString(SCHEMA_REGISTRY_URL).trim();
  }

  private static ConfigDef buildConfigDef() {
    int order = 0;
    return new ConfigDef()
        .define(
            JDBC_URL,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            ConfigDef.LambdaValidator.with(
                ErpSinkConfig::validateJdbcUrl,
                () ->
                    "a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL without the options"
                        + " the sink refuses"),
            Importance.HIGH,
            "JDBC URL of the ERP database; its prefix chooses the dialect:"
                + " jdbc:postgresql://erp-db:5432/erp (PostgreSQL), jdbc:mariadb://erp-db:3306/erp"
                + " (MariaDB), jdbc:mysql://erp-db:3306/erp (MySQL, through MariaDB Connector/J)."
                + " Refused: reWriteBatchedInserts=true (PostgreSQL; it hides the per-row counts"
                + " that tell an applied command from a stale one); useAffectedRows, useBulkStmts,"
                + " useBulkStmtsForInserts, useServerPrepStmts (MariaDB/MySQL: the sink sets them"
                + " itself, see docs/erp-interface-tables.md).",
            GROUP,
            ++order,
            ConfigDef.Width.LONG,
            "JDBC URL")
        .define(
            JDBC_USER,
            Type.STRING,
            "",
            Importance.HIGH,
            "Database user; empty to take it from the JDBC URL.",
            GROUP,
            ++order,
            ConfigDef.Width.MEDIUM,
            "JDBC user")
        .define(
            JDBC_PASSWORD,
            Type.PASSWORD,
            "",
            Importance.HIGH,
            "Database password; empty to take it from the JDBC URL or use none.",
            GROUP,
            ++order,
            ConfigDef.Width.MEDIUM,
            "JDBC password")
        .define(
            SCHEMA,
            Type.STRING,
            "erp",
            ConfigDef.LambdaValidator.with(
                ErpSinkConfig::validateSchemaName,
                () -> "a lower-case SQL identifier matching " + Dialect.IDENTIFIER.pattern()),
            Importance.MEDIUM,
            "PostgreSQL schema, or MariaDB/MySQL database, that holds customer_iface,"
                + " order_iface and order_line_iface.",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Schema")
        .define(
            TABLES_AUTO_CREATE,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Create the schema (database) and the interface tables if they are absent (CREATE"
                + " ... IF NOT EXISTS, before the first write). Set false where a DBA owns the DDL;"
                + " the statements are in the plugin jar at"
                + " io/crmerpsync/erp/sink/postgres-interface-tables.sql and"
                + " io/crmerpsync/erp/sink/mariadb-interface-tables.sql.",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Create tables")
        .define(
            BATCH_SIZE,
            Type.INT,
            500,
            ConfigDef.Range.between(1, 100_000),
            Importance.MEDIUM,
            "Most commands written by one multi-row statement (one round trip, one statement"
                + " for the database to run); while the sink isolates a row the database refused,"
                + " most single-command statements in one JDBC batch. All the records of one put()"
                + " are still written in one transaction.",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Rows per statement")
        .define(
            POOL_MAX_SIZE,
            Type.INT,
            2,
            ConfigDef.Range.between(1, 100),
            Importance.LOW,
            "Most database connections one task keeps open.",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Pool size")
        .define(
            WRITE_PARALLELISM,
            Type.INT,
            2,
            ConfigDef.Range.between(1, 100),
            Importance.MEDIUM,
            "Connections one put() writes through at once. A batch of at least 64 commands is"
                + " split by ERP key (a key's commands, and an order with its lines, stay in one"
                + " part, in order), each part in its own transaction on its own connection, so"
                + " the database works on them in parallel. A part that committed stays committed"
                + " when another fails: Connect re-delivers the batch and the version fence skips"
                + " what was written. 1 writes every batch in one transaction. At most "
                + POOL_MAX_SIZE
                + ". PostgreSQL only: MariaDB/MySQL always write one part at a time (InnoDB gap"
                + " locks let concurrent replacements of order lines deadlock).",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Write parallelism")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            1000L,
            ConfigDef.Range.between(0L, 3_600_000L),
            Importance.LOW,
            "How long Connect waits before re-delivering a batch that failed with a transient"
                + " database or registry error (connection lost, deadlock, serialization failure).",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Retry backoff (ms)")
        .define(
            SCHEMA_REGISTRY_URL,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            ConfigDef.LambdaValidator.with(
                ErpSinkConfig::validateHttpUrl, () -> "an absolute http:// or https:// URL"),
            Importance.HIGH,
            "Base URL of the schema registry (Confluent REST API) that resolves the writer"
                + " schema ids of ErpCommand values.",
            "Schema registry",
            1,
            ConfigDef.Width.LONG,
            "Schema registry URL");
  }

  private static void validateJdbcUrl(String name, Object value) {
    String url = value == null ? "" : value.toString().trim();
    Dialect dialect =
        Dialect.fromJdbcUrl(url)
            .orElseThrow(
                () ->
                    new ConfigException(
                        name,
                        value,
                        "must be a JDBC URL starting with jdbc:postgresql:, jdbc:mariadb: or"
                            + " jdbc:mysql:"));
    dialect
        .urlProblem(url)
        .ifPresent(
            problem -> {
              throw new ConfigException(name, value, problem);
            });
  }

  private static void validateSchemaName(String name, Object value) {
    if (value == null || !Dialect.IDENTIFIER.matcher(value.toString()).matches()) {
      throw new ConfigException(
          name,
          value,
          "must be a lower-case SQL identifier (letters a-z, digits, underscore; at most 63)");
    }
  }

  private static void validateHttpUrl(String name, Object value) {
    String text = value == null ? "" : value.toString().trim();
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new ConfigException(name, value, "must be an absolute http:// or https:// URL");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(name, value, "is not a URL: " + e.getReason());
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The database family, from the URL's prefix. */
  public Dialect dialect() {
    return dialect;
  }

  /** The user, or empty when the URL carries it. */
  public String jdbcUser() {
    return jdbcUser;
  }

  /** The password's value, or empty. */
  public String jdbcPassword() {
    return jdbcPassword.value();
  }

  public String schema() {
    return schema;
  }

  public boolean tablesAutoCreate() {
    return tablesAutoCreate;
  }

  public int batchSize() {
    return batchSize;
  }

  public int poolMaxSize() {
    return poolMaxSize;
  }

  /** Connections one put() writes through at once ({@link #WRITE_PARALLELISM}). */
  public int writeParallelism() {
    return writeParallelism;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public String schemaRegistryUrl() {
    return schemaRegistryUrl;
  }
}
