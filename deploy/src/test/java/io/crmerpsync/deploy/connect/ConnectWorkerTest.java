package io.crmerpsync.deploy.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.deploy.reconcile.ErpVersions;
import io.crmerpsync.deploy.reconcile.PayloadFingerprint;
import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.registry.RegistryConfig;
import io.crmerpsync.registry.SchemaRegistryServer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.erp.ErpOrder;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process Connect worker running the project's ERP sink connector against real Kafka, the
 * real schema registry and real PostgreSQL: plugin discovery by service loading, converters, status
 * over REST, the dead-letter queue, and a task that fails when no DLQ is configured.
 */
class ConnectWorkerTest {

  private static final Path DATA = Path.of("target", "connect-worker-test");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static EmbeddedKafka kafka;
  private static EmbeddedErpPostgres postgres;
  private static EmbeddedMariaDb mariaDb;
  private static SchemaRegistryServer registry;
  private static ConnectWorker worker;
  private static AvroWireSerde<ErpCommand> serde;
  private static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void startEverything() throws SQLException {
    kafka = EmbeddedKafka.start(DATA.resolve("kafka"));
    postgres = EmbeddedErpPostgres.start(DATA.resolve("postgres"));
    mariaDb = EmbeddedMariaDb.start(DATA.resolve("mariadb"));
    registry =
        SchemaRegistryServer.start(
            RegistryConfig.forKafka(kafka.bootstrapServers()), new SimpleMeterRegistry());
    worker = ConnectWorker.start(kafka.bootstrapServers(), DATA.resolve("connect"));
    serde =
        AvroWireSerde.forValues(
            new RestSchemaRegistryClient(registry.baseUri().toString()), ErpCommand.class);
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    try (Connection connection = postgres.connect();
        Statement statement = connection.createStatement()) {
      // The data directory is kept between runs; every run starts from empty schemas.
      for (String schema :
          List.of("erp_rest", "erp_dlq", "erp_fail", "erp_aborted", "erp_fingerprint")) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    try (Connection connection = mariaDb.connect("");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS erp_maria_dlq");
      statement.execute("DROP DATABASE IF EXISTS erp_maria_fingerprint");
    }
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable part :
        new AutoCloseable[] {producer, worker, registry, postgres, mariaDb, kafka}) {
      if (part != null) {
        try {
          part.close();
        } catch (Exception e) {
          // Keep closing the rest; the next part may still hold threads or ports.
          System.err.println("close failed: " + e);
        }
      }
    }
  }

  @Test
  void shouldRunTheErpSinkConnectorAndServeItsStatusOverRest() throws Exception {
    String topic = freshTopic("rest");
    worker.createConnector("erp-sink-rest", sinkConfig(topic, "erp_rest", true));

    await().atMost(PATIENCE).until(() -> isRunning("erp-sink-rest"));

    HttpResponse<String> status = get("connectors/erp-sink-rest/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"state\":\"RUNNING\"").contains("\"type\":\"sink\"");
    HttpResponse<String> plugins = get("connector-plugins");
    assertThat(plugins.body())
        .contains("io.crmerpsync.erp.sink.ErpSinkConnector")
        .contains("0.1.0-SNAPSHOT");
  }

  @Test
  void shouldApplyCommandsAndDeadLetterWhatTheDatabaseOrTheDecoderRefuses() throws Exception {
    String topic = freshTopic("dlq");
    String deadLetters = freshTopic("dlq-dead-letters");
    Map<String, String> config = sinkConfig(topic, "erp_dlq", true);
    config.put("errors.deadletterqueue.topic.name", deadLetters);
    worker.createConnector("erp-sink-dlq", config);
    await().atMost(PATIENCE).until(() -> isRunning("erp-sink-dlq"));

    send(topic, customer("C-1", 1, "Lovelace", "GB"));
    send(topic, customer("C-2", 1, "Poison", "GBR"));
    producer.send(new ProducerRecord<>(topic, "C-3", "{\"not\":\"avro\"}".getBytes(UTF8))).get();
    send(topic, customer("C-1", 2, "King", "GB"));
    send(topic, customer("C-1", 1, "Lovelace", "GB"));

    await()
        .atMost(PATIENCE)
        .until(() -> lastName("erp_dlq", "C-1").filter("King"::equals).isPresent());
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(deadLetters, 2);
    assertThat(dead).extracting(r -> new String(r.key(), UTF8)).containsExactly("C-2", "C-3");
    assertThat(header(dead.get(0), "__connect.errors.exception.message"))
        .contains("SQLState 22001")
        .contains("customer crm:C-2 v1");
    assertThat(header(dead.get(1), "__connect.errors.exception.message")).startsWith("undecodable");
    assertThat(lastName("erp_dlq", "C-2")).isEmpty();
    assertThat(worker.taskStates("erp-sink-dlq")).containsExactly("RUNNING");
    ObjectName counters =
        new ObjectName(
            "io.crmerpsync.erp.sink:type=ErpSinkTask,connector=\"erp-sink-dlq\",task=\"0\"");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var jmx = ManagementFactory.getPlatformMBeanServer();
              assertThat(jmx.getAttribute(counters, "Applied")).isEqualTo(2L);
              assertThat(jmx.getAttribute(counters, "SkippedStale")).isEqualTo(1L);
              assertThat(jmx.getAttribute(counters, "Rejected")).isEqualTo(2L);
            });
  }

  @Test
  void shouldNeverApplyACommandOfAnAbortedTransaction() throws Exception {
    String topic = freshTopic("aborted");
    worker.createConnector("erp-sink-aborted", sinkConfig(topic, "erp_aborted", true));
    await().atMost(PATIENCE).until(() -> isRunning("erp-sink-aborted"));
    Map<String, Object> transactional = new java.util.HashMap<>();
    transactional.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-streams-task");
    try (KafkaProducer<String, byte[]> streamsLike =
        new KafkaProducer<>(transactional, new StringSerializer(), new ByteArraySerializer())) {
      streamsLike.initTransactions();
      // As a streams task that crashed before its commit: its command is in the log, aborted.
      streamsLike.beginTransaction();
      streamsLike
          .send(
              new ProducerRecord<>(
                  topic, "C-9", serde.serialize(topic, customer("C-9", 2, "Aborted", "GB"))))
          .get();
      streamsLike.flush();
      streamsLike.abortTransaction();
      streamsLike.beginTransaction();
      streamsLike
          .send(
              new ProducerRecord<>(
                  topic, "C-9", serde.serialize(topic, customer("C-9", 1, "Committed", "GB"))))
          .get();
      streamsLike.commitTransaction();
    }

    await()
        .atMost(PATIENCE)
        .until(() -> lastName("erp_aborted", "C-9").filter("Committed"::equals).isPresent());
    assertThat(lastName("erp_aborted", "C-9")).contains("Committed");
  }

  @Test
  void shouldDeadLetterWhatMariaDbRefusesAndWriteTheRestOfTheBatch() throws Exception {
    String topic = freshTopic("maria-dlq");
    String deadLetters = freshTopic("maria-dlq-dead-letters");
    Map<String, String> config = sinkConfig(topic, "erp_maria_dlq", true);
    config.put("errors.deadletterqueue.topic.name", deadLetters);
    config.put("erp.jdbc.url", mariaDb.jdbcUrl(""));
    config.put("erp.jdbc.user", "root");
    config.remove("erp.jdbc.password");
    worker.createConnector("erp-sink-maria-dlq", config);
    await().atMost(PATIENCE).until(() -> isRunning("erp-sink-maria-dlq"));

    send(topic, customer("C-1", 1, "Lovelace", "GB"));
    send(topic, customer("C-2", 1, "Poison", "GBR"));
    send(topic, customer("C-3", 1, "Hopper", "US"));
    send(topic, customer("C-1", 2, "King", "GB"));

    await()
        .atMost(PATIENCE)
        .until(() -> mariaDbLastName("erp_maria_dlq", "C-1").filter("King"::equals).isPresent());
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(deadLetters, 1);
    assertThat(dead).extracting(r -> new String(r.key(), UTF8)).containsExactly("C-2");
    assertThat(header(dead.get(0), "__connect.errors.exception.message"))
        .startsWith("database-rejected")
        .contains("customer crm:C-2 v1")
        .contains("SQLState 22001, error 1406")
        .contains("Data too long for column 'country_code'");
    assertThat(mariaDbLastName("erp_maria_dlq", "C-3")).contains("Hopper");
    assertThat(mariaDbLastName("erp_maria_dlq", "C-2")).isEmpty();
    assertThat(worker.taskStates("erp-sink-maria-dlq")).containsExactly("RUNNING");
  }

  /**
   * Reconcile's EDITED_IN_ERP check on real servers: what the sink writes into PostgreSQL and into
   * a MariaDB ERP (timestamps as timestamptz and as UTC DATETIME(3), decimals at their scale, an
   * order's lines) gives the fingerprint of the command read back from Kafka, and an edited line
   * does not.
   */
  @Test
  void shouldGiveTheInterfaceRowsTheFingerprintOfTheCommandThatWroteThemInPostgresAndMariaDb()
      throws Exception {
    String topic = freshTopic("fingerprint");
    worker.createConnector("erp-sink-fingerprint-pg", sinkConfig(topic, "erp_fingerprint", false));
    Map<String, String> maria = sinkConfig(topic, "erp_maria_fingerprint", false);
    maria.put("erp.jdbc.url", mariaDb.jdbcUrl(""));
    maria.put("erp.jdbc.user", "root");
    maria.remove("erp.jdbc.password");
    worker.createConnector("erp-sink-fingerprint-maria", maria);
    await()
        .atMost(PATIENCE)
        .until(
            () -> isRunning("erp-sink-fingerprint-pg") && isRunning("erp-sink-fingerprint-maria"));

    send(topic, order("O-7", 3, Instant.parse("2026-03-01T10:15:30.123Z")));
    Map<String, ErpVersions.Held> sent =
        ErpVersions.sent(
            new io.crmerpsync.deploy.kafka.OperatorKafka(kafka.bootstrapServers(), PATIENCE),
            new RestSchemaRegistryClient(registry.baseUri().toString()),
            topic,
            "crm",
            ErpOrder.getClassSchema(),
            read -> {});
    assertThat(sent.get("O-7").fingerprint()).isNotEqualTo(PayloadFingerprint.NONE);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              try (Connection pg = postgres.connect()) {
                assertThat(erpHeld(pg, "erp_fingerprint")).isEqualTo(sent);
              }
            });
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              try (Connection connection = mariaDb.connect("")) {
                assertThat(erpHeld(connection, "erp_maria_fingerprint")).isEqualTo(sent);
              }
            });
    try (Connection connection = mariaDb.connect("");
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE erp_maria_fingerprint.order_line_iface SET unit_price = 9.99"
              + " WHERE order_source_ref = 'O-7' AND line_no = 2");
      assertThat(erpHeld(connection, "erp_maria_fingerprint").get("O-7"))
          .isNotEqualTo(sent.get("O-7"))
          .extracting(ErpVersions.Held::version)
          .isEqualTo(3L);
    }
  }

  private static Map<String, ErpVersions.Held> erpHeld(Connection connection, String schema)
      throws SQLException {
    return ErpVersions.inErp(
        connection, schema, "order_iface", "order_line_iface", "crm", ErpOrder.getClassSchema());
  }

  private static ErpCommand order(String ref, long version, Instant orderedAt) {
    List<ErpOrderLine> lines = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      lines.add(
          ErpOrderLine.newBuilder()
              .setLineNo(n)
              .setSku("SKU-" + n)
              .setDescription(n == 1 ? null : "second line")
              .setQuantity(new BigDecimal("1.500").add(BigDecimal.valueOf(n)))
              .setUnitPrice(new BigDecimal("10.50"))
              .build());
    }
    ErpOrder body =
        ErpOrder.newBuilder()
            .setOrderNumber("SO-" + ref)
            .setCustomerRef("C-1")
            .setStatus("CONFIRMED")
            .setCurrency("EUR")
            .setTotalAmount(new BigDecimal("123.40"))
            .setOrderedAt(orderedAt)
            .setShippingCity("Lyon")
            .setLines(lines)
            .build();
    return upsert("order", ref, version).setOrder(body).build();
  }

  @Test
  void shouldFailTheTaskNamingTheRecordWhenNoDeadLetterQueueIsConfigured() throws Exception {
    String topic = freshTopic("fail");
    worker.createConnector("erp-sink-fail", sinkConfig(topic, "erp_fail", false));
    await().atMost(PATIENCE).until(() -> isRunning("erp-sink-fail"));

    send(topic, customer("C-1", 1, "Poison", "GBR"));

    await()
        .atMost(PATIENCE)
        .until(() -> worker.taskStates("erp-sink-fail").equals(List.of("FAILED")));
    assertThat(get("connectors/erp-sink-fail/status").body())
        .contains("topic " + topic)
        .contains("offset 0")
        .contains("22001");
  }

  @Test
  void shouldRefuseAConnectorConfigurationThatBreaksTheSinkSettings() {
    Map<String, String> config = sinkConfig(freshTopic("bad"), "erp_bad", true);
    config.remove("erp.jdbc.url");

    assertThatThrownBy(() -> worker.createConnector("erp-sink-bad", config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("erp.jdbc.url");
  }

  @Test
  void shouldSayWhenAConnectorDoesNotExist() {
    assertThatThrownBy(() -> worker.connectorState("no-such-connector"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-connector");
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static Map<String, String> sinkConfig(String topic, String schema, boolean dlq) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.crmerpsync.erp.sink.ErpSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    if (dlq) {
      config.put("errors.tolerance", "all");
      config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
      config.put("errors.deadletterqueue.topic.replication.factor", "1");
      config.put("errors.deadletterqueue.context.headers.enable", "true");
    }
    config.put("erp.jdbc.url", postgres.jdbcUrl());
    config.put("erp.jdbc.user", postgres.user());
    config.put("erp.jdbc.password", postgres.password());
    config.put("erp.schema", schema);
    config.put("schema.registry.url", registry.baseUri().toString());
    return config;
  }

  private static String freshTopic(String name) {
    String topic = "connect-worker-test." + name + "." + System.nanoTime();
    kafka.createTopic(topic, 1, Map.of());
    return topic;
  }

  private static boolean isRunning(String connector) {
    return "RUNNING".equals(worker.connectorState(connector))
        && worker.taskStates(connector).equals(List.of("RUNNING"));
  }

  private static ErpCommand customer(String ref, long version, String lastName, String country) {
    ErpCustomer body =
        ErpCustomer.newBuilder()
            .setFirstName("Ada")
            .setLastName(lastName)
            .setEmail(lastName.toLowerCase() + "@example.com")
            .setCountryCode(country)
            .setCreditLimit(new BigDecimal("100.00"))
            .setPaymentTermsDays(14)
            .setStatus("ACTIVE")
            .build();
    return upsert("customer", ref, version).setCustomer(body).build();
  }

  /** An upsert of {@code entity} {@code ref} at {@code version}, its payload still to set. */
  private static ErpCommand.Builder upsert(String entity, String ref, long version) {
    return ErpCommand.newBuilder()
        .setEntity(entity)
        .setSourceSystem("crm")
        .setSourceRef(ref)
        .setAction(ErpAction.UPSERT)
        .setVersion(version)
        .setIdempotencyKey("crm:" + entity + ":" + ref + ":" + version)
        .setSourcePosition("0-1-" + version)
        .setCommitTime(Instant.now());
  }

  private static void send(String topic, ErpCommand command) throws Exception {
    producer
        .send(new ProducerRecord<>(topic, command.getSourceRef(), serde.serialize(topic, command)))
        .get();
  }

  private static Optional<String> lastName(String schema, String ref) throws SQLException {
    try (Connection connection = postgres.connect();
        Statement statement = connection.createStatement()) {
      ResultSet exists =
          statement.executeQuery("SELECT to_regclass('" + schema + ".customer_iface') IS NOT NULL");
      exists.next();
      if (!exists.getBoolean(1)) {
        return Optional.empty();
      }
      ResultSet rows =
          statement.executeQuery(
              "SELECT last_name FROM "
                  + schema
                  + ".customer_iface WHERE source_ref = '"
                  + ref
                  + "'");
      return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
    }
  }

  private static Optional<String> mariaDbLastName(String database, String ref) throws SQLException {
    try (Connection connection = mariaDb.connect("");
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT last_name FROM " + database + ".customer_iface WHERE source_ref = ?")) {
      query.setString(1, ref);
      ResultSet rows = query.executeQuery();
      return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      if (e.getErrorCode() == 1146) {
        // The sink has not created the table yet.
        return Optional.empty();
      }
      throw e;
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF8);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    URI uri = worker.restUri().resolve("/" + path);
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
