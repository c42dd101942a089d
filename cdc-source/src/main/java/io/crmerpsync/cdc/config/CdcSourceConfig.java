package io.crmerpsync.cdc.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of the CDC source, defined once with type, default, validation and doc, and parsed
 * into typed values. A bad value fails construction with a {@link ConfigException} that names the
 * setting, the value and what is allowed.
 *
 * <p>Setting names are public API (launcher files, docs); do not rename them.
 */
public final class CdcSourceConfig extends AbstractConfig {

  public static final String CRM_CONNECTOR = "crm.connector";
  public static final String CRM_HOST = "crm.host";
  public static final String CRM_PORT = "crm.port";
  public static final String CRM_USER = "crm.user";
  public static final String CRM_PASSWORD = "crm.password";
  public static final String CRM_DATABASE = "crm.database";
  public static final String CRM_SCHEMA = "crm.schema";
  public static final String CRM_TABLES = "crm.tables";
  public static final String CRM_COLUMNS_INCLUDE = "crm.columns.include";
  public static final String CRM_SKIP_ROWS = "crm.skip.rows";
  public static final String CRM_SERVER_ID = "crm.server.id";
  public static final String CRM_TOPIC_PREFIX = "crm.topic.prefix";
  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String CDC_NAME = "cdc.name";
  public static final String CDC_OFFSETS_TOPIC = "cdc.offsets.topic";
  public static final String CDC_SCHEMA_HISTORY_TOPIC = "cdc.schema.history.topic";
  public static final String CDC_SIGNAL_TOPIC = "cdc.signal.topic";
  public static final String CDC_OFFSET_FLUSH_INTERVAL_MS = "cdc.offset.flush.interval.ms";
  public static final String CDC_MAX_BATCH_SIZE = "cdc.max.batch.size";
  public static final String CDC_POLL_INTERVAL_MS = "cdc.poll.interval.ms";
  public static final String CDC_MAX_QUEUE_SIZE = "cdc.max.queue.size";
  public static final String CDC_HEARTBEAT_INTERVAL_MS = "cdc.heartbeat.interval.ms";
  public static final String CDC_SNAPSHOT_MODE = "cdc.snapshot.mode";
  public static final String CDC_TOPIC_PARTITIONS = "cdc.topic.partitions";
  public static final String CDC_PG_SLOT_NAME = "cdc.pg.slot.name";
  public static final String CDC_PG_PUBLICATION_NAME = "cdc.pg.publication.name";
  public static final String CDC_PG_PUBLISH = "cdc.pg.publish";

  /** The operations a PostgreSQL publication can publish, in PostgreSQL's order (its default). */
  public static final List<String> PG_OPERATIONS =
      List.of("insert", "update", "delete", "truncate");

  /** Port used for {@code crm.connector=postgres} when {@code crm.port} is not given. */
  public static final int POSTGRES_DEFAULT_PORT = 5432;

  /** Debezium snapshot modes offered; the others need settings this class does not carry. */
  public static final List<String> SNAPSHOT_MODES =
      List.of("initial", "initial_only", "when_needed", "no_data", "recovery", "always", "never");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+");
  private static final Pattern SKIP_ROW = Pattern.compile("([A-Za-z0-9_]+)\\.([A-Za-z0-9_]+)=(.+)");
  // PostgreSQL accepts only these in replication slot names (at most NAMEDATALEN-1 = 63 bytes).
  private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");
  // Unquoted identifiers fold to lower case; allowing only lower case keeps the name Debezium
  // quotes and the name an operator types in psql the same.
  private static final Pattern PUBLICATION_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern OPTIONAL_TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]*");
  private static final long MAX_SERVER_ID = 4_294_967_295L;

  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              CRM_CONNECTOR,
              Type.STRING,
              CrmConnector.MARIADB.settingValue(),
              ValidString.in(CrmConnector.settingValues().toArray(String[]::new)),
              Importance.HIGH,
              "Debezium connector for the captured database: 'mariadb' (MariaDB 10.x/11.x, tested),"
                  + " 'mysql' (MySQL servers; configured the same way but not tested here) or"
                  + " 'postgres' (PostgreSQL 10+ with wal_level=logical, read through logical"
                  + " decoding with pgoutput; used for the ERP's database, tested with"
                  + " PostgreSQL 17). With 'postgres' the crm.* settings describe the PostgreSQL"
                  + " database.")
          .define(
              CRM_HOST,
              Type.STRING,
              "127.0.0.1",
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Host name or address of the CRM database server.")
          .define(
              CRM_PORT,
              Type.INT,
              3306,
              Range.between(1, 65535),
              Importance.HIGH,
              "TCP port of the CRM database server. When not given and crm.connector=postgres, "
                  + POSTGRES_DEFAULT_PORT
                  + " is used instead of the default.")
          .define(
              CRM_USER,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "CRM database user with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE,"
                  + " REPLICATION CLIENT, BINLOG MONITOR (MariaDB) and LOCK TABLES on *.*. For"
                  + " 'postgres': a role with REPLICATION and LOGIN, SELECT on the captured"
                  + " tables, and ownership of them (the connector creates the publication"
                  + " cdc.pg.publication.name for exactly those tables).")
          .define(
              CRM_PASSWORD,
              Type.PASSWORD,
              ConfigDef.NO_DEFAULT_VALUE,
              Importance.HIGH,
              "Password of crm.user.")
          .define(
              CRM_DATABASE,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              matches(IDENTIFIER, "a plain identifier (letters, digits, underscore)"),
              Importance.HIGH,
              "The CRM database (schema) to capture, e.g. 'sales'. For 'postgres': the database"
                  + " to connect to, e.g. 'erp'; the tables' schema is crm.schema.")
          .define(
              CRM_TABLES,
              Type.LIST,
              "customers,orders,order_lines",
              identifierList(),
              Importance.HIGH,
              "Tables of crm.database to capture; each gets the raw topic"
                  + " <crm.topic.prefix>.<crm.database>.<table>. For 'postgres': tables of"
                  + " crm.schema, raw topic <crm.topic.prefix>.<crm.schema>.<table>.")
          .define(
              CRM_COLUMNS_INCLUDE,
              Type.LIST,
              "",
              columnList(),
              Importance.LOW,
              "Columns to capture, as <table>.<column>, for the tables that need only some of"
                  + " theirs; a table named here has every other column left out of its raw"
                  + " changes (Debezium column.exclude.list), a table not named keeps all of"
                  + " them. Each table must be in crm.tables; name its key columns too. Empty:"
                  + " every column of every table. Checked against the database at start: a listed"
                  + " column its table does not have stops the start with the table's columns (a"
                  + " table not created yet is not checked). The ERP capture uses it for the"
                  + " interface tables, whose payload the status reports never read (decision"
                  + " 10).")
          .define(
              CRM_SKIP_ROWS,
              Type.LIST,
              "",
              skipRowList(),
              Importance.LOW,
              "Row changes read but not written to the raw topics, as <table>.<column>=<value>:"
                  + " an insert, update or snapshot row of that table whose new image holds"
                  + " exactly that text in that column is acknowledged to Debezium (its position"
                  + " moves on) and counted in cdc.changes.skipped instead of written. Deletes are"
                  + " always written. Each table must be in crm.tables, and when crm.columns.include"
                  + " names the table it must include the column. Empty: every change is written."
                  + " The ERP capture skips the interface-table rows the sink writes"
                  + " (process_status=PENDING), which no status report reads (decision 10).")
          .define(
              CRM_SCHEMA,
              Type.STRING,
              "public",
              matches(IDENTIFIER, "a plain identifier (letters, digits, underscore)"),
              Importance.MEDIUM,
              "Only for crm.connector=postgres: the schema holding crm.tables. Ignored for"
                  + " 'mariadb' and 'mysql', where crm.database is the schema.")
          .define(
              CRM_SERVER_ID,
              Type.LONG,
              5401L,
              Range.between(1L, MAX_SERVER_ID),
              Importance.MEDIUM,
              "Replica server id the connector uses to read the binlog; unique among all replicas"
                  + " and binlog readers of the CRM server (two readers with one id evict each"
                  + " other). Ignored for 'postgres'.")
          .define(
              CRM_TOPIC_PREFIX,
              Type.STRING,
              "crm",
              matches(TOPIC_NAME, "letters, digits, '.', '_' or '-'"),
              Importance.HIGH,
              "Prefix of the raw change topics (Debezium topic.prefix); also identifies this"
                  + " source in the offsets, so changing it starts a new snapshot.")
          .define(
              KAFKA_BOOTSTRAP_SERVERS,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Kafka bootstrap servers for raw topics, offsets and schema history.")
          .define(
              CDC_NAME,
              Type.STRING,
              "crm-cdc",
              matches(TOPIC_NAME, "letters, digits, '.', '_' or '-'"),
              Importance.MEDIUM,
              "Engine name; the offsets are stored under it, so renaming starts over.")
          .define(
              CDC_OFFSETS_TOPIC,
              Type.STRING,
              "sync.cdc.offsets.v1",
              matches(TOPIC_NAME, "a Kafka topic name"),
              Importance.MEDIUM,
              "Compacted topic holding the engine's binlog offsets (created if missing).")
          .define(
              CDC_SIGNAL_TOPIC,
              Type.STRING,
              "sync.cdc.signals.v1",
              matches(OPTIONAL_TOPIC_NAME, "a Kafka topic name, or empty"),
              Importance.LOW,
              "Topic on which a MariaDB/MySQL capture takes signals (Debezium's Kafka signal"
                  + " channel; one partition, created if missing), keyed by crm.topic.prefix so"
                  + " that the captures of several CRM databases share it. 'reconcile customers|orders"
                  + " --repair' sends a blocking snapshot of the rows the pipeline has missed or"
                  + " holds wrongly. Empty: no signals. Not used for 'postgres'.")
          .define(
              CDC_SCHEMA_HISTORY_TOPIC,
              Type.STRING,
              "sync.cdc.schema-history.v1",
              matches(TOPIC_NAME, "a Kafka topic name"),
              Importance.MEDIUM,
              "Topic holding the captured tables' DDL history (one partition, never deleted)."
                  + " Not used for 'postgres', whose connector reads table schemas from the"
                  + " database and the change stream.")
          .define(
              CDC_OFFSET_FLUSH_INTERVAL_MS,
              Type.LONG,
              1000L,
              Range.atLeast(0L),
              Importance.LOW,
              "How often offsets of acknowledged changes are written; after a crash at most this"
                  + " much is captured again (never lost).")
          .define(
              CDC_MAX_BATCH_SIZE,
              Type.INT,
              2048,
              Range.atLeast(1),
              Importance.LOW,
              "Most changes handed over per batch; a batch is acknowledged after Kafka"
                  + " acknowledged all of its writes.")
          .define(
              CDC_POLL_INTERVAL_MS,
              Type.LONG,
              10L,
              Range.between(1L, 10_000L),
              Importance.MEDIUM,
              "How long the connector collects changes before it hands a batch over, unless"
                  + " cdc.max.batch.size fills first (Debezium poll.interval.ms). Every change waits"
                  + " up to this long: Debezium's own default of 500 ms adds up to half a second of"
                  + " commit-to-ERP latency. Shorter costs more, smaller batches at moderate rates"
                  + " (decision 6).")
          .define(
              CDC_MAX_QUEUE_SIZE,
              Type.INT,
              8192,
              Range.atLeast(2),
              Importance.LOW,
              "Changes buffered between binlog reader and Kafka writer; must exceed"
                  + " cdc.max.batch.size.")
          .define(
              CDC_HEARTBEAT_INTERVAL_MS,
              Type.LONG,
              10_000L,
              Range.atLeast(0L),
              Importance.MEDIUM,
              "How often, while no captured table changes, Debezium hands over the position it"
                  + " has reached to be stored (heartbeat.interval.ms; 0 turns it off). With"
                  + " PostgreSQL it is what lets the slot confirm the positions of the server's"
                  + " keepalives, and so release the WAL of other tables' changes, while the"
                  + " captured tables are quiet (decision 18). Heartbeats are acknowledged, not"
                  + " written to Kafka (cdc.heartbeats counts them).")
          .define(
              CDC_SNAPSHOT_MODE,
              Type.STRING,
              "initial",
              ValidString.in(SNAPSHOT_MODES.toArray(String[]::new)),
              Importance.MEDIUM,
              "Debezium snapshot.mode. 'initial' snapshots once, then streams from the stored"
                  + " position. 'always' snapshots at every start; use it for one start to"
                  + " re-snapshot after a lost binlog position (runbook). 'recovery' is for"
                  + " binlog connectors only and is refused with 'postgres'.")
          .define(
              CDC_TOPIC_PARTITIONS,
              Type.INT,
              1,
              Range.atLeast(1),
              Importance.LOW,
              "Partitions of raw topics created by the source (existing topics are kept as they"
                  + " are). Keys hash to partitions, so one row's changes stay in order.")
          .define(
              CDC_PG_SLOT_NAME,
              Type.STRING,
              "crm_erp_sync",
              matches(SLOT_NAME, "1-63 lower-case letters, digits or '_'"),
              Importance.MEDIUM,
              "Only for crm.connector=postgres: the logical replication slot the connector reads"
                  + " (created if missing, kept when the source stops, so a restart resumes"
                  + " without loss). Unique per captured database and source; an unused slot"
                  + " keeps WAL on the server's disk, so drop it when retiring the source.")
          .define(
              CDC_PG_PUBLICATION_NAME,
              Type.STRING,
              "crm_erp_sync",
              matches(
                  PUBLICATION_NAME,
                  "a lower-case identifier: a letter or '_', then letters, digits or '_'"
                      + " (at most 63)"),
              Importance.MEDIUM,
              "Only for crm.connector=postgres: the publication naming the captured tables"
                  + " (created, or altered to exactly crm.tables, at start:"
                  + " publication.autocreate.mode=filtered).")
          .define(
              CDC_PG_PUBLISH,
              Type.LIST,
              String.join(",", PG_OPERATIONS),
              operationList(),
              Importance.LOW,
              "Only for crm.connector=postgres: the operations the publication publishes, any of "
                  + PG_OPERATIONS
                  + " (its publish option, set at start). The server does not send the others:"
                  + " they cost no transfer, no decoding by Debezium and no Kafka write. The"
                  + " snapshot still reads every row. The capture of the ERP's interface tables"
                  + " publishes 'update,delete': the sink's inserts are never read, the importer's"
                  + " reports are updates (decision 10).");

  private final CrmConnector connector;

  /** Parses and validates {@code settings}; throws {@link ConfigException} on a bad value. */
  public CdcSourceConfig(Map<String, ?> settings) {
    super(DEFINITION, settings, false);
    this.connector = CrmConnector.fromSetting(getString(CRM_CONNECTOR));
    if (connector.isPostgres() && "recovery".equals(snapshotMode())) {
      throw new ConfigException(
          CDC_SNAPSHOT_MODE,
          snapshotMode(),
          "is for binlog connectors only; with "
              + CRM_CONNECTOR
              + "=postgres use one of "
              + SNAPSHOT_MODES.stream().filter(m -> !m.equals("recovery")).toList());
    }
    for (String table : columnsIncludedByTable().keySet()) {
      if (!crmTables().contains(table)) {
        throw new ConfigException(
            CRM_COLUMNS_INCLUDE,
            getList(CRM_COLUMNS_INCLUDE),
            "names columns of table '"
                + table
                + "', which is not in "
                + CRM_TABLES
                + " "
                + crmTables());
      }
    }
    Map<String, List<String>> included = columnsIncludedByTable();
    for (SkippedRows rule : skippedRows()) {
      if (!crmTables().contains(rule.table())) {
        throw new ConfigException(
            CRM_SKIP_ROWS,
            getList(CRM_SKIP_ROWS),
            "names table '"
                + rule.table()
                + "', which is not in "
                + CRM_TABLES
                + " "
                + crmTables());
      }
      List<String> columns = included.get(rule.table());
      if (columns != null && !columns.contains(rule.column())) {
        throw new ConfigException(
            CRM_SKIP_ROWS,
            getList(CRM_SKIP_ROWS),
            "tests column '"
                + rule.column()
                + "' of table '"
                + rule.table()
                + "', which "
                + CRM_COLUMNS_INCLUDE
                + " leaves out of its changes (it includes "
                + columns
                + "), so the rule could never match");
      }
    }
    if (maxQueueSize() <= maxBatchSize()) {
      throw new ConfigException(
          CDC_MAX_QUEUE_SIZE,
          maxQueueSize(),
          "must be larger than " + CDC_MAX_BATCH_SIZE + " (" + maxBatchSize() + ")");
    }
  }

  /** The definition of every setting, e.g. for printing docs ({@code toEnrichedRst()}). */
  public static ConfigDef configDef() {
    return new ConfigDef(DEFINITION);
  }

  public CrmConnector connector() {
    return connector;
  }

  public String crmHost() {
    return getString(CRM_HOST);
  }

  /** {@code crm.port}, or {@link #POSTGRES_DEFAULT_PORT} for PostgreSQL when not given. */
  public int crmPort() {
    if (connector.isPostgres() && !originals().containsKey(CRM_PORT)) {
      return POSTGRES_DEFAULT_PORT;
    }
    return getInt(CRM_PORT);
  }

  public String crmUser() {
    return getString(CRM_USER);
  }

  public String crmPassword() {
    return getPassword(CRM_PASSWORD).value();
  }

  public String crmDatabase() {
    return getString(CRM_DATABASE);
  }

  /** {@code crm.schema}; meaningful for {@code crm.connector=postgres} only. */
  public String crmSchema() {
    return getString(CRM_SCHEMA);
  }

  /**
   * The namespace of the captured tables in topic names and include lists: {@code crm.schema} for
   * PostgreSQL, {@code crm.database} for the binlog connectors.
   */
  public String capturedNamespace() {
    return connector.isPostgres() ? crmSchema() : crmDatabase();
  }

  public List<String> crmTables() {
    return List.copyOf(getList(CRM_TABLES));
  }

  /**
   * {@code crm.columns.include} by table, in the order given: the tables listed there capture only
   * these columns; a table absent from the map captures all of its columns.
   */
  public Map<String, List<String>> columnsIncludedByTable() {
    Map<String, List<String>> byTable = new java.util.LinkedHashMap<>();
    for (String entry : getList(CRM_COLUMNS_INCLUDE)) {
      int dot = entry.indexOf('.');
      byTable
          .computeIfAbsent(entry.substring(0, dot), t -> new java.util.ArrayList<>())
          .add(entry.substring(dot + 1));
    }
    byTable.replaceAll((table, columns) -> List.copyOf(columns));
    return java.util.Collections.unmodifiableMap(byTable);
  }

  /** {@code crm.skip.rows}, one rule per entry, in the order given. */
  public List<SkippedRows> skippedRows() {
    return getList(CRM_SKIP_ROWS).stream()
        .map(
            entry -> {
              java.util.regex.Matcher m = SKIP_ROW.matcher(entry);
              if (!m.matches()) {
                throw new IllegalStateException("validated entry no longer parses: " + entry);
              }
              return new SkippedRows(m.group(1), m.group(2), m.group(3));
            })
        .toList();
  }

  /**
   * One {@code crm.skip.rows} rule: changes of {@code table} whose new row holds {@code value} in
   * {@code column} are not written.
   */
  public record SkippedRows(String table, String column, String value) {}

  public long crmServerId() {
    return getLong(CRM_SERVER_ID);
  }

  public String topicPrefix() {
    return getString(CRM_TOPIC_PREFIX);
  }

  public String kafkaBootstrapServers() {
    return getString(KAFKA_BOOTSTRAP_SERVERS);
  }

  public String name() {
    return getString(CDC_NAME);
  }

  public String offsetsTopic() {
    return getString(CDC_OFFSETS_TOPIC);
  }

  /** {@code cdc.signal.topic}; empty when signals are off. */
  public String signalTopic() {
    return getString(CDC_SIGNAL_TOPIC).trim();
  }

  public String schemaHistoryTopic() {
    return getString(CDC_SCHEMA_HISTORY_TOPIC);
  }

  public long offsetFlushIntervalMs() {
    return getLong(CDC_OFFSET_FLUSH_INTERVAL_MS);
  }

  public long pollIntervalMs() {
    return getLong(CDC_POLL_INTERVAL_MS);
  }

  public int maxBatchSize() {
    return getInt(CDC_MAX_BATCH_SIZE);
  }

  public int maxQueueSize() {
    return getInt(CDC_MAX_QUEUE_SIZE);
  }

  public long heartbeatIntervalMs() {
    return getLong(CDC_HEARTBEAT_INTERVAL_MS);
  }

  public String snapshotMode() {
    return getString(CDC_SNAPSHOT_MODE);
  }

  public int topicPartitions() {
    return getInt(CDC_TOPIC_PARTITIONS);
  }

  public String pgSlotName() {
    return getString(CDC_PG_SLOT_NAME);
  }

  public String pgPublicationName() {
    return getString(CDC_PG_PUBLICATION_NAME);
  }

  /** {@code cdc.pg.publish}, lower case, in PostgreSQL's order, without repeats. */
  public List<String> pgPublish() {
    List<String> named =
        getList(CDC_PG_PUBLISH).stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).toList();
    return PG_OPERATIONS.stream().filter(named::contains).toList();
  }

  /**
   * Raw topic of {@code table}, as Debezium names it: {@code <prefix>.<database>.<table>} for the
   * binlog connectors, {@code <prefix>.<schema>.<table>} for PostgreSQL.
   */
  public String rawTopic(String table) {
    return topicPrefix() + "." + capturedNamespace() + "." + table;
  }

  /** Topic of BEGIN/END transaction records: {@code <prefix>.transaction}. */
  public String transactionTopic() {
    return topicPrefix() + ".transaction";
  }

  private static ConfigDef.Validator matches(Pattern pattern, String allowed) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || !pattern.matcher(value.toString()).matches()) {
          throw new ConfigException(name, value, "must be " + allowed);
        }
      }

      @Override
      public String toString() {
        return allowed;
      }
    };
  }

  private static ConfigDef.Validator columnList() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        for (Object column : (List<?>) value) {
          if (!COLUMN.matcher(column.toString()).matches()) {
            throw new ConfigException(
                name,
                value,
                "entry '"
                    + column
                    + "' must be <table>.<column>, both plain identifiers (letters, digits,"
                    + " underscore)");
          }
        }
      }

      @Override
      public String toString() {
        return "list of <table>.<column>";
      }
    };
  }

  private static ConfigDef.Validator skipRowList() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        for (Object rule : (List<?>) value) {
          if (!SKIP_ROW.matcher(rule.toString()).matches()) {
            throw new ConfigException(
                name,
                value,
                "entry '"
                    + rule
                    + "' must be <table>.<column>=<value>, table and column plain identifiers"
                    + " (letters, digits, underscore) and the value not empty");
          }
        }
      }

      @Override
      public String toString() {
        return "list of <table>.<column>=<value>";
      }
    };
  }

  private static ConfigDef.Validator operationList() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        List<?> operations = (List<?>) value;
        if (operations == null || operations.isEmpty()) {
          throw new ConfigException(
              name, value, "must name at least one of " + String.join(", ", PG_OPERATIONS));
        }
        for (Object operation : operations) {
          if (!PG_OPERATIONS.contains(operation.toString().trim().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(
                name,
                value,
                "'"
                    + operation
                    + "' is not an operation a publication publishes; use any of "
                    + String.join(", ", PG_OPERATIONS));
          }
        }
      }

      @Override
      public String toString() {
        return "non-empty list of " + String.join(", ", PG_OPERATIONS);
      }
    };
  }

  private static ConfigDef.Validator identifierList() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        List<?> tables = (List<?>) value;
        if (tables == null || tables.isEmpty()) {
          throw new ConfigException(name, value, "must name at least one table");
        }
        for (Object table : tables) {
          if (!IDENTIFIER.matcher(table.toString()).matches()) {
            throw new ConfigException(
                name, value, "table '" + table + "' must be a plain identifier");
          }
        }
      }

      @Override
      public String toString() {
        return "non-empty list of plain identifiers";
      }
    };
  }
}
