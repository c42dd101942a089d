package io.crmerpsync.cdc.config;

import java.util.List;
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
  public static final String CRM_TABLES = "crm.tables";
  public static final String CRM_SERVER_ID = "crm.server.id";
  public static final String CRM_TOPIC_PREFIX = "crm.topic.prefix";
  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String CDC_NAME = "cdc.name";
  public static final String CDC_OFFSETS_TOPIC = "cdc.offsets.topic";
  public static final String CDC_SCHEMA_HISTORY_TOPIC = "cdc.schema.history.topic";
  public static final String CDC_OFFSET_FLUSH_INTERVAL_MS = "cdc.offset.flush.interval.ms";
  public static final String CDC_MAX_BATCH_SIZE = "cdc.max.batch.size";
  public static final String CDC_POLL_INTERVAL_MS = "cdc.poll.interval.ms";
  public static final String CDC_MAX_QUEUE_SIZE = "cdc.max.queue.size";
  public static final String CDC_SNAPSHOT_MODE = "cdc.snapshot.mode";
  public static final String CDC_TOPIC_PARTITIONS = "cdc.topic.partitions";

  /** Debezium snapshot modes offered; the others need settings this class does not carry. */
  public static final List<String> SNAPSHOT_MODES =
      List.of("initial", "initial_only", "when_needed", "no_data", "recovery", "always", "never");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final long MAX_SERVER_ID = 4_294_967_295L;

  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              CRM_CONNECTOR,
              Type.STRING,
              CrmConnector.MARIADB.settingValue(),
              ValidString.in(CrmConnector.settingValues().toArray(String[]::new)),
              Importance.HIGH,
              "Debezium connector for the CRM database: 'mariadb' (MariaDB 10.x/11.x, tested) or"
                  + " 'mysql' (MySQL servers; configured the same way but not tested here).")
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
              "TCP port of the CRM database server.")
          .define(
              CRM_USER,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "CRM database user with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE,"
                  + " REPLICATION CLIENT, BINLOG MONITOR (MariaDB) and LOCK TABLES on *.*.")
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
              "The CRM database (schema) to capture, e.g. 'sales'.")
          .define(
              CRM_TABLES,
              Type.LIST,
              "customers,orders,order_lines",
              identifierList(),
              Importance.HIGH,
              "Tables of crm.database to capture; each gets the raw topic"
                  + " <crm.topic.prefix>.<crm.database>.<table>.")
          .define(
              CRM_SERVER_ID,
              Type.LONG,
              5401L,
              Range.between(1L, MAX_SERVER_ID),
              Importance.MEDIUM,
              "Replica server id the connector uses to read the binlog; unique among all replicas"
                  + " and binlog readers of the CRM server (two readers with one id evict each"
                  + " other).")
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
              CDC_SCHEMA_HISTORY_TOPIC,
              Type.STRING,
              "sync.cdc.schema-history.v1",
              matches(TOPIC_NAME, "a Kafka topic name"),
              Importance.MEDIUM,
              "Topic holding the captured tables' DDL history (one partition, never deleted).")
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
              50L,
              Range.between(1L, 10_000L),
              Importance.MEDIUM,
              "How long the connector waits for more changes before handing over a batch"
                  + " (Debezium poll.interval.ms, whose own default of 500 ms adds up to half a"
                  + " second of commit-to-ERP latency at low rates).")
          .define(
              CDC_MAX_QUEUE_SIZE,
              Type.INT,
              8192,
              Range.atLeast(2),
              Importance.LOW,
              "Changes buffered between binlog reader and Kafka writer; must exceed"
                  + " cdc.max.batch.size.")
          .define(
              CDC_SNAPSHOT_MODE,
              Type.STRING,
              "initial",
              ValidString.in(SNAPSHOT_MODES.toArray(String[]::new)),
              Importance.MEDIUM,
              "Debezium snapshot.mode. 'initial' snapshots once, then streams from the stored"
                  + " position. 'always' snapshots at every start; use it for one start to"
                  + " re-snapshot after a lost binlog position (runbook).")
          .define(
              CDC_TOPIC_PARTITIONS,
              Type.INT,
              1,
              Range.atLeast(1),
              Importance.LOW,
              "Partitions of raw topics created by the source (existing topics are kept as they"
                  + " are). Keys hash to partitions, so one row's changes stay in order.");

  private final CrmConnector connector;

  /** Parses and validates {@code settings}; throws {@link ConfigException} on a bad value. */
  public CdcSourceConfig(Map<String, ?> settings) {
    super(DEFINITION, settings, false);
    this.connector = CrmConnector.fromSetting(getString(CRM_CONNECTOR));
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

  public int crmPort() {
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

  public List<String> crmTables() {
    return List.copyOf(getList(CRM_TABLES));
  }

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

  public String snapshotMode() {
    return getString(CDC_SNAPSHOT_MODE);
  }

  public int topicPartitions() {
    return getInt(CDC_TOPIC_PARTITIONS);
  }

  /** Raw topic of {@code table}: {@code <prefix>.<database>.<table>}, as Debezium names it. */
  public String rawTopic(String table) {
    return topicPrefix() + "." + crmDatabase() + "." + table;
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
