package io.crmerpsync.cdc.capture;

import static io.crmerpsync.cdc.capture.CrmTestSupport.createCrmDatabase;
import static io.crmerpsync.cdc.capture.CrmTestSupport.execute;
import static io.crmerpsync.cdc.capture.CrmTestSupport.inTransaction;
import static io.crmerpsync.cdc.capture.CrmTestSupport.insertCustomer;
import static io.crmerpsync.cdc.capture.CrmTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.cdc.capture.RawTopicReader.Raw;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CdcSourceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static EmbeddedMariaDb mariaDb;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startCrmAndKafka() throws Exception {
    FileUtils.deleteDirectory(Path.of("target", "cdc-test").toFile());
    mariaDb =
        EmbeddedMariaDb.start(
            java.nio.file.Files.createTempDirectory(
                java.nio.file.Files.createDirectories(Path.of("target", "cdc-test")), "mariadb"));
    kafka = EmbeddedKafka.start(Path.of("target", "cdc-test", "kafka"));
    mariaDb.createCdcUser(CrmTestSupport.CDC_USER, CrmTestSupport.CDC_PASSWORD);
  }

  @AfterAll
  static void stopCrmAndKafka() {
    if (kafka != null) {
      kafka.close();
    }
    if (mariaDb != null) {
      mariaDb.close();
    }
  }

  @Test
  void shouldRefuseToStartWhenAnIncludedColumnIsNotInItsTable() {
    String db = "sales_columns";
    createCrmDatabase(mariaDb, db);
    Map<String, Object> settings = settings(mariaDb, kafka, db, 5509);
    settings.put(CdcSourceConfig.CRM_COLUMNS_INCLUDE, "customers.id,customers.emial");
    CdcSourceConfig config = new CdcSourceConfig(settings);

    assertThatThrownBy(() -> CdcSource.start(config, new SimpleMeterRegistry()))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("table " + db + ".customers has no column emial")
        .hasMessageContaining("email");
  }

  @Test
  void shouldWriteExistingRowsToTheRawTopicsAsSnapshotRecords() throws Exception {
    String db = "sales_snapshot";
    createCrmDatabase(mariaDb, db);
    execute(
        mariaDb, db, insertCustomer(1, "ada@example.com"), insertCustomer(2, "bob@example.com"));
    CdcSourceConfig config = new CdcSourceConfig(settings(mariaDb, kafka, db, 5501));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (CdcSource source = CdcSource.start(config, registry);
        RawTopicReader reader = reader(config)) {
      List<Raw> customers =
          await()
              .atMost(WAIT)
              .until(() -> reader.poll(config.rawTopic("customers")), l -> l.size() == 2);

      Raw first = customers.get(0);
      assertThat(first.key().toString()).isEqualTo("{\"id\":1}");
      assertThat(first.op()).isEqualTo("r");
      assertThat(first.value().get("before").isNull()).isTrue();
      JsonNode after = first.value().get("after");
      assertThat(after.get("credit_limit").asText()).isEqualTo("1500.00");
      assertThat(after.get("status").asText()).isEqualTo("ACTIVE");
      assertThat(after.get("phone").isNull()).isTrue();
      assertThat(after.get("created_at").asLong())
          .isEqualTo(
              LocalDateTime.of(2024, 3, 1, 10, 15, 30, 250_000_000)
                  .toInstant(ZoneOffset.UTC)
                  .toEpochMilli());
      assertThat(first.value().get("transaction").isNull()).isTrue();
      JsonNode position = first.position();
      assertThat(position.get("snapshot").asBoolean()).isTrue();
      assertThat(position.get("gtid").isNull()).isTrue();
      assertThat(position.get("total_order").isNull()).isTrue();
      assertThat(position.get("file").asText()).startsWith("mysql-bin.");
      assertThat(position.get("pos").asLong()).isPositive();
      assertThat(customers)
          .allSatisfy(r -> assertThat(r.position().get("snapshot").asBoolean()).isTrue());
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          registry
                              .get(CdcMetrics.CHANGES_CAPTURED)
                              .tag("table", "customers")
                              .counter()
                              .count())
                      .isEqualTo(2.0));
      assertThat(registry.get(CdcMetrics.BATCH_SEND).timer().count()).isPositive();
      assertThat(source.isRunning()).isTrue();
      await().atMost(WAIT).until(source::isStreaming);
    }
  }

  @Test
  void shouldStreamInsertUpdateAndDeleteWithGtidsAndIncreasingPositions() throws Exception {
    String db = "sales_stream";
    createCrmDatabase(mariaDb, db);
    execute(mariaDb, db, insertCustomer(1, "first@example.com"));
    CdcSourceConfig config = new CdcSourceConfig(settings(mariaDb, kafka, db, 5502));
    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader = reader(config)) {
      String topic = config.rawTopic("customers");
      await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 1);

      execute(
          mariaDb,
          db,
          insertCustomer(7, "grace@example.com"),
          "UPDATE customers SET credit_limit = 2500.50, status = 'SUSPENDED' WHERE id = 7",
          "DELETE FROM customers WHERE id = 7");
      List<Raw> all = await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 4);
      List<Raw> streamed = all.subList(1, 4);
      streamed.forEach(
          r -> System.out.println("streamed record: key=" + r.key() + " value=" + r.value()));

      assertThat(streamed).extracting(Raw::op).containsExactly("c", "u", "d");
      assertThat(streamed).allSatisfy(r -> assertThat(r.key().toString()).isEqualTo("{\"id\":7}"));
      Raw update = streamed.get(1);
      assertThat(update.value().at("/before/credit_limit").asText()).isEqualTo("1500.00");
      assertThat(update.value().at("/after/credit_limit").asText()).isEqualTo("2500.50");
      assertThat(update.value().at("/after/status").asText()).isEqualTo("SUSPENDED");
      Raw delete = streamed.get(2);
      assertThat(delete.value().get("after").isNull()).isTrue();
      assertThat(delete.value().at("/before/email").asText()).isEqualTo("grace@example.com");

      assertThat(streamed)
          .allSatisfy(
              r -> {
                assertThat(r.position().get("snapshot").asBoolean()).isFalse();
                assertThat(r.position().get("gtid").asText()).matches("0-1-\\d+");
                assertThat(r.position().get("server_id").asLong()).isEqualTo(1L);
                assertThat(r.position().get("total_order").asLong()).isEqualTo(1L);
                assertThat(r.value().at("/transaction/id").asText())
                    .isEqualTo(r.position().get("gtid").asText());
              });
      List<String> order = all.stream().map(Raw::offsetKey).toList();
      assertThat(order).doesNotHaveDuplicates().isSorted();
      assertThat(source.isRunning()).isTrue();
    }
  }

  @Test
  void shouldGiveEveryChangeOfOneTransactionTheSameIdAndItsOwnPositionAndOrder() throws Exception {
    String db = "sales_tx";
    createCrmDatabase(mariaDb, db);
    execute(mariaDb, db, insertCustomer(1, "buyer@example.com"));
    CdcSourceConfig config = new CdcSourceConfig(settings(mariaDb, kafka, db, 5503));
    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader = reader(config)) {
      source.started().get(60, TimeUnit.SECONDS);
      // The snapshot row arriving shows the snapshot is done: what follows is streamed.
      await()
          .atMost(WAIT)
          .until(() -> reader.poll(config.rawTopic("customers")), l -> l.size() == 1);
      inTransaction(
          mariaDb,
          db,
          "INSERT INTO orders (id, order_number, customer_id, currency, total_amount, ordered_at)"
              + " VALUES (100, 'SO-100', 1, 'EUR', 60.00, '2024-03-02 08:00:00')",
          "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price) VALUES"
              + " (100, 1, 'A', 1.000, 10.00), (100, 2, 'B', 2.000, 10.00),"
              + " (100, 3, 'C', 3.000, 10.00)");

      List<Raw> changes =
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      reader.poll().stream()
                          .filter(
                              r -> r.value().path("transaction").path("id").asText().length() > 0)
                          .filter(r -> !r.topic().equals(config.rawTopic("customers")))
                          .toList(),
                  l -> l.size() == 4);
      String txId = changes.get(0).value().at("/transaction/id").asText();
      assertThat(changes)
          .allSatisfy(r -> assertThat(r.value().at("/transaction/id").asText()).isEqualTo(txId));
      assertThat(
              changes.stream()
                  .map(r -> r.position().get("total_order").asLong())
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
      Set<String> offsets = changes.stream().map(Raw::offsetKey).collect(Collectors.toSet());
      assertThat(offsets).hasSize(4);
      changes.forEach(
          r -> System.out.println("transaction change: " + r.topic() + " " + r.position()));

      List<Raw> markers =
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      reader.poll(config.transactionTopic()).stream()
                          .filter(r -> r.value().path("id").asText().equals(txId))
                          .toList(),
                  l -> l.size() == 2);
      markers.forEach(
          r -> System.out.println("transaction marker: key=" + r.key() + " value=" + r.value()));
      assertThat(markers.get(0).value().get("status").asText()).isEqualTo("BEGIN");
      assertThat(markers.get(1).value().get("status").asText()).isEqualTo("END");
      assertThat(markers.get(1).value().get("event_count").asLong()).isEqualTo(4L);
    }
  }

  @Test
  void shouldResumeAfterARestartWithoutLosingChangesOrSnapshottingAgain() throws Exception {
    String db = "sales_restart";
    createCrmDatabase(mariaDb, db);
    for (long id = 1; id <= 3; id++) {
      execute(mariaDb, db, insertCustomer(id, "c" + id + "@example.com"));
    }
    CdcSourceConfig config = new CdcSourceConfig(settings(mariaDb, kafka, db, 5504));
    String topic = config.rawTopic("customers");
    try (RawTopicReader reader = reader(config)) {
      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 3);
        for (long id = 4; id <= 5; id++) {
          execute(mariaDb, db, insertCustomer(id, "c" + id + "@example.com"));
        }
        await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 5);
      }
      for (long id = 6; id <= 10; id++) {
        execute(mariaDb, db, insertCustomer(id, "c" + id + "@example.com"));
      }
      try (CdcSource again = CdcSource.start(config, new SimpleMeterRegistry())) {
        await()
            .atMost(WAIT)
            .untilAsserted(() -> assertThat(ids(reader.poll(topic))).containsAll(range(1, 10)));
        List<Raw> all = reader.poll(topic);
        assertThat(
                all.stream().filter(r -> r.op().equals("r")).map(r -> r.key().get("id").asLong()))
            .as("only the first start snapshots")
            .containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(
                all.stream().filter(r -> r.op().equals("c")).map(r -> r.key().get("id").asLong()))
            .containsAll(range(4, 10));
        assertThat(again.isRunning()).isTrue();
      }
    }
  }

  @Test
  void shouldAcknowledgeHeartbeatsWithoutWritingThemWhileOnlyUncapturedTablesChange()
      throws Exception {
    String db = "sales_heartbeat";
    createCrmDatabase(mariaDb, db);
    execute(mariaDb, db, "CREATE TABLE page_views (id BIGINT PRIMARY KEY, url VARCHAR(200))");
    Map<String, Object> settings = settings(mariaDb, kafka, db, 5510);
    settings.put(CdcSourceConfig.CDC_HEARTBEAT_INTERVAL_MS, 200L);
    CdcSourceConfig config = new CdcSourceConfig(settings);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String topic = config.rawTopic("customers");
    try (RawTopicReader reader = reader(config);
        CdcSource source = CdcSource.start(config, meters)) {
      await().atMost(WAIT).until(source::isStreaming);
      execute(mariaDb, db, insertCustomer(1, "c1@example.com"));
      await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 1);

      // Busy tables the source does not capture, none of its own. (The binlog connector's stored
      // position follows them with heartbeats off too; heartbeats must not disturb that.)
      for (int i = 0; i < 50; i++) {
        execute(mariaDb, db, pageView(i));
      }
      long reached = gtidSequence(mariaDb.gtidCurrentPos());

      // The binlog connector notices the interval at its next binlog event: the table stays busy.
      AtomicInteger views = new AtomicInteger(50);
      await()
          .atMost(WAIT)
          .until(
              () -> {
                execute(mariaDb, db, pageView(views.getAndIncrement()));
                return gtidSequence(lastStoredOffset(config).path("gtids").asText());
              },
              stored -> stored >= reached);
      System.out.println(
          "DEBUGTX "
              + reader.poll().stream()
                  .map(Raw::topic)
                  .collect(Collectors.groupingBy(t -> t, Collectors.counting())));
      assertThat(meters.counter(CdcMetrics.HEARTBEATS).count()).isPositive();
      assertThat(reader.poll(topic)).hasSize(1);
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get())
            .as("heartbeats are acknowledged, not written")
            .noneMatch(t -> t.contains("heartbeat." + config.topicPrefix()));
      }
    }
  }

  @Test
  void shouldNotAcknowledgeABatchKafkaRejectedAndCaptureItAgainOnTheNextStart() throws Exception {
    String db = "sales_reject";
    createCrmDatabase(mariaDb, db);
    execute(mariaDb, db, insertCustomer(1, "buyer@example.com"));
    CdcSourceConfig config = new CdcSourceConfig(settings(mariaDb, kafka, db, 5505));
    // A topic that takes no record of ordinary size makes Kafka refuse the order's write.
    kafka.createTopic(config.rawTopic("orders"), 1, Map.of("max.message.bytes", "64"));
    String insertOrder =
        "INSERT INTO orders (id, order_number, customer_id, currency, total_amount, ordered_at)"
            + " VALUES (100, 'SO-100', 1, 'EUR', 60.00, '2024-03-02 08:00:00')";
    try (RawTopicReader reader = reader(config)) {
      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        await()
            .atMost(WAIT)
            .until(() -> reader.poll(config.rawTopic("customers")), l -> l.size() == 1);
        execute(mariaDb, db, insertOrder);
        await().atMost(WAIT).until(() -> source.termination().isDone());
        assertThat(source.isRunning()).isFalse();
        assertThat(source.failure())
            .get()
            .isInstanceOf(CdcSourceException.class)
            .extracting(Throwable::getMessage)
            .asString()
            .contains(config.rawTopic("orders"), "will be read again");
      }
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        var resource =
            new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                config.rawTopic("orders"));
        admin
            .incrementalAlterConfigs(
                Map.of(
                    resource,
                    List.of(
                        new org.apache.kafka.clients.admin.AlterConfigOp(
                            new org.apache.kafka.clients.admin.ConfigEntry(
                                "max.message.bytes", "1048576"),
                            org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
            .all()
            .get();
      }
      try (CdcSource again = CdcSource.start(config, new SimpleMeterRegistry())) {
        List<Raw> orders =
            await()
                .atMost(WAIT)
                .until(() -> reader.poll(config.rawTopic("orders")), l -> l.size() == 1);
        assertThat(orders.get(0).op()).isEqualTo("c");
        assertThat(orders.get(0).key().get("id").asLong()).isEqualTo(100L);
        assertThat(reader.poll(config.rawTopic("customers"))).as("no re-snapshot").hasSize(1);
      }
    }
  }

  @Test
  void shouldEncodeColumnTypesTheSameWayInTheSnapshotAndInTheBinlog() throws Exception {
    String db = "sales_types";
    mariaDb.createDatabase(db);
    execute(
        mariaDb,
        db,
        "CREATE TABLE type_probe (id BIGINT PRIMARY KEY, amount DECIMAL(10,2), qty DECIMAL(12,3),"
            + " d DATE, t TIME(3), dt3 DATETIME(3), dt6 DATETIME(6), ts TIMESTAMP(3) NULL,"
            + " e ENUM('A','B'), tags SET('x','y'), note VARCHAR(10) NULL DEFAULT 'dflt',"
            + " flag TINYINT(1), big BIGINT)",
        probeRow(1));
    Map<String, Object> settings = settings(mariaDb, kafka, db, 5506);
    settings.put(CdcSourceConfig.CRM_TABLES, "type_probe");
    CdcSourceConfig config = new CdcSourceConfig(settings);
    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader = reader(config)) {
      String topic = config.rawTopic("type_probe");
      await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 1);
      execute(mariaDb, db, probeRow(2));
      List<Raw> rows = await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 2);

      JsonNode snapshot = rows.get(0).value().get("after");
      JsonNode streamed = rows.get(1).value().get("after");
      System.out.println("type probe snapshot: " + snapshot);
      System.out.println("type probe streamed: " + streamed);
      assertThat(rows.get(0).op()).isEqualTo("r");
      assertThat(rows.get(1).op()).isEqualTo("c");
      // TIMESTAMP strings differ in trailing zeros (snapshot ".25Z", binlog ".250Z"): same
      // instant, different text. Everything else is identical.
      Instant streamedTs = Instant.parse(streamed.get("ts").asText());
      assertThat(streamedTs).isEqualTo(Instant.parse(snapshot.get("ts").asText()));
      assertThat(streamedTs).isEqualTo(Instant.parse("2024-03-01T10:15:30.250Z"));
      for (String column : List.of("id", "ts")) {
        ((ObjectNode) snapshot).remove(column);
        ((ObjectNode) streamed).remove(column);
      }
      assertThat(streamed).isEqualTo(snapshot);

      long dayMillis =
          LocalDateTime.of(2024, 3, 1, 10, 15, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
      assertThat(streamed.get("amount").asText()).isEqualTo("1500.00");
      assertThat(streamed.get("qty").asText()).isEqualTo("2.000");
      assertThat(streamed.get("d").asLong())
          .isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0).toLocalDate().toEpochDay());
      assertThat(streamed.get("t").asLong())
          .isEqualTo((10 * 3600 + 15 * 60 + 30) * 1_000_000L + 250_000L);
      assertThat(streamed.get("dt3").asLong()).isEqualTo(dayMillis + 250);
      assertThat(streamed.get("dt6").asLong()).isEqualTo(dayMillis * 1000 + 250_001);
      assertThat(streamed.get("e").asText()).isEqualTo("B");
      assertThat(streamed.get("tags").asText()).isEqualTo("x,y");
      assertThat(streamed.get("note").isNull()).as("NULL stays NULL despite a DEFAULT").isTrue();
      assertThat(streamed.get("flag").asInt()).isEqualTo(1);
      assertThat(streamed.get("big").asLong()).isEqualTo(9_007_199_254_740_993L);
      assertThat(source.isRunning()).isTrue();
    }
  }

  private static String probeRow(long id) {
    return "INSERT INTO type_probe VALUES ("
        + id
        + ", 1500.00, 2.000, '2024-03-01', '10:15:30.250', '2024-03-01 10:15:30.250',"
        + " '2024-03-01 10:15:30.250001', '2024-03-01 10:15:30.250', 'B', 'x,y', NULL, 1,"
        + " 9007199254740993)";
  }

  @Test
  void shouldCaptureThousandsOfChangesEachWithItsOwnPosition() throws Exception {
    String db = "sales_volume";
    createCrmDatabase(mariaDb, db);
    int perPhase = 3000;
    insertCustomersInTransactionsOf(db, 1, perPhase, 500);
    CdcSourceConfig config = new CdcSourceConfig(settings(mariaDb, kafka, db, 5507));
    String topic = config.rawTopic("customers");
    try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry());
        RawTopicReader reader = reader(config)) {
      long started = System.nanoTime();
      await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == perPhase);
      double snapshotSeconds = (System.nanoTime() - started) / 1e9;

      long streamStarted = System.nanoTime();
      insertCustomersInTransactionsOf(db, perPhase + 1, 2 * perPhase, 100);
      List<Raw> all =
          await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 2 * perPhase);
      double streamSeconds = (System.nanoTime() - streamStarted) / 1e9;
      System.out.printf(
          "volume: snapshot %d rows in %.2f s (%.0f/s incl. engine start); streamed %d inserts in"
              + " %.2f s (%.0f/s incl. the inserts themselves)%n",
          perPhase,
          snapshotSeconds,
          perPhase / snapshotSeconds,
          perPhase,
          streamSeconds,
          perPhase / streamSeconds);

      assertThat(ids(all)).hasSize(2 * perPhase);
      List<Raw> streamed = all.stream().filter(r -> r.op().equals("c")).toList();
      assertThat(streamed).hasSize(perPhase);
      assertThat(streamed.stream().map(Raw::offsetKey).toList()).doesNotHaveDuplicates().isSorted();
      assertThat(
              streamed.stream()
                  .map(
                      r ->
                          r.position().get("gtid").asText() + "#" + r.position().get("total_order"))
                  .distinct()
                  .count())
          .isEqualTo(perPhase);
      assertThat(source.isRunning()).isTrue();
    }
  }

  private static void insertCustomersInTransactionsOf(
      String db, long from, long to, int perTransaction) throws Exception {
    try (java.sql.Connection c = mariaDb.connect(db);
        java.sql.Statement s = c.createStatement()) {
      for (long start = from; start <= to; start += perTransaction) {
        StringBuilder sql =
            new StringBuilder(
                "INSERT INTO customers (id, first_name, last_name, email, country_code) VALUES ");
        for (long id = start; id < Math.min(start + perTransaction, to + 1); id++) {
          sql.append(id == start ? "" : ",")
              .append("(")
              .append(id)
              .append(", 'F', 'L', 'v")
              .append(id)
              .append("@example.com', 'DE')");
        }
        s.execute(sql.toString());
      }
    }
  }

  private static String pageView(int id) {
    return "INSERT INTO page_views VALUES (" + id + ", 'https://crm.example/" + id + "')";
  }

  /** The sequence number of a single-domain MariaDB GTID position ("0-1-57" -> 57; "" -> -1). */
  private static long gtidSequence(String position) {
    return position.isEmpty()
        ? -1
        : Long.parseLong(position.substring(position.lastIndexOf('-') + 1));
  }

  /** The last offset the source stored, as JSON (its offsets topic read from the start). */
  private static JsonNode lastStoredOffset(CdcSourceConfig config) throws Exception {
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers", kafka.bootstrapServers(),
            "key.deserializer", ByteArrayDeserializer.class.getName(),
            "value.deserializer", ByteArrayDeserializer.class.getName());
    JsonNode last = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition partition = new TopicPartition(config.offsetsTopic(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            last = MAPPER.readTree(r.value());
          }
        }
      }
    }
    return last;
  }

  private static RawTopicReader reader(CdcSourceConfig config) {
    return new RawTopicReader(kafka.bootstrapServers(), RawTopics.names(config));
  }

  private static Set<Long> ids(List<Raw> records) {
    return records.stream().map(r -> r.key().get("id").asLong()).collect(Collectors.toSet());
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
