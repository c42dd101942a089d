package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import java.util.Properties;
import java.util.stream.Collectors;

/** Translates {@link CdcSourceConfig} into the Debezium embedded engine's properties. */
final class EngineProperties {

  private EngineProperties() {}

  static Properties of(CdcSourceConfig config) {
    Properties p = new Properties();
    p.setProperty("name", config.name());
    p.setProperty("connector.class", config.connector().connectorClass());
    // Debezium names its metrics MBeans after the topic prefix, which the ERP's two captures
    // share; a second registration under a taken name waits a minute per MBean, then gives up.
    p.setProperty("custom.metric.tags", "engine=" + config.name());

    // Offsets in Kafka: a restart resumes where the last acknowledged batch ended.
    p.setProperty("offset.storage", ClosingKafkaOffsetBackingStore.class.getName());
    p.setProperty("bootstrap.servers", config.kafkaBootstrapServers());
    p.setProperty("offset.storage.topic", config.offsetsTopic());
    p.setProperty("offset.storage.partitions", "1");
    p.setProperty("offset.storage.replication.factor", "1");
    p.setProperty("offset.flush.interval.ms", String.valueOf(config.offsetFlushIntervalMs()));

    p.setProperty("database.hostname", config.crmHost());
    p.setProperty("database.port", String.valueOf(config.crmPort()));
    p.setProperty("database.user", config.crmUser());
    p.setProperty("database.password", config.crmPassword());
    p.setProperty("topic.prefix", config.topicPrefix());
    p.setProperty("table.include.list", tableIncludeList(config));
    String excluded = columnExcludeList(config);
    if (!excluded.isEmpty()) {
      p.setProperty("column.exclude.list", excluded);
    }
    if (config.connector().isPostgres()) {
      setPostgres(p, config);
    } else {
      setBinlog(p, config);
    }

    // The raw topic contract (RawChangeContract) depends on each of these.
    p.setProperty("provide.transaction.metadata", "true");
    p.setProperty("decimal.handling.mode", "string");
    p.setProperty("tombstones.on.delete", "false");

    p.setProperty("snapshot.mode", config.snapshotMode());
    p.setProperty("max.batch.size", String.valueOf(config.maxBatchSize()));
    p.setProperty("poll.interval.ms", String.valueOf(config.pollIntervalMs()));
    p.setProperty("max.queue.size", String.valueOf(config.maxQueueSize()));
    p.setProperty("heartbeat.interval.ms", String.valueOf(config.heartbeatIntervalMs()));
    return p;
  }

  private static void setBinlog(Properties p, CdcSourceConfig config) {
    p.setProperty(
        "schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
    p.setProperty(
        "schema.history.internal.kafka.bootstrap.servers", config.kafkaBootstrapServers());
    p.setProperty("schema.history.internal.kafka.topic", config.schemaHistoryTopic());
    // Keep other databases' DDL (the server may host many) out of the history topic.
    p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
    p.setProperty("database.server.id", String.valueOf(config.crmServerId()));
    p.setProperty("database.include.list", config.crmDatabase());
    p.setProperty("include.schema.changes", "false");
    if (!config.signalTopic().isEmpty()) {
      // Debezium's Kafka channel reads partition 0 of the topic and takes the records keyed by
      // topic.prefix. It keeps no position of its own for a blocking snapshot, so without a
      // committed one every restart would run every signal ever sent again from the start of the
      // topic: the group commits what the channel has read.
      p.setProperty("signal.enabled.channels", "kafka");
      p.setProperty("signal.kafka.topic", config.signalTopic());
      p.setProperty("signal.kafka.bootstrap.servers", config.kafkaBootstrapServers());
      p.setProperty("signal.kafka.groupId", config.name() + "-signals");
      p.setProperty("signal.consumer.enable.auto.commit", "true");
      p.setProperty("signal.consumer.auto.commit.interval.ms", "1000");
    }
  }

  // Logical decoding: pgoutput ships with PostgreSQL 10+ (no server plugin to install). The
  // publication is made for exactly the captured tables, so the server decodes nothing else. The
  // slot must outlive the engine: dropping it on stop would lose every change made while the
  // source is down.
  private static void setPostgres(Properties p, CdcSourceConfig config) {
    p.setProperty("database.dbname", config.crmDatabase());
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", config.pgSlotName());
    p.setProperty("slot.drop.on.stop", "false");
    p.setProperty("publication.name", config.pgPublicationName());
    p.setProperty("publication.autocreate.mode", "filtered");
    // Debezium confirms a position to the slot only when it processes a captured change. While
    // other tables of the database change and the captured ones do not, the slot would hold all
    // that WAL on the server's disk. In this mode pgjdbc also confirms the position a keepalive
    // reports, but only once everything received before it has been confirmed by Debezium, so no
    // unacknowledged change is passed over.
    p.setProperty("lsn.flush.mode", "connector_and_driver");
    // So the slot may be ahead of the position stored in Kafka, with nothing for this capture in
    // between (Debezium itself confirms only positions whose changes Kafka acknowledged). On a
    // restart, start from the slot's position: the default validation would find the stored one
    // gone from the server and stop the capture.
    p.setProperty("offset.mismatch.strategy", "trust_slot");
    p.setProperty("schema.include.list", config.crmSchema());
  }

  /**
   * {@code crm.columns.include} as Debezium's {@code column.exclude.list}: per table, one regular
   * expression on {@code <namespace>.<table>.<column>} that matches every column of the table but
   * the listed ones. Debezium has an include list too, but it applies to every captured table, and
   * the tables not named must keep all their columns.
   */
  static String columnExcludeList(CdcSourceConfig config) {
    return config.columnsIncludedByTable().entrySet().stream()
        .map(
            table ->
                config.capturedNamespace()
                    + "\\."
                    + table.getKey()
                    + "\\.(?!(?:"
                    + String.join("|", table.getValue())
                    + ")$)[^.]+")
        .collect(Collectors.joining(","));
  }

  // The include list holds regular expressions on "db.table" ("schema.table" for PostgreSQL):
  // escape the dot so that "sales.orders" cannot also match a table "sales_orders".
  private static String tableIncludeList(CdcSourceConfig config) {
    return config.crmTables().stream()
        .map(table -> config.capturedNamespace() + "\\." + table)
        .collect(Collectors.joining(","));
  }
}
