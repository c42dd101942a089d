package io.crmerpsync.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.cdc.capture.RawTopicReader.Raw;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDC source with {@code crm.connector=postgres} against a real PostgreSQL 17 with logical WAL
 * and a real Kafka: the ERP side of the sync. Each test has its own schema, slot, publication,
 * topics and offsets.
 */
class PostgresCdcSourceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TABLE = "customer_master";
  private static EmbeddedErpPostgres postgres;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startErpAndKafka() throws Exception {
    Path base = Path.of("target", "pg-cdc-test");
    FileUtils.deleteDirectory(base.toFile());
    postgres = EmbeddedErpPostgres.startWithLogicalDecoding(base.resolve("postgres"));
    kafka = EmbeddedKafka.start(base.resolve("kafka"));
  }

  @AfterAll
  static void stopErpAndKafka() {
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void shouldSnapshotExistingRowsThenStreamInsertUpdateAndDeleteWithFullBeforeImages()
      throws Exception {
    String schema = "erp_stream";
    createErpSchema(schema);
    execute(
        "INSERT INTO "
            + schema
            + ".customer_master VALUES (1, 1500.00, 'E-1', '2024-03-01 10:15:30.25+00')");
    CdcSourceConfig config = new CdcSourceConfig(settings(schema));

    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader = reader(config)) {
      List<Raw> snapshot =
          await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 1);
      Raw row = snapshot.get(0);
      assertThat(config.rawTopic(TABLE)).isEqualTo("erp_erp_stream.erp_stream.customer_master");
      assertThat(row.key().toString()).isEqualTo("{\"id\":1}");
      assertThat(row.op()).isEqualTo("r");
      assertThat(row.value().get("after").get("credit_limit").asText()).isEqualTo("1500.00");
      assertThat(row.value().get("after").get("erp_customer_number").asText()).isEqualTo("E-1");
      assertThat(row.value().get("after").get("updated_at").asText())
          .isEqualTo("2024-03-01T10:15:30.250000Z");
      JsonNode position = row.position();
      assertThat(position.get("snapshot").asBoolean()).isTrue();
      assertThat(position.get("lsn").asLong()).isPositive();
      assertThat(position.get("lsn_commit").asLong()).isEqualTo(position.get("lsn").asLong());
      assertThat(position.get("total_order").isNull()).isTrue();
      assertThat(position.has("file")).isFalse();
      assertThat(position.has("pos")).isFalse();
      assertThat(position.has("event")).isFalse();
      assertThat(position.has("row")).isFalse();
      await().atMost(WAIT).until(source::isStreaming);

      execute(
          "INSERT INTO "
              + schema
              + ".customer_master VALUES (2, 200.00, NULL, '2024-03-02 08:00:00+00')",
          "UPDATE " + schema + ".customer_master SET credit_limit = 2500.50 WHERE id = 1",
          "DELETE FROM " + schema + ".customer_master WHERE id = 2");

      List<Raw> all =
          await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 4);
      assertThat(all.stream().map(Raw::op)).containsExactly("r", "c", "u", "d");
      Raw insert = all.get(1);
      Raw update = all.get(2);
      Raw delete = all.get(3);
      assertThat(insert.value().get("before").isNull()).isTrue();
      assertThat(insert.value().get("after").get("erp_customer_number").isNull()).isTrue();
      assertThat(update.value().get("before").get("credit_limit").asText()).isEqualTo("1500.00");
      assertThat(update.value().get("before").get("erp_customer_number").asText()).isEqualTo("E-1");
      assertThat(update.value().get("after").get("credit_limit").asText()).isEqualTo("2500.50");
      assertThat(delete.value().get("after").isNull()).isTrue();
      assertThat(delete.value().get("before").get("credit_limit").asText()).isEqualTo("200.00");
      assertThat(delete.key().toString()).isEqualTo("{\"id\":2}");
      for (Raw streamed : all.subList(1, 4)) {
        JsonNode p = streamed.position();
        assertThat(p.get("snapshot").asBoolean()).isFalse();
        assertThat(p.get("tx_id").asLong()).isPositive();
        assertThat(p.get("total_order").asLong()).isEqualTo(1L);
        // The first transaction after the snapshot ties with it; snapshot rows sort first.
        assertThat(p.get("lsn_commit").asLong())
            .isGreaterThanOrEqualTo(position.get("lsn_commit").asLong());
        assertThat(p.has("file")).isFalse();
      }
      // Autocommit: three transactions, committed in order.
      assertThat(all.subList(1, 4).stream().map(r -> r.position().get("lsn_commit").asLong()))
          .isSorted()
          .doesNotHaveDuplicates();
      assertThat(source.isRunning()).isTrue();
    }
  }

  @Test
  void shouldOrderConcurrentTransactionsByCommitLsnAndShareTheTransactionIdWithin()
      throws Exception {
    String schema = "erp_tx";
    createErpSchema(schema);
    CdcSourceConfig config = new CdcSourceConfig(settings(schema));

    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader = reader(config)) {
      await().atMost(WAIT).until(source::isStreaming);
      try (Connection t1 = postgres.connect();
          Connection t2 = postgres.connect()) {
        t1.setAutoCommit(false);
        t2.setAutoCommit(false);
        run(t1, insert(schema, 10)); // T1 begins and writes first ...
        run(t2, insert(schema, 20), insert(schema, 21));
        t2.commit(); // ... but T2 commits first
        run(t1, insert(schema, 11));
        t1.commit();
      }

      List<Raw> all =
          await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 4);
      List<Long> ids = all.stream().map(r -> r.key().get("id").asLong()).toList();
      assertThat(ids)
          .as("logical decoding emits in commit order")
          .containsExactly(20L, 21L, 10L, 11L);
      List<Raw> t2 = all.subList(0, 2);
      List<Raw> t1 = all.subList(2, 4);
      assertThat(lsnCommit(t2.get(0))).isLessThan(lsnCommit(t1.get(0)));
      assertThat(t2.stream().map(r -> lsnCommit(r)).distinct()).hasSize(1);
      assertThat(t1.stream().map(r -> lsnCommit(r)).distinct()).hasSize(1);
      assertThat(lsn(t2.get(0))).isLessThan(lsn(t2.get(1)));
      assertThat(lsn(t1.get(0))).isLessThan(lsn(t1.get(1)));
      assertThat(lsn(t1.get(0)))
          .as("T1's first change was written before T2's")
          .isLessThan(lsn(t2.get(0)));
      assertThat(t2.stream().map(r -> r.position().get("tx_id").asLong()).distinct()).hasSize(1);
      assertThat(t1.stream().map(r -> r.position().get("tx_id").asLong()).distinct()).hasSize(1);
      assertThat(t1.get(0).position().get("tx_id")).isNotEqualTo(t2.get(0).position().get("tx_id"));
      assertThat(t2.stream().map(r -> r.position().get("total_order").asLong()))
          .containsExactly(1L, 2L);
      assertThat(t1.stream().map(r -> r.position().get("total_order").asLong()))
          .containsExactly(1L, 2L);
      // Debezium's transaction.id is "txId:LSN" with each change's own LSN: group by tx_id.
      assertThat(t2.get(1).value().get("transaction").get("id").asText())
          .isEqualTo(t2.get(1).position().get("tx_id").asLong() + ":" + lsn(t2.get(1)));
      String t2Id = t2.get(0).position().get("tx_id").asText();
      List<Raw> t2Markers =
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      reader.poll(config.transactionTopic()).stream()
                          .filter(m -> m.value().get("id").asText().startsWith(t2Id + ":"))
                          .toList(),
                  l -> l.size() == 2);
      assertThat(t2Markers.get(0).value().get("status").asText()).isEqualTo("BEGIN");
      assertThat(t2Markers.get(1).value().get("status").asText()).isEqualTo("END");
      assertThat(t2Markers.get(1).value().get("event_count").asInt()).isEqualTo(2);
    }
  }

  @Test
  void shouldResumeAfterARestartWithoutLosingChangesMadeWhileStopped() throws Exception {
    String schema = "erp_restart";
    createErpSchema(schema);
    CdcSourceConfig config = new CdcSourceConfig(settings(schema));

    try (RawTopicReader reader = reader(config)) {
      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(source::isStreaming);
        execute(insert(schema, 1));
        await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 1);
      }
      execute(insert(schema, 2), insert(schema, 3)); // while the source is down

      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        List<Raw> all =
            await()
                .atMost(WAIT)
                .until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() >= 3);
        await().atMost(WAIT).until(source::isStreaming);
        execute(insert(schema, 4));
        all =
            await()
                .atMost(WAIT)
                .until(
                    () -> reader.poll(config.rawTopic(TABLE)),
                    l -> l.stream().anyMatch(r -> r.key().get("id").asLong() == 4));
        Set<Long> ids =
            all.stream().map(r -> r.key().get("id").asLong()).collect(Collectors.toSet());
        assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(all).allSatisfy(r -> assertThat(r.op()).isEqualTo("c"));
        assertThat(all.stream().map(r -> lsnCommit(r))).isSorted();
      }
    }
  }

  @Test
  void shouldLetTheSlotReleaseWalWhileOnlyTablesItDoesNotCaptureChangeAndStillResume()
      throws Exception {
    String schema = "erp_quiet";
    createErpSchema(schema);
    execute("CREATE TABLE " + schema + ".stock_move (id bigint PRIMARY KEY, note text)");
    Map<String, Object> settings = settings(schema);
    settings.put(CdcSourceConfig.CDC_HEARTBEAT_INTERVAL_MS, 200L);
    CdcSourceConfig config = new CdcSourceConfig(settings);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String slot = "'slot_" + schema + "'";

    String afterFirst;
    try (RawTopicReader reader = reader(config);
        CdcSource source = CdcSource.start(config, meters)) {
      await().atMost(WAIT).until(source::isStreaming);
      execute(insert(schema, 1));
      await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 1);
      afterFirst = query("SELECT pg_current_wal_lsn()::text");

      // A busy ERP: thousands of rows in a table this source does not capture, none in its own.
      execute(
          "INSERT INTO "
              + schema
              + ".stock_move SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
      String reached = query("SELECT pg_current_wal_lsn()::text");

      await()
          .atMost(WAIT)
          .until(
              () ->
                  query(
                      "SELECT (confirmed_flush_lsn >= '"
                          + reached
                          + "'::pg_lsn)::text FROM pg_replication_slots WHERE slot_name = "
                          + slot),
              "true"::equals);
      assertThat(meters.counter(CdcMetrics.HEARTBEATS).count()).isPositive();
      assertThat(reader.poll(config.rawTopic(TABLE))).hasSize(1);
      // The server then also lets go of the WAL before it: the position stored in Kafka (the
      // first change) is no longer on the server.
      AtomicInteger moves = new AtomicInteger(20_001);
      await()
          .atMost(WAIT)
          .until(
              () -> {
                execute(
                    "INSERT INTO "
                        + schema
                        + ".stock_move VALUES ("
                        + moves.getAndIncrement()
                        + ")",
                    "CHECKPOINT");
                return query(
                    "SELECT (restart_lsn > '"
                        + afterFirst
                        + "'::pg_lsn)::text FROM pg_replication_slots WHERE slot_name = "
                        + slot);
              },
              "true"::equals);
    }

    // The slot is ahead of the position stored in Kafka: a restart still resumes without loss.
    execute(insert(schema, 2)); // while the source is down
    try (RawTopicReader reader = reader(config);
        CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
      List<Raw> all =
          await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() >= 2);
      assertThat(all.stream().map(r -> r.key().get("id").asLong())).containsExactly(1L, 2L);
      assertThat(source.isRunning()).isTrue();
    }
  }

  @Test
  void shouldReadOnlyThePublishedOperationsAndPublishAllAgainWhenAskedTo() throws Exception {
    String schema = "erp_publish";
    createErpSchema(schema);
    execute(insert(schema, 1));
    Map<String, Object> settings = settings(schema);
    settings.put(CdcSourceConfig.CDC_PG_PUBLISH, "delete,UPDATE");
    CdcSourceConfig config = new CdcSourceConfig(settings);
    String topic = config.rawTopic(TABLE);

    try (RawTopicReader reader = reader(config)) {
      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(source::isStreaming);
        assertThat(publishes("pub_" + schema)).isEqualTo("f t t f");
        execute(
            insert(schema, 2), // never leaves the server
            "UPDATE " + schema + ".customer_master SET credit_limit = 200 WHERE id IN (1, 2)",
            "DELETE FROM " + schema + ".customer_master WHERE id = 2");
        List<Raw> changes =
            await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() >= 4);
        assertThat(changes.stream().map(r -> r.op() + r.key().get("id").asLong()))
            .containsExactly("r1", "u1", "u2", "d2");
      }

      // Back to the default: the publication publishes everything again, inserts included.
      try (CdcSource source = CdcSource.start(new CdcSourceConfig(settings(schema)), meters())) {
        await().atMost(WAIT).until(source::isStreaming);
        assertThat(publishes("pub_" + schema)).isEqualTo("t t t t");
        execute(insert(schema, 3));
        List<Raw> changes =
            await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() >= 5);
        assertThat(changes.get(4).op() + changes.get(4).key().get("id").asLong()).isEqualTo("c3");
      }
    }
  }

  @Test
  void shouldRefuseToStartWhenItCannotNarrowThePublishedOperations() {
    String schema = "erp_publish_refused";
    Map<String, Object> settings = settings(schema);
    settings.put(CdcSourceConfig.CDC_PG_PUBLISH, "update,delete");
    settings.put(CdcSourceConfig.CRM_USER, "no_such_role");
    CdcSourceConfig config = new CdcSourceConfig(settings);

    assertThatThrownBy(() -> CdcSource.start(config, meters()))
        .isInstanceOf(CdcSourceException.class)
        .hasMessageContaining("pub_" + schema)
        .hasMessageContaining("cdc.pg.publish=update,delete");
  }

  @Test
  void shouldCaptureOnlyTheIncludedColumnsOfANamedTableAndEveryColumnOfTheOthers()
      throws Exception {
    String schema = "erp_columns";
    createErpSchema(schema);
    execute(
        "CREATE TABLE "
            + schema
            + ".status_iface (source_ref text PRIMARY KEY, process_status text,"
            + " process_status_note text, first_name text, credit_limit numeric(14,2))");
    Map<String, Object> settings = settings(schema);
    settings.put(CdcSourceConfig.CRM_TABLES, TABLE + ",status_iface");
    settings.put(
        CdcSourceConfig.CRM_COLUMNS_INCLUDE, "status_iface.source_ref,status_iface.process_status");
    CdcSourceConfig config = new CdcSourceConfig(settings);
    String iface = config.rawTopic("status_iface");

    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader =
            new RawTopicReader(kafka.bootstrapServers(), List.of(config.rawTopic(TABLE), iface))) {
      await().atMost(WAIT).until(source::isStreaming);
      execute(
          insert(schema, 7),
          "INSERT INTO " + schema + ".status_iface VALUES ('C-1', 'PENDING', 'note', 'Ada', 10.00)",
          "UPDATE "
              + schema
              + ".status_iface SET process_status = 'SUCCESS' WHERE source_ref = 'C-1'");

      List<Raw> rows = await().atMost(WAIT).until(() -> reader.poll(iface), l -> l.size() == 2);
      for (Raw row : rows) {
        JsonNode after = row.value().get("after");
        assertThat(after.get("source_ref").asText()).isEqualTo("C-1");
        // A column whose name starts like an included one is not included.
        assertThat(after.has("process_status_note")).isFalse();
        assertThat(after.has("first_name")).isFalse();
        assertThat(after.has("credit_limit")).isFalse();
      }
      assertThat(rows.stream().map(r -> r.value().get("after").get("process_status").asText()))
          .containsExactly("PENDING", "SUCCESS");
      List<Raw> master =
          await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 1);
      assertThat(master.get(0).value().get("after").get("erp_customer_number").asText())
          .isEqualTo("E-7");
      assertThat(master.get(0).value().get("after").get("credit_limit").asText())
          .isEqualTo("100.00");
    }
  }

  @Test
  void shouldSkipTheRowsARuleNamesYetWriteDeletesAndEveryOtherChangeInOrder() throws Exception {
    String schema = "erp_skip";
    createErpSchema(schema);
    execute(
        "CREATE TABLE "
            + schema
            + ".status_iface (source_ref text PRIMARY KEY, process_status text, batch_id text)",
        "ALTER TABLE " + schema + ".status_iface REPLICA IDENTITY FULL",
        // A snapshot row the rule names, and one it does not.
        "INSERT INTO " + schema + ".status_iface VALUES ('S-1', 'PENDING', NULL)",
        "INSERT INTO " + schema + ".status_iface VALUES ('S-2', 'SUCCESS', 'b0')");
    Map<String, Object> settings = settings(schema);
    settings.put(CdcSourceConfig.CRM_TABLES, TABLE + ",status_iface");
    settings.put(CdcSourceConfig.CRM_SKIP_ROWS, "status_iface.process_status=PENDING");
    CdcSourceConfig config = new CdcSourceConfig(settings);
    String iface = config.rawTopic("status_iface");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    try (CdcSource source = CdcSource.start(config, meters);
        RawTopicReader reader =
            new RawTopicReader(kafka.bootstrapServers(), List.of(config.rawTopic(TABLE), iface))) {
      await().atMost(WAIT).until(source::isStreaming);
      execute(
          "INSERT INTO " + schema + ".status_iface VALUES ('C-1', 'PENDING', NULL)",
          "UPDATE "
              + schema
              + ".status_iface SET process_status = 'PROCESSING' WHERE source_ref = 'C-1'",
          "UPDATE "
              + schema
              + ".status_iface SET process_status = 'SUCCESS' WHERE source_ref = 'C-1'",
          // The sink writes the next version: skipped again, although the old row was SUCCESS.
          "UPDATE "
              + schema
              + ".status_iface SET process_status = 'PENDING' WHERE source_ref = 'C-1'",
          // Case and surrounding text count: only the exact value is skipped.
          "INSERT INTO " + schema + ".status_iface VALUES ('C-2', 'pending', NULL)",
          "DELETE FROM " + schema + ".status_iface WHERE source_ref = 'C-1'",
          insert(schema, 8));

      List<Raw> rows = await().atMost(WAIT).until(() -> reader.poll(iface), l -> l.size() == 5);
      assertThat(
              rows.stream()
                  .map(
                      r ->
                          r.value().get("op").asText()
                              + " "
                              + r.key().get("source_ref").asText()
                              + " "
                              + (r.value().get("after").isNull()
                                  ? "-"
                                  : r.value().get("after").get("process_status").asText())))
          .containsExactly(
              "r S-2 SUCCESS", "u C-1 PROCESSING", "u C-1 SUCCESS", "c C-2 pending", "d C-1 -");
      // Positions of what is written still increase: the skipped changes leave no gap in order.
      assertThat(rows.subList(1, 5).stream().map(PostgresCdcSourceTest::lsn)).isSorted();
      await().atMost(WAIT).until(() -> reader.poll(config.rawTopic(TABLE)), l -> l.size() == 1);
      assertThat(meters.get("cdc.changes.skipped").tag("table", "status_iface").counter().count())
          .isEqualTo(3.0);
      assertThat(meters.get("cdc.changes.captured").tag("table", "status_iface").counter().count())
          .isEqualTo(5.0);
    }
  }

  @Test
  void shouldRefuseToStartWhenAnIncludedColumnIsNotInItsTable() throws Exception {
    String schema = "erp_badcolumns";
    createErpSchema(schema);
    execute(
        "CREATE TABLE "
            + schema
            + ".status_iface (source_ref text PRIMARY KEY, process_status text, batch_id text)");
    Map<String, Object> settings = settings(schema);
    settings.put(CdcSourceConfig.CRM_TABLES, TABLE + ",status_iface,not_created_yet");
    settings.put(
        CdcSourceConfig.CRM_COLUMNS_INCLUDE,
        "status_iface.source_ref,status_iface.proces_status,not_created_yet.anything");
    CdcSourceConfig config = new CdcSourceConfig(settings);

    // The misspelt column is named with what the table has; the table that does not exist yet
    // (an interface table the sink creates later) is not judged.
    assertThatThrownBy(() -> CdcSource.start(config, new SimpleMeterRegistry()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(CdcSourceConfig.CRM_COLUMNS_INCLUDE)
        .hasMessageContaining("table " + schema + ".status_iface has no column proces_status")
        .hasMessageContaining("it has batch_id, process_status, source_ref")
        .hasMessageNotContaining("not_created_yet");
  }

  private static long lsn(Raw raw) {
    return raw.position().get("lsn").asLong();
  }

  private static long lsnCommit(Raw raw) {
    return raw.position().get("lsn_commit").asLong();
  }

  private static String insert(String schema, long id) {
    return "INSERT INTO "
        + schema
        + ".customer_master VALUES ("
        + id
        + ", 100.00, 'E-"
        + id
        + "', now())";
  }

  private static void createErpSchema(String schema) throws SQLException {
    execute(
        "CREATE SCHEMA " + schema,
        "CREATE TABLE "
            + schema
            + ".customer_master (id bigint PRIMARY KEY, credit_limit numeric(14,2),"
            + " erp_customer_number text, updated_at timestamptz)",
        // Full before-images for updates and deletes (the default holds only the key).
        "ALTER TABLE " + schema + ".customer_master REPLICA IDENTITY FULL");
  }

  private static SimpleMeterRegistry meters() {
    return new SimpleMeterRegistry();
  }

  /** pubinsert, pubupdate, pubdelete and pubtruncate of the publication, as "t"/"f". */
  private static String publishes(String publication) throws SQLException {
    return query(
        "SELECT concat_ws(' ', pubinsert, pubupdate, pubdelete, pubtruncate) FROM pg_publication"
            + " WHERE pubname = '"
            + publication
            + "'");
  }

  private static String query(String sql) throws SQLException {
    try (Connection c = postgres.connect();
        Statement s = c.createStatement();
        java.sql.ResultSet rows = s.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection c = postgres.connect()) {
      run(c, statements);
    }
  }

  private static void run(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static Map<String, Object> settings(String schema) {
    Map<String, Object> s = new HashMap<>();
    s.put(CdcSourceConfig.CRM_CONNECTOR, "postgres");
    s.put(CdcSourceConfig.CRM_PORT, postgres.port());
    s.put(CdcSourceConfig.CRM_USER, postgres.user());
    s.put(CdcSourceConfig.CRM_PASSWORD, postgres.password());
    s.put(CdcSourceConfig.CRM_DATABASE, "postgres");
    s.put(CdcSourceConfig.CRM_SCHEMA, schema);
    s.put(CdcSourceConfig.CRM_TABLES, TABLE);
    s.put(CdcSourceConfig.CRM_TOPIC_PREFIX, "erp_" + schema);
    s.put(CdcSourceConfig.CDC_PG_SLOT_NAME, "slot_" + schema);
    s.put(CdcSourceConfig.CDC_PG_PUBLICATION_NAME, "pub_" + schema);
    s.put(CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    s.put(CdcSourceConfig.CDC_NAME, "cdc-" + schema);
    s.put(CdcSourceConfig.CDC_OFFSETS_TOPIC, "test.offsets." + schema);
    s.put(CdcSourceConfig.CDC_OFFSET_FLUSH_INTERVAL_MS, 200L);
    return s;
  }

  private static RawTopicReader reader(CdcSourceConfig config) {
    return new RawTopicReader(
        kafka.bootstrapServers(), List.of(config.rawTopic(TABLE), config.transactionTopic()));
  }
}
