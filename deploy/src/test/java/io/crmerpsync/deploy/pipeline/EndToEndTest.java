package io.crmerpsync.deploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.schemas.wire.WireFormat;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline on real parts: MariaDB with binlog, Debezium, a KRaft broker, the streams
 * application, the schema registry, a Connect worker with the ERP sink and PostgreSQL. CRM rows are
 * changed over JDBC; the ERP interface tables must then equal the CRM tables through the mapping,
 * field by field.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  private static final Duration ERP_WAIT = Duration.ofSeconds(90);
  private static final int PARTITIONS = 3;
  private static EmbeddedPipeline pipeline;
  private static SimpleMeterRegistry meters;
  private static Connection crm;
  private static Connection erp;
  private static Path mapping;

  @BeforeAll
  static void startPipeline() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "e2e"));
    // Three partitions: orders, lines and transaction markers land on different partitions, so
    // the re-keying by transaction and by order is exercised for real.
    mapping = Files.createTempFile(dir, "mapping", ".yaml");
    Files.writeString(
        mapping,
        "sources: [crm, erp]\n"
            + "entities:\n"
            + "  customer:\n"
            + "    default: {owner: crm}\n"
            + "    review-window-ms: 600000\n"
            + "    fields:\n"
            + "      credit_limit: {owner: erp}\n"
            + "      street: {policy: review}\n"
            + "  order:\n"
            + "    fields:\n"
            + "      status: {owner: erp}\n");
    meters = new SimpleMeterRegistry();
    pipeline =
        EmbeddedPipeline.start(
            Files.createTempDirectory(dir, "pipeline"), meters, PARTITIONS, mapping);
    crm = pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE);
    erp = pipeline.erp().connect();
  }

  @AfterAll
  static void stopPipeline() throws SQLException {
    if (crm != null) {
      crm.close();
    }
    if (erp != null) {
      erp.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void shouldMirrorInsertsUpdatesAndDeletesOfCustomersAndOrdersIntoTheErp() throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.<String, Object>of("bootstrap.servers", pipeline.kafka().bootstrapServers()))) {
      assertThat(
              admin
                  .describeTopics(List.of("crm.sales.orders", "crm.sales.order_lines"))
                  .allTopicNames()
                  .get()
                  .values())
          .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(PARTITIONS));
    }

    long ada = insertCustomer("Ada", "ada@example.com", "London", "1500.00");
    long grace = insertCustomer("Grace", "grace@example.com", "Arlington", "0.00");
    long alan = insertCustomer("Alan", "alan@example.com", "Manchester", "250.50");
    long order = insertOrderWithLines(ada, "SO-1", 3);
    long other = insertOrderWithLines(grace, "SO-2", 2);
    execute("UPDATE customers SET city = 'Cambridge', credit_limit = 2000.00 WHERE id = " + ada);
    execute("UPDATE orders SET status = 'CONFIRMED' WHERE id = " + order);
    execute("DELETE FROM order_lines WHERE order_id = " + order + " AND line_no = 3");
    execute("UPDATE order_lines SET quantity = 7 WHERE order_id = " + order + " AND line_no = 1");
    inTransaction(
        "DELETE FROM order_lines WHERE order_id = " + other,
        "DELETE FROM orders WHERE id = " + other);
    execute("DELETE FROM customers WHERE id = " + alan);

    await()
        .atMost(ERP_WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(erpCustomers()).isEqualTo(crmCustomers());
              assertThat(erpOrders()).isEqualTo(crmOrders());
              assertThat(erpAction("customer_iface", alan)).isEqualTo("DEACTIVATE");
              assertThat(erpAction("order_iface", other)).isEqualTo("DELETE");
              assertThat(
                      erpRows(
                          "SELECT line_no FROM erp.order_line_iface WHERE order_source_ref = '"
                              + order
                              + "' ORDER BY line_no"))
                  .extracting(row -> row.get("line_no"))
                  .containsExactly(1, 2);
              // One command per CRM transaction: insert with 3 lines, status, line delete, line
              // update = 4 versions (one per row change would be 7).
              assertThat(
                      erpRows(
                          "SELECT source_version FROM erp.order_iface WHERE source_ref = '"
                              + order
                              + "'"))
                  .extracting(row -> row.get("source_version"))
                  .containsExactly("4");
            });
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void shouldExplainEveryDecisionAboutARowThroughTheAuditCommand() throws Exception {
    long id = insertCustomer("Edsger", "edsger@example.com", "Austin", "5.00");
    execute("UPDATE customers SET city = 'Nuenen' WHERE id = " + id);
    execute("DELETE FROM customers WHERE id = " + id);
    awaitErpEqualsCrm();

    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(auditTrail(id).lines().filter(l -> l.contains("APPLIED")))
                    .hasSize(3)
                    .anySatisfy(l -> assertThat(l).contains("op=create").contains("first change"))
                    .anySatisfy(l -> assertThat(l).contains("op=delete").contains("is after")));
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void shouldPublishCanonicalTopicsThatDecodeThroughTheRegistry() throws Exception {
    long id = insertCustomer("Barbara", "barbara@example.com", "Boston", "10.00");
    insertOrderWithLines(id, "SO-3", 1);
    awaitErpEqualsCrm();

    RestSchemaRegistryClient registry =
        new RestSchemaRegistryClient(pipeline.registry().baseUri().toString());
    Map<String, byte[]> customers = readAll(Topics.CANONICAL_CUSTOMERS);
    byte[] raw = customers.get(Long.toString(id));
    assertThat(raw).isNotNull();
    assertThat(raw[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    Customer customer =
        AvroWireSerde.forValues(registry, Customer.class)
            .deserialize(Topics.CANONICAL_CUSTOMERS, raw);
    assertThat(customer.getEmail()).isEqualTo("barbara@example.com");
    assertThat(customer.getCreditLimit()).isEqualByComparingTo(new BigDecimal("10.00"));
    assertThat(registry.compatibility(Topics.CANONICAL_CUSTOMERS + "-value"))
        .isEqualTo("BACKWARD_TRANSITIVE");

    AvroWireSerde<Order> orders = AvroWireSerde.forValues(registry, Order.class);
    List<Order> decoded = new ArrayList<>();
    for (byte[] value : readAll(Topics.CANONICAL_ORDERS).values()) {
      if (value != null) {
        decoded.add(orders.deserialize(Topics.CANONICAL_ORDERS, value));
      }
    }
    assertThat(decoded)
        .anySatisfy(
            o -> {
              assertThat(o.getOrderNumber()).isEqualTo("SO-3");
              assertThat(o.getLines()).hasSize(1);
            });
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void shouldLoseNoChangeWhenCdcSourceStopsAndStartsMidStream() throws Exception {
    for (int i = 0; i < 10; i++) {
      insertCustomer("Before" + i, "before" + i + "@example.com", "Oslo", "1.00");
    }
    pipeline.stopCdcSource();
    List<Long> whileDown = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      whileDown.add(insertCustomer("During" + i, "during" + i + "@example.com", "Bergen", "2.00"));
    }
    execute("UPDATE customers SET city = 'Trondheim' WHERE id = " + whileDown.get(0));
    pipeline.startCdcSource();
    for (int i = 0; i < 10; i++) {
      insertCustomer("After" + i, "after" + i + "@example.com", "Tromso", "3.00");
    }

    awaitErpEqualsCrm();
  }

  @Test
  @org.junit.jupiter.api.Order(100)
  void shouldKeepApplyingChangesAfterAFailoverToAReplicaWhoseBinlogOffsetsAreLower()
      throws Exception {
    // Last: the CRM is the promoted replica from here on.
    long ada = insertCustomer("Ada", "ada.failover@example.com", "London", "1.00");
    awaitErpEqualsCrmFor(ada);
    try (EmbeddedMariaDb replica =
        EmbeddedMariaDb.start(Files.createTempDirectory(Path.of("target", "e2e"), "replica"), 2)) {
      replica.replicateFrom(
          pipeline.crm(), EmbeddedPipeline.CDC_USER, EmbeddedPipeline.CDC_PASSWORD);
      // The primary's binlog moves two files on; the replica's stays in its first.
      execute("FLUSH NO_WRITE_TO_BINLOG BINARY LOGS");
      execute("FLUSH NO_WRITE_TO_BINLOG BINARY LOGS");
      execute("UPDATE customers SET city = 'Leeds' WHERE id = " + ada);
      String last = pipeline.crm().gtidCurrentPos();
      await().atMost(ERP_WAIT).until(() -> replica.gtidCurrentPos().equals(last));
      awaitErpEqualsCrmFor(ada);

      replica.promote();
      pipeline.failOverCdcSourceTo(replica);
      crm.close();
      crm = replica.connect(EmbeddedPipeline.CRM_DATABASE);
      execute("UPDATE customers SET city = 'York' WHERE id = " + ada);
      long hedy = insertCustomer("Hedy", "hedy.failover@example.com", "Vienna", "5.00");

      // Without GTID order the promoted replica's changes to Ada would look older than the
      // primary's (binlog file 1 against 3) and be dropped as stale.
      awaitErpEqualsCrmFor(ada, hedy);
      assertThat(erpRows("SELECT city FROM erp.customer_iface WHERE source_ref = '" + ada + "'"))
          .extracting(row -> row.get("city"))
          .containsExactly("York");
      assertThat(erpRows("SELECT city FROM erp.customer_iface WHERE source_ref = '" + hedy + "'"))
          .extracting(row -> row.get("city"))
          .containsExactly("Vienna");
    }
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void shouldFollowTheMappingFileWhenCrmAndErpEditTheSameCustomerWithinASecond() throws Exception {
    long id = insertCustomer("Grace", "grace.hopper@example.com", "Arlington", "100.00");
    await().atMost(ERP_WAIT).until(() -> !erpRows(customerIface(id)).isEmpty());

    try (java.sql.Connection erpUser = pipeline.erp().connect();
        PreparedStatement credit =
            erpUser.prepareStatement(
                "INSERT INTO erp.customer_master (crm_customer_id, credit_limit, phone)"
                    + " VALUES (?, 7500.00, '+1 555 0100')")) {
      credit.setLong(1, id);
      credit.executeUpdate();
    }
    execute("UPDATE customers SET city = 'New York', credit_limit = 1.00 WHERE id = " + id);

    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpRows(customerIface(id)))
                    .singleElement()
                    .satisfies(
                        row -> {
                          assertThat(row.get("city")).isEqualTo("New York");
                          // The ERP owns the credit limit: no command carries it.
                          assertThat(row.get("credit_limit")).isNull();
                          assertThat(row.get("omitted_columns")).isEqualTo("credit_limit");
                          assertThat(row.get("phone")).isEqualTo("+44 1");
                        }));
    // The ERP's credit limit is in the golden record (the canonical topic shows it), although no
    // command carries it to the interface table.
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(canonicalCustomer(id).getCreditLimit())
                    .isEqualByComparingTo(new BigDecimal("7500")));

    // Now that the ERP has set the credit limit, a CRM change of it is rejected and audited.
    execute("UPDATE customers SET credit_limit = 2.00, city = 'Brooklyn' WHERE id = " + id);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpRows(customerIface(id)))
                    .singleElement()
                    .satisfies(
                        row -> {
                          assertThat(row.get("city")).isEqualTo("Brooklyn");
                          assertThat(row.get("credit_limit")).isNull();
                        }));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(auditTrail(id))
                    .contains("REJECTED_NOT_OWNER")
                    .contains("erp owns credit_limit, not crm"));
  }

  @Test
  @org.junit.jupiter.api.Order(6)
  void shouldApplyAConflictResolutionMadeWithTheConflictsCommand() throws Exception {
    long id = insertCustomer("Ada", "ada.byron@example.com", "London", "5.00");
    execute("UPDATE customers SET street = '1 Old Road' WHERE id = " + id);
    execute("UPDATE customers SET street = '2 CRM Street' WHERE id = " + id);
    await().atMost(ERP_WAIT).until(() -> "2 CRM Street".equals(ifaceStreet(id)));

    // The sample ERP master has no street; an ERP that keeps addresses too gets one here.
    try (java.sql.Connection erpUser = pipeline.erp().connect();
        Statement ddl = erpUser.createStatement();
        PreparedStatement master =
            erpUser.prepareStatement(
                "INSERT INTO erp.customer_master (crm_customer_id, credit_limit, street)"
                    + " VALUES (?, 5.00, '3 ERP Avenue')")) {
      ddl.execute("ALTER TABLE erp.customer_master ADD COLUMN IF NOT EXISTS street TEXT");
      master.setLong(1, id);
      master.executeUpdate();
    }
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(conflicts("list", "--key", Long.toString(id)))
                    .contains("customer " + id + "  customer.street")
                    .contains("\"2 CRM Street\"")
                    .contains("\"3 ERP Avenue\""));
    await().atMost(ERP_WAIT).until(() -> "1 Old Road".equals(ifaceStreet(id)));

    assertThat(
            conflicts(
                "resolve",
                Long.toString(id),
                "--field",
                "street",
                "--take",
                "erp",
                "--reason",
                "the ERP has the delivery address"))
        .contains("takes erp");

    await().atMost(ERP_WAIT).until(() -> "3 ERP Avenue".equals(ifaceStreet(id)));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(auditTrail(id))
                    .contains("RESOLVED")
                    .contains("operator resolution: ")
                    .contains("the ERP has the delivery address"));
    assertThat(conflicts("list", "--key", Long.toString(id)))
        .contains("no open conflicts for customer " + id)
        .contains("street: RESOLVED");
  }

  @Test
  @org.junit.jupiter.api.Order(8)
  void shouldTakeTheOrderStatusFromTheErpThatOwnsItAndRejectTheCrmsChangeOfIt() throws Exception {
    long customer = insertCustomer("Margaret", "margaret@example.com", "Boston", "30.00");
    long order = insertOrderWithLines(customer, "SO-SHIP", 2);
    String iface =
        "SELECT status, shipping_city, omitted_columns FROM erp.order_iface WHERE source_ref = '"
            + order
            + "'";
    await().atMost(ERP_WAIT).until(() -> !erpRows(iface).isEmpty());

    // The ERP ships the order: its own order table says so.
    try (Connection erpUser = pipeline.erp().connect();
        PreparedStatement ship =
            erpUser.prepareStatement(
                "INSERT INTO erp.order_master (source_system, source_ref, status)"
                    + " VALUES ('crm', ?, 'SHIPPED')")) {
      ship.setString(1, Long.toString(order));
      ship.executeUpdate();
    }
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(canonicalOrder(order).getStatus())
                    .isEqualTo(io.crmerpsync.schemas.canonical.OrderStatus.SHIPPED));

    // The CRM cancels it and moves it to York: the city goes through, the status stays the ERP's.
    execute("UPDATE orders SET status = 'CANCELLED', shipping_city = 'York' WHERE id = " + order);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpRows(iface))
                    .singleElement()
                    .satisfies(
                        row -> {
                          assertThat(row.get("shipping_city")).isEqualTo("York");
                          assertThat(row.get("status")).isNull();
                          assertThat(row.get("omitted_columns")).isEqualTo("status");
                        }));
    Order shown = canonicalOrder(order);
    assertThat(shown.getStatus()).isEqualTo(io.crmerpsync.schemas.canonical.OrderStatus.SHIPPED);
    assertThat(shown.getShippingCity()).isEqualTo("York");
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(auditTrail("orders", order))
                    .contains("REJECTED_NOT_OWNER")
                    .contains("owner: erp owns status, not crm")
                    .contains("CANCELLED"));
  }

  @Test
  @org.junit.jupiter.api.Order(9)
  void shouldKeepDeliveringAcrossRestartsOfStreamsAndBothCapturesWithOtherSettings()
      throws Exception {
    // A setting the restart would not accept proves that the overrides reach the part's config.
    assertThatThrownBy(
            () ->
                pipeline.restartCdcSource(
                    Map.of(io.crmerpsync.cdc.config.CdcSourceConfig.CDC_POLL_INTERVAL_MS, "0")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("cdc.poll.interval.ms");
    assertThatThrownBy(
            () ->
                pipeline.restartErpCapture(
                    Map.of(io.crmerpsync.cdc.config.CdcSourceConfig.CDC_POLL_INTERVAL_MS, "0")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("cdc.poll.interval.ms");
    pipeline.restartErpCapture(
        Map.of(io.crmerpsync.cdc.config.CdcSourceConfig.CDC_POLL_INTERVAL_MS, "30"));
    // Made while the capture is down: read when it starts again.
    long whileDown = insertCustomer("Edsger", "edsger.dijkstra@example.com", "Austin", "10.00");
    pipeline.restartStreams(
        Map.of(io.crmerpsync.streams.app.StreamsAppConfig.COMMIT_INTERVAL_MS, "200"));
    pipeline.restartCdcSource(
        Map.of(io.crmerpsync.cdc.config.CdcSourceConfig.CDC_POLL_INTERVAL_MS, "30"));
    long after = insertCustomer("Barbara", "barbara.liskov@example.com", "Boston", "20.00");
    await()
        .atMost(ERP_WAIT)
        .until(
            () ->
                !erpRows(customerIface(whileDown)).isEmpty()
                    && !erpRows(customerIface(after)).isEmpty());
    // The restarted ERP capture still reports the importer's outcome.
    try (Connection importer = pipeline.erp().connect();
        PreparedStatement success =
            importer.prepareStatement(
                "UPDATE erp.customer_iface SET process_status = 'SUCCESS' WHERE source_ref = ?")) {
      success.setString(1, Long.toString(after));
      assertThat(success.executeUpdate()).isEqualTo(1);
    }
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpStatus("--key", "customer:" + after))
                    .contains("customer:" + after)
                    .contains("SUCCESS"));

    pipeline.restartErpCapture(Map.of());
    pipeline.restartStreams(Map.of());
    pipeline.restartCdcSource(Map.of());
    execute("UPDATE customers SET city = 'Cambridge' WHERE id = " + after);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpRows(customerIface(after)))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("city")).isEqualTo("Cambridge")));
  }

  @Test
  @org.junit.jupiter.api.Order(7)
  void shouldShowTheErpImportersSuccessAndErrorReportsThroughTheErpStatusCommand()
      throws Exception {
    long customer = insertCustomer("Katherine", "katherine@example.com", "Hampton", "40.00");
    long order = insertOrderWithLines(customer, "SO-STATUS", 2);
    await()
        .atMost(ERP_WAIT)
        .until(
            () ->
                !erpRows(customerIface(customer)).isEmpty()
                    && erpAction("order_iface", order) != null);
    assertThat(erpStatus("--key", "customer:" + customer))
        .as("the sink's PENDING rows are no report")
        .contains("no import reports for customer:" + customer);
    // ... and the ERP capture did not even write them to Kafka (crm.skip.rows).
    await()
        .atMost(ERP_WAIT)
        .until(
            () ->
                meters.find("cdc.changes.skipped").tag("table", "customer_iface").counter() != null
                    && meters.find("cdc.changes.skipped").tag("table", "order_iface").counter()
                        != null);

    // The test plays the ERP's importer: it reports on the version it read, as the docs ask.
    try (Connection importer = pipeline.erp().connect();
        PreparedStatement success =
            importer.prepareStatement(
                "UPDATE erp.customer_iface SET process_status = 'SUCCESS'"
                    + " WHERE source_ref = ? AND source_version ="
                    + " (SELECT source_version FROM erp.customer_iface WHERE source_ref = ?)");
        PreparedStatement error =
            importer.prepareStatement(
                "UPDATE erp.order_iface SET process_status = 'ERROR', error_code = 'E-CREDIT',"
                    + " error_message = 'credit limit exceeded' WHERE source_ref = ?")) {
      success.setString(1, Long.toString(customer));
      success.setString(2, Long.toString(customer));
      assertThat(success.executeUpdate()).isEqualTo(1);
      error.setString(1, Long.toString(order));
      assertThat(error.executeUpdate()).isEqualTo(1);
    }

    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpStatus("--key", "customer:" + customer))
                    .contains("customer:" + customer)
                    .contains("SUCCESS")
                    .contains("crm->report "));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpStatus("--errors"))
                    .contains("order:" + order)
                    .contains("E-CREDIT: credit limit exceeded")
                    .doesNotContain("customer:" + customer + " "));
  }

  /** What the `erp-status` command prints; it must succeed. */
  private static String erpStatus(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("erp-status"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--bootstrap-servers",
            pipeline.kafka().bootstrapServers(),
            "--registry-url",
            pipeline.registry().baseUri().toString()));
    int code =
        io.crmerpsync.deploy.cli.Main.commandLine(new java.io.PrintStream(out, true), System.err)
            .execute(all.toArray(String[]::new));
    assertThat(code).isZero();
    return out.toString();
  }

  @Test
  @org.junit.jupiter.api.Order(10)
  void shouldRestoreAnErpRowLostBehindThePipelinesBackThroughTheResyncCommand() throws Exception {
    long id = insertCustomer("Grace", "grace.resync@example.com", "Arlington", "7.00");
    await().atMost(ERP_WAIT).until(() -> ifaceVersion(id) != null);
    long sent = ifaceVersion(id);
    // Lost in the ERP (a restore from an older backup, a truncated interface table): nothing the
    // CRM does tells the pipeline.
    try (Statement st = erp.createStatement()) {
      st.executeUpdate(
          "DELETE FROM erp.customer_iface WHERE source_system = 'crm' AND source_ref = '"
              + id
              + "'");
    }
    assertThat(ifaceVersion(id)).isNull();

    assertThat(
            PipelineCommands.run(
                pipeline,
                "resync",
                "customers",
                Long.toString(id),
                "--reason",
                "ERP restored from an older backup"))
        .contains("1 resync request written");

    await().atMost(ERP_WAIT).until(() -> Long.valueOf(sent + 1).equals(ifaceVersion(id)));
    assertThat(
            erpRows("SELECT city, email FROM erp.customer_iface WHERE source_ref = '" + id + "'"))
        .containsExactly(Map.of("city", "Arlington", "email", "grace.resync@example.com"));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(auditTrail(id))
                    .contains("RESYNCED")
                    .contains("ERP restored from an older backup"));
  }

  @Test
  @org.junit.jupiter.api.Order(10)
  void shouldRestoreAnErpOrderWithItsLinesThroughTheResyncCommand() throws Exception {
    long customer = insertCustomer("Ada", "ada.order.resync@example.com", "Leeds", "9.00");
    long order = insertOrderWithLines(customer, "RS-1", 2);
    await().atMost(ERP_WAIT).until(() -> orderVersion(order) != null && orderLines(order) == 2);
    long sent = orderVersion(order);
    try (Statement st = erp.createStatement()) {
      st.executeUpdate("DELETE FROM erp.order_line_iface WHERE order_source_ref = '" + order + "'");
      st.executeUpdate("DELETE FROM erp.order_iface WHERE source_ref = '" + order + "'");
    }

    assertThat(
            PipelineCommands.run(
                pipeline, "resync", "orders", Long.toString(order), "--reason", "order lost"))
        .contains("1 resync request written to sync.resync-requests.orders.v1");

    await()
        .atMost(ERP_WAIT)
        .until(() -> Long.valueOf(sent + 1).equals(orderVersion(order)) && orderLines(order) == 2);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(auditTrail("orders", order))
                    .contains("RESYNCED")
                    .contains("order lost"));
  }

  private static Long orderVersion(long order) throws SQLException {
    List<Map<String, Object>> rows =
        erpRows("SELECT source_version FROM erp.order_iface WHERE source_ref = '" + order + "'");
    return rows.isEmpty() ? null : Long.valueOf(String.valueOf(rows.get(0).get("source_version")));
  }

  private static int orderLines(long order) throws SQLException {
    return erpRows(
            "SELECT line_no FROM erp.order_line_iface WHERE order_source_ref = '" + order + "'")
        .size();
  }

  @Test
  @org.junit.jupiter.api.Order(11)
  void shouldReconcileTheErpWithThePipelineReportingNoDriftThenRepairingALostRow()
      throws Exception {
    // Every earlier test's customers delivered: the ERP holds what the pipeline last sent.
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(reconcile().output()).contains("no drift"));
    long id = insertCustomer("Edsger", "edsger.reconcile@example.com", "Nuenen", "3.00");
    await().atMost(ERP_WAIT).until(() -> ifaceVersion(id) != null);
    try (Statement st = erp.createStatement()) {
      st.executeUpdate("DELETE FROM erp.customer_iface WHERE source_ref = '" + id + "'");
    }

    PipelineCommands.Result drifted = reconcile();
    assertThat(drifted.code()).as(drifted.output()).isEqualTo(3);
    assertThat(drifted.output())
        .contains("customer " + id + ": MISSING_IN_ERP (sent version 1, ERP version -)")
        .contains("1 drifted {MISSING_IN_ERP=1}");

    PipelineCommands.Result repaired = reconcile("--repair", "--reason", "found by reconcile");
    assertThat(repaired.code()).as(repaired.output()).isZero();
    assertThat(repaired.output()).contains("repair: 1 resync requests written");
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(2).equals(ifaceVersion(id)));
    awaitNoDrift(EndToEndTest::reconcile);

    // A column edited in the interface row behind the pipeline's back, the version left as it is.
    try (Statement st = erp.createStatement()) {
      st.executeUpdate(
          "UPDATE erp.customer_iface SET city = 'Hand' WHERE source_ref = '" + id + "'");
    }
    PipelineCommands.Result edited = reconcile();
    assertThat(edited.code()).as(edited.output()).isEqualTo(3);
    assertThat(edited.output())
        .contains("customer " + id + ": EDITED_IN_ERP (sent version 2, ERP version 2)");
    assertThat(reconcile("--repair", "--reason", "hand edit").code()).isZero();
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(3).equals(ifaceVersion(id)));
    assertThat(erpRows("SELECT city FROM erp.customer_iface WHERE source_ref = '" + id + "'"))
        .containsExactly(Map.of("city", "Nuenen"));
    awaitNoDrift(EndToEndTest::reconcile);

    // An importer that removes the rows it processed: it reports the row imported, then deletes
    // it. Reconcile reads the report and counts the row as imported, not as missing.
    try (Statement st = erp.createStatement()) {
      st.executeUpdate(
          "UPDATE erp.customer_iface SET process_status = 'SUCCESS' WHERE source_ref = '"
              + id
              + "'");
    }
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(erpStatus("--key", "customer:" + id)).contains("SUCCESS"));
    try (Statement st = erp.createStatement()) {
      st.executeUpdate("DELETE FROM erp.customer_iface WHERE source_ref = '" + id + "'");
    }
    PipelineCommands.Result purged = reconcile();
    assertThat(purged.code()).as(purged.output()).isZero();
    assertThat(purged.output())
        .contains(
            "1 customers imported by the ERP and since removed from customer_iface by its"
                + " importer")
        .contains("no drift");
  }

  @Test
  @org.junit.jupiter.api.Order(12)
  void shouldReconcileOrdersReportingNoDriftThenRepairingALostOrder() throws Exception {
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(reconcileOrders().output()).contains("no drift"));
    long customer = insertCustomer("Barbara", "barbara.reconcile@example.com", "Leeds", "4.00");
    long order = insertOrderWithLines(customer, "RC-1", 1);
    await().atMost(ERP_WAIT).until(() -> orderVersion(order) != null);
    long sent = orderVersion(order);
    try (Statement st = erp.createStatement()) {
      st.executeUpdate("DELETE FROM erp.order_iface WHERE source_ref = '" + order + "'");
    }

    PipelineCommands.Result drifted = reconcileOrders();
    assertThat(drifted.code()).as(drifted.output()).isEqualTo(3);
    assertThat(drifted.output())
        .contains("order " + order + ": MISSING_IN_ERP (sent version " + sent + ", ERP version -)");

    assertThat(reconcileOrders("--repair", "--reason", "order found by reconcile").code()).isZero();
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(sent + 1).equals(orderVersion(order)));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(reconcileOrders().output()).contains("no drift"));

    // A line's quantity, then the header's timestamp, edited behind the pipeline's back.
    String quantity =
        "SELECT quantity FROM erp.order_line_iface WHERE order_source_ref = '"
            + order
            + "' AND line_no = 1";
    List<Map<String, Object>> delivered = erpRows(quantity);
    try (Statement st = erp.createStatement()) {
      st.executeUpdate(
          "UPDATE erp.order_line_iface SET quantity = quantity + 1 WHERE order_source_ref = '"
              + order
              + "' AND line_no = 1");
    }
    long editedAt = sent + 1;
    assertThat(reconcileOrders().output())
        .contains(
            "order "
                + order
                + ": EDITED_IN_ERP (sent version "
                + editedAt
                + ", ERP version "
                + editedAt
                + ")");
    assertThat(reconcileOrders("--repair", "--reason", "line edited by hand").code()).isZero();
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(editedAt + 1).equals(orderVersion(order)));
    assertThat(erpRows(quantity)).isEqualTo(delivered);
    try (Statement st = erp.createStatement()) {
      st.executeUpdate(
          "UPDATE erp.order_iface SET ordered_at = ordered_at + interval '1 hour'"
              + " WHERE source_ref = '"
              + order
              + "'");
    }
    assertThat(reconcileOrders().output()).contains("order " + order + ": EDITED_IN_ERP");
    assertThat(reconcileOrders("--repair", "--reason", "timestamp edited").code()).isZero();
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(editedAt + 2).equals(orderVersion(order)));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(reconcileOrders().output()).contains("no drift"));
  }

  @Test
  @org.junit.jupiter.api.Order(13)
  void shouldReplayInputsKeepingTheStateSoTheErpSeesNothingTwice() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    long id = insertCustomer("Alan", "alan.replay@example.com", "Wilmslow", "6.00");
    execute("UPDATE customers SET city = 'Manchester' WHERE id = " + id);
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(2).equals(ifaceVersion(id)));
    String[] replay = {
      "replay",
      "--topics",
      "crm.sales.customers,crm.sales.orders,crm.sales.order_lines,crm.transaction",
      "--to-datetime",
      before.toString(),
      "--execute"
    };

    // Refused while the application runs: its instance would overwrite the positions.
    assertThat(PipelineCommands.execute(pipeline, replay).code()).isEqualTo(1);
    pipeline.restartStreams(
        Map.of(),
        () ->
            assertThat(PipelineCommands.run(pipeline, replay))
                .containsPattern(
                    "crm\\.sales\\.customers-\\d+: [\\d,]+ -> [\\d,]+ \\([1-9][\\d,]* records again\\)"));

    // Both changes are read again and dropped by the version gate (the update at the position
    // held is a duplicate, the insert before it stale); the ERP keeps version 2.
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(auditTrail(id)).contains("DUPLICATE").contains("STALE"));
    assertThat(ifaceVersion(id)).isEqualTo(2L);
    assertThat(erpRows("SELECT city FROM erp.customer_iface WHERE source_ref = '" + id + "'"))
        .containsExactly(Map.of("city", "Manchester"));
  }

  @Test
  @org.junit.jupiter.api.Order(14)
  void shouldRebuildTheStateFromScratchInANewVersionEpochThatTheErpTakes() throws Exception {
    long id = insertCustomer("Grete", "grete.rebuild@example.com", "Leeds", "8.00");
    await().atMost(ERP_WAIT).until(() -> Long.valueOf(1).equals(ifaceVersion(id)));
    String[] replayEverything = {
      "replay",
      "--topics",
      "crm.sales.customers,crm.sales.orders,crm.sales.order_lines,crm.transaction,"
          + "erp.erp.customer_master,erp.erp.order_master",
      "--to-datetime",
      "1970-01-01T00:00:00Z",
      "--execute"
    };

    // The runbook: stop, every input from the start, the stores' changelogs and local state gone,
    // the epoch raised by one.
    pipeline.restartStreams(
        Map.of(StreamsAppConfig.VERSION_EPOCH, "1"),
        () -> {
          try (org.apache.kafka.clients.admin.Admin admin =
              org.apache.kafka.clients.admin.Admin.create(
                  Map.of("bootstrap.servers", pipeline.kafka().bootstrapServers()))) {
            List<String> changelogs =
                admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith("crm-erp-sync-") && t.endsWith("-changelog"))
                    .toList();
            assertThat(changelogs).isNotEmpty();
            admin.deleteTopics(changelogs).all().get();
            await()
                .atMost(ERP_WAIT)
                .until(
                    () ->
                        admin.listTopics().names().get().stream().noneMatch(changelogs::contains));
            PipelineCommands.run(pipeline, replayEverything);
            org.apache.kafka.common.utils.Utils.delete(pipeline.streamsStateDir().toFile());
          } catch (Exception e) {
            throw new IllegalStateException("the rebuild's reset failed", e);
          }
        });

    // Rebuilt from the raw topics, every customer reaches the ERP again above what it held.
    long epoch = io.crmerpsync.streams.topology.EmitSettings.EPOCH_SPAN;
    await().atMost(ERP_WAIT).until(() -> ifaceVersion(id) != null && ifaceVersion(id) > epoch);
    assertThat(erpRows("SELECT city FROM erp.customer_iface WHERE source_ref = '" + id + "'"))
        .containsExactly(Map.of("city", "Leeds"));
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(reconcile().output()).contains("no drift"));
  }

  @Test
  @org.junit.jupiter.api.Order(15)
  void shouldReconcileTheCrmWithTheCanonicalCustomersFindingChangesTheBinlogNeverCarried()
      throws Exception {
    long edited = insertCustomer("Kurt", "kurt.crm-reconcile@example.com", "Brno", "2.00");
    long deleted = insertCustomer("Emmy", "emmy.crm-reconcile@example.com", "Erlangen", "2.00");
    await().atMost(ERP_WAIT).until(() -> ifaceVersion(deleted) != null);
    // Every earlier test's changes: the CRM and the canonical customers agree on what it owns.
    awaitNoDrift(
        EndToEndTest::reconcileWithCrm,
        "fields compared [first_name, last_name, company_name, email, phone, tax_id, city,"
            + " postal_code, country_code, payment_terms_days, status]: no drift");

    // Changes kept out of the binlog: what a purged log, a restore or a bulk load behind the
    // capture's back leaves.
    long hidden;
    try (Statement st = crm.createStatement()) {
      st.execute("SET SESSION sql_log_bin = 0");
      try {
        st.executeUpdate("UPDATE customers SET city = 'Hidden' WHERE id = " + edited);
        st.executeUpdate("DELETE FROM customers WHERE id = " + deleted);
        hidden = insertCustomer("Ida", "ida.crm-reconcile@example.com", "Vienna", "2.00");
      } finally {
        st.execute("SET SESSION sql_log_bin = 1");
      }
    }

    PipelineCommands.Result drifted = reconcileWithCrm();
    assertThat(drifted.code()).as(drifted.output()).isEqualTo(3);
    assertThat(drifted.output())
        .contains(
            "customer crm:"
                + edited
                + " (key "
                + edited
                + "): DIFFERS_FROM_CRM city CRM \"Hidden\", pipeline \"Brno\"")
        .contains("customer crm:" + deleted + " (key " + deleted + "): DELETED_IN_CRM")
        .contains("customer crm:" + hidden + ": MISSING_IN_PIPELINE")
        .contains("3 drifted {MISSING_IN_PIPELINE=1, DELETED_IN_CRM=1, DIFFERS_FROM_CRM=1}");
    // The ERP holds what the pipeline sent: that side has no drift.
    assertThat(drifted.output()).contains("rows in the ERP: no drift");

    // The capture reads the edited and the inserted row again (a blocking snapshot of the two);
    // a deletion cannot be read again, so that row stays drifted.
    PipelineCommands.Result repaired =
        reconcileWithCrm("--repair", "--reason", "binlog gap found by reconcile");
    assertThat(repaired.code()).as(repaired.output()).isEqualTo(3);
    assertThat(repaired.output())
        .contains(
            "repair: 2 CRM rows to be read again by crm's capture (1 blocking snapshot signals on"
                + " sync.cdc.signals.v1)")
        .contains("1 of them hold a deletion in the CRM the pipeline never saw");
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      erpRows(
                          "SELECT city FROM erp.customer_iface WHERE source_ref = '"
                              + edited
                              + "'"))
                  .containsExactly(Map.of("city", "Hidden"));
              assertThat(ifaceVersion(hidden)).isNotNull();
            });
    // The capture's signal reader has committed past the signal: a restart does not run it again.
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", pipeline.kafka().bootstrapServers()))) {
      org.apache.kafka.common.TopicPartition signals =
          new org.apache.kafka.common.TopicPartition("sync.cdc.signals.v1", 0);
      long end =
          admin
              .listOffsets(Map.of(signals, org.apache.kafka.clients.admin.OffsetSpec.latest()))
              .partitionResult(signals)
              .get()
              .offset();
      await()
          .atMost(ERP_WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .listConsumerGroupOffsets("crm-cdc-signals")
                              .partitionsToOffsetAndMetadata()
                              .get()
                              .get(signals))
                      .isNotNull()
                      .extracting(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset)
                      .isEqualTo(end));
    }
    assertThat(auditTrail(edited))
        .contains("RECAPTURE_REQUESTED")
        .contains("DIFFERS_FROM_CRM city")
        .contains("binlog gap found by reconcile");
    PipelineCommands.Result deletedOnly = reconcileWithCrm();
    assertThat(deletedOnly.output())
        .contains("customer crm:" + deleted + " (key " + deleted + "): DELETED_IN_CRM")
        .contains("1 drifted {DELETED_IN_CRM=1}");

    // The CRM's data put back to what its binlog says (the replica of the failover test replays
    // that binlog): now the pipeline holds the edit it read again and the row it found, which the
    // CRM no longer has.
    withoutBinlog(
        "UPDATE customers SET city = 'Brno' WHERE id = " + edited,
        "INSERT INTO customers (id, first_name, last_name, email, city, country_code,"
            + " credit_limit, phone) VALUES ("
            + deleted
            + ", 'Emmy', 'Tester', 'emmy.crm-reconcile@example.com', 'Erlangen', 'GB', 2.00,"
            + " '+44 1')",
        "DELETE FROM customers WHERE id = " + hidden);
    PipelineCommands.Result restored = reconcileWithCrm();
    assertThat(restored.output())
        .contains("customer crm:" + edited + " (key " + edited + "): DIFFERS_FROM_CRM city")
        .contains("customer crm:" + hidden + " (key " + hidden + "): DELETED_IN_CRM")
        .contains("2 drifted {DELETED_IN_CRM=1, DIFFERS_FROM_CRM=1}");

    // The edit is read again, though nothing was logged since its last read: the same position,
    // a later read.
    assertThat(reconcileWithCrm("--repair", "--reason", "restored CRM").code()).isEqualTo(3);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        erpRows(
                            "SELECT city FROM erp.customer_iface WHERE source_ref = '"
                                + edited
                                + "'"))
                    .containsExactly(Map.of("city", "Brno")));
    assertThat(auditTrail(edited)).contains("a later read of the row");

    // The deletion the binlog never carried, replayed with the statements reconcile prints: the
    // row inserted with the values the pipeline holds and deleted again, both captured.
    String replay = replayOf(restored);
    assertThat(replay).startsWith("INSERT INTO customers (id, first_name,").contains("'Vienna'");
    for (String statement : replay.split("; ")) {
      execute(statement.replaceAll(";$", ""));
    }
    awaitNoDrift(EndToEndTest::reconcileWithCrm);
    assertThat(erpAction("customer_iface", hidden)).isEqualTo("DEACTIVATE");
    assertThat(erpRows("SELECT city FROM erp.customer_iface WHERE source_ref = '" + hidden + "'"))
        .containsExactly(Map.of("city", "Vienna"));
  }

  @Test
  @org.junit.jupiter.api.Order(16)
  void shouldReconcileTheCrmsOrdersAndTheirLinesWithTheCanonicalOrders() throws Exception {
    long customer = insertCustomer("Alonzo", "alonzo.crm-reconcile@example.com", "Leeds", "5.00");
    long order = insertOrderWithLines(customer, "RC-CRM-1", 2);
    await().atMost(ERP_WAIT).until(() -> orderVersion(order) != null);
    // status is the ERP's under this test's mapping: the other header columns and every line.
    awaitNoDrift(
        EndToEndTest::reconcileOrdersWithCrm,
        "fields compared [order_number, customer_id, currency, total_amount, shipping_street,"
            + " shipping_city, shipping_postal_code, shipping_country_code]: no drift");

    long hidden;
    try (Statement st = crm.createStatement()) {
      st.execute("SET SESSION sql_log_bin = 0");
      try {
        st.executeUpdate("UPDATE orders SET shipping_city = 'Hull' WHERE id = " + order);
        st.executeUpdate(
            "UPDATE order_lines SET quantity = 4 WHERE line_no = 2 AND order_id = " + order);
        hidden = insertOrderWithLines(customer, "RC-CRM-2", 1);
      } finally {
        st.execute("SET SESSION sql_log_bin = 1");
      }
    }
    PipelineCommands.Result drifted = reconcileOrdersWithCrm();
    assertThat(drifted.code()).as(drifted.output()).isEqualTo(3);
    assertThat(drifted.output())
        .contains(
            "order crm:"
                + order
                + " (key "
                + order
                + "): DIFFERS_FROM_CRM shipping_city CRM \"Hull\", pipeline \"Leeds\"; line 2")
        .containsPattern("line 2 \\(id \\d+\\) quantity CRM \"4.000\", pipeline \"1.500\"")
        .contains("order crm:" + hidden + ": MISSING_IN_PIPELINE");

    // Header and lines read again together: the ERP gets the edits and the missed order.
    assertThat(reconcileOrdersWithCrm("--repair", "--reason", "orders gap").code()).isZero();
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      erpRows(
                          "SELECT shipping_city FROM erp.order_iface WHERE source_ref = '"
                              + order
                              + "'"))
                  .containsExactly(Map.of("shipping_city", "Hull"));
              assertThat(
                      erpRows(
                          "SELECT quantity FROM erp.order_line_iface WHERE line_no = 2 AND"
                              + " order_source_ref = '"
                              + order
                              + "'"))
                  .extracting(
                      row ->
                          new BigDecimal(String.valueOf(row.get("quantity"))).stripTrailingZeros())
                  .containsExactly(new BigDecimal("4"));
              assertThat(orderLines(hidden)).isEqualTo(1);
            });
    assertThat(auditTrail("orders", order)).contains("RECAPTURE_REQUESTED");
    awaitNoDrift(EndToEndTest::reconcileOrdersWithCrm);

    // The CRM put back to what its binlog says: the edits undone, the missed order gone. The
    // edits are read again; the order's deletion is replayed with the statements printed.
    withoutBinlog(
        "UPDATE orders SET shipping_city = 'Leeds' WHERE id = " + order,
        "UPDATE order_lines SET quantity = 1.5 WHERE line_no = 2 AND order_id = " + order,
        "DELETE FROM order_lines WHERE order_id = " + hidden,
        "DELETE FROM orders WHERE id = " + hidden);
    PipelineCommands.Result restored = reconcileOrdersWithCrm();
    assertThat(restored.output())
        .contains("order crm:" + hidden + " (key " + hidden + "): DELETED_IN_CRM")
        .contains("2 drifted {DELETED_IN_CRM=1, DIFFERS_FROM_CRM=1}");
    assertThat(reconcileOrdersWithCrm("--repair", "--reason", "orders restored").code())
        .isEqualTo(3);
    // Read again with nothing logged since the last read: the same position, a later read.
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        erpRows(
                            "SELECT shipping_city FROM erp.order_iface WHERE source_ref = '"
                                + order
                                + "'"))
                    .containsExactly(Map.of("shipping_city", "Leeds")));
    for (String statement : replayOf(restored).split("; ")) {
      execute(statement.replaceAll(";$", ""));
    }
    awaitNoDrift(EndToEndTest::reconcileOrdersWithCrm);
    assertThat(erpAction("order_iface", hidden)).isEqualTo("DELETE");
    assertThat(
            erpRows("SELECT shipping_city FROM erp.order_iface WHERE source_ref = '" + order + "'"))
        .containsExactly(Map.of("shipping_city", "Leeds"));
  }

  /** The first {@code replay:} statements a reconcile printed. */
  private static String replayOf(PipelineCommands.Result result) {
    return result
        .output()
        .lines()
        .filter(line -> line.startsWith("  replay: "))
        .map(line -> line.substring("  replay: ".length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no replay in " + result.output()));
  }

  private static PipelineCommands.Result reconcileOrdersWithCrm(String... more) {
    return reconcileOrders(withCrm(more));
  }

  /**
   * Waits until {@code reconcile} exits 0 reporting no drift on any side it compares, its output
   * containing {@code expected} too.
   */
  private static void awaitNoDrift(
      java.util.function.Supplier<PipelineCommands.Result> reconcile, String... expected) {
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> {
              PipelineCommands.Result clean = reconcile.get();
              assertThat(clean.code()).as(clean.output()).isZero();
              assertThat(clean.output()).contains("no drift").doesNotContain("drifted");
              for (String text : expected) {
                assertThat(clean.output()).contains(text);
              }
            });
  }

  /** Runs {@code statements} in the CRM with its binlog off: changes no capture ever sees. */
  private static void withoutBinlog(String... statements) throws SQLException {
    try (Statement st = crm.createStatement()) {
      st.execute("SET SESSION sql_log_bin = 0");
      try {
        for (String sql : statements) {
          st.executeUpdate(sql);
        }
      } finally {
        st.execute("SET SESSION sql_log_bin = 1");
      }
    }
  }

  private static PipelineCommands.Result reconcileWithCrm(String... more) {
    return reconcile(withCrm(more));
  }

  /** The options that have reconcile compare the CRM too, then {@code more}. */
  private static String[] withCrm(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--crm-url",
                pipeline.crm().jdbcUrl(EmbeddedPipeline.CRM_DATABASE),
                "--crm-user",
                "root",
                "--mapping",
                mapping.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static PipelineCommands.Result reconcile(String... more) {
    return reconcileEntity("customers", more);
  }

  private static PipelineCommands.Result reconcileOrders(String... more) {
    return reconcileEntity("orders", more);
  }

  private static PipelineCommands.Result reconcileEntity(String entity, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "reconcile",
                entity,
                "--registry-url",
                pipeline.registry().baseUri().toString(),
                "--erp-url",
                pipeline.erp().jdbcUrl(),
                "--erp-user",
                pipeline.erp().user()));
    args.addAll(List.of(more));
    return PipelineCommands.execute(pipeline, args.toArray(String[]::new));
  }

  private static Long ifaceVersion(long id) throws SQLException {
    List<Map<String, Object>> rows =
        erpRows(
            "SELECT source_version FROM erp.customer_iface WHERE source_system = 'crm'"
                + " AND source_ref = '"
                + id
                + "'");
    return rows.isEmpty() ? null : Long.valueOf(String.valueOf(rows.get(0).get("source_version")));
  }

  /** What the `conflicts` command prints; it must succeed. */
  private static String conflicts(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("conflicts"));
    all.addAll(List.of(args));
    all.addAll(List.of("--bootstrap-servers", pipeline.kafka().bootstrapServers()));
    int code =
        io.crmerpsync.deploy.cli.Main.commandLine(new java.io.PrintStream(out, true), System.err)
            .execute(all.toArray(String[]::new));
    assertThat(code).isZero();
    return out.toString();
  }

  private static String ifaceStreet(long id) throws SQLException {
    List<Map<String, Object>> rows =
        erpRows("SELECT street FROM erp.customer_iface WHERE source_ref = '" + id + "'");
    return rows.isEmpty() ? null : (String) rows.get(0).get("street");
  }

  /** What the `audit` command prints for CRM customer {@code id}. */
  private static String auditTrail(long id) {
    return auditTrail("customers", id);
  }

  /** What the `audit` command prints for the row {@code id} of CRM table {@code table}. */
  private static String auditTrail(String table, long id) {
    return PipelineCommands.auditTrail(pipeline, table, id);
  }

  private static String customerIface(long id) {
    return "SELECT city, credit_limit, phone, omitted_columns FROM erp.customer_iface"
        + " WHERE source_ref = '"
        + id
        + "'";
  }

  /** Waits until the ERP rows of these customers equal the CRM's, field by field. */
  private static void awaitErpEqualsCrmFor(long... customerIds) {
    await()
        .atMost(ERP_WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Map<String, Map<String, Object>> inErp = erpCustomers();
              Map<String, Map<String, Object>> inCrm = crmCustomers();
              for (long id : customerIds) {
                String key = Long.toString(id);
                assertThat(inErp.get(key)).as("customer %s", key).isEqualTo(inCrm.get(key));
              }
            });
  }

  private static void awaitErpEqualsCrm() {
    await()
        .atMost(ERP_WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(erpCustomers()).isEqualTo(crmCustomers());
              assertThat(erpOrders()).isEqualTo(crmOrders());
            });
  }

  /**
   * CRM customers mapped the way the pipeline maps them into customer_iface. The credit limit is
   * left out: the test's mapping gives it to the ERP, so commands never carry it.
   */
  private static Map<String, Map<String, Object>> crmCustomers() throws SQLException {
    return byKey(
        crmRows(
            "SELECT id AS source_ref, first_name, last_name, company_name, email, phone, tax_id,"
                + " street, city, postal_code, country_code, payment_terms_days,"
                + " status, NULL AS credit_limit, 'credit_limit' AS omitted_columns FROM customers"),
        "source_ref");
  }

  private static Map<String, Map<String, Object>> erpCustomers() throws SQLException {
    return byKey(
        erpRows(
            "SELECT source_ref, first_name, last_name, company_name, email, phone, tax_id, street,"
                + " city, postal_code, country_code, payment_terms_days, status, credit_limit,"
                + " omitted_columns FROM erp.customer_iface WHERE action = 'UPSERT'"),
        "source_ref");
  }

  /**
   * CRM orders mapped the way the pipeline maps them into order_iface. The status is left out: the
   * test's mapping gives it to the ERP, so commands never carry it.
   */
  private static Map<String, Map<String, Object>> crmOrders() throws SQLException {
    Map<String, Map<String, Object>> orders =
        byKey(
            crmRows(
                "SELECT id AS source_ref, order_number, customer_id AS customer_ref,"
                    + " NULL AS status, currency, total_amount, shipping_street, shipping_city,"
                    + " shipping_postal_code, shipping_country_code FROM orders"),
            "source_ref");
    for (Map<String, Object> line :
        crmRows(
            "SELECT order_id, line_no, sku, description, quantity, unit_price FROM order_lines")) {
      addLine(orders, line.remove("order_id").toString(), line);
    }
    return orders;
  }

  private static Map<String, Map<String, Object>> erpOrders() throws SQLException {
    Map<String, Map<String, Object>> orders =
        byKey(
            erpRows(
                "SELECT source_ref, order_number, customer_ref, status, currency, total_amount,"
                    + " shipping_street, shipping_city, shipping_postal_code,"
                    + " shipping_country_code FROM erp.order_iface WHERE action = 'UPSERT'"),
            "source_ref");
    for (Map<String, Object> line :
        erpRows(
            "SELECT l.order_source_ref, l.line_no, l.sku, l.description, l.quantity, l.unit_price"
                + " FROM erp.order_line_iface l JOIN erp.order_iface o"
                + " ON o.source_system = l.source_system AND o.source_ref = l.order_source_ref"
                + " WHERE o.action = 'UPSERT'")) {
      addLine(orders, line.remove("order_source_ref").toString(), line);
    }
    return orders;
  }

  @SuppressWarnings("unchecked")
  private static void addLine(
      Map<String, Map<String, Object>> orders, String orderRef, Map<String, Object> line) {
    Map<String, Object> order = orders.get(orderRef);
    if (order == null) {
      return;
    }
    ((Map<Object, Object>) order.computeIfAbsent("lines", k -> new TreeMap<>()))
        .put(line.get("line_no"), line);
  }

  private static Map<String, Map<String, Object>> byKey(
      List<Map<String, Object>> rows, String key) {
    Map<String, Map<String, Object>> byKey = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      byKey.put(row.remove(key).toString(), row);
    }
    return byKey;
  }

  private static List<Map<String, Object>> crmRows(String sql) throws SQLException {
    return rows(crm, sql);
  }

  private static List<Map<String, Object>> erpRows(String sql) throws SQLException {
    return rows(erp, sql);
  }

  /** Rows as maps of comparable values: decimals without trailing-zero noise, ints as ints. */
  private static List<Map<String, Object>> rows(Connection connection, String sql)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = rs.getObject(i);
          if (value instanceof BigDecimal decimal) {
            value = decimal.stripTrailingZeros().toPlainString();
          } else if (value instanceof Long number) {
            value = number.toString();
          } else if (value instanceof Integer number) {
            value = number;
          } else if (value != null) {
            value = value.toString();
          }
          row.put(meta.getColumnLabel(i).toLowerCase(), value);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String erpAction(String table, long sourceRef) throws SQLException {
    List<Map<String, Object>> rows =
        erpRows("SELECT action FROM erp." + table + " WHERE source_ref = '" + sourceRef + "'");
    return rows.isEmpty() ? null : (String) rows.get(0).get("action");
  }

  private static long insertCustomer(String name, String email, String city, String credit)
      throws SQLException {
    try (PreparedStatement ps =
        crm.prepareStatement(
            "INSERT INTO customers (first_name, last_name, email, city, country_code,"
                + " credit_limit, phone) VALUES (?, 'Tester', ?, ?, 'GB', ?, '+44 1')",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setString(2, email);
      ps.setString(3, city);
      ps.setBigDecimal(4, new BigDecimal(credit));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static long insertOrderWithLines(long customer, String number, int lines)
      throws SQLException {
    crm.setAutoCommit(false);
    try {
      long id;
      try (PreparedStatement ps =
          crm.prepareStatement(
              "INSERT INTO orders (order_number, customer_id, currency, total_amount, ordered_at,"
                  + " shipping_city, shipping_country_code) VALUES (?, ?, 'EUR', 99.90,"
                  + " NOW(3), 'Leeds', 'GB')",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, number);
        ps.setLong(2, customer);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      try (PreparedStatement ps =
          crm.prepareStatement(
              "INSERT INTO order_lines (order_id, line_no, sku, description, quantity,"
                  + " unit_price) VALUES (?, ?, ?, 'Widget', 1.500, 19.99)")) {
        for (int line = 1; line <= lines; line++) {
          ps.setLong(1, id);
          ps.setInt(2, line);
          ps.setString(3, "SKU-" + line);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      crm.commit();
      return id;
    } finally {
      crm.setAutoCommit(true);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Statement st = crm.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private static void inTransaction(String... statements) throws SQLException {
    crm.setAutoCommit(false);
    try (Statement st = crm.createStatement()) {
      for (String sql : statements) {
        st.executeUpdate(sql);
      }
      crm.commit();
    } finally {
      crm.setAutoCommit(true);
    }
  }

  private static Customer canonicalCustomer(long id) {
    byte[] raw = readAll(Topics.CANONICAL_CUSTOMERS).get(Long.toString(id));
    assertThat(raw).as("canonical customer %s", id).isNotNull();
    return AvroWireSerde.forValues(
            new RestSchemaRegistryClient(pipeline.registry().baseUri().toString()), Customer.class)
        .deserialize(Topics.CANONICAL_CUSTOMERS, raw);
  }

  private static Order canonicalOrder(long id) {
    byte[] raw = readAll(Topics.CANONICAL_ORDERS).get(Long.toString(id));
    assertThat(raw).as("canonical order %s", id).isNotNull();
    return AvroWireSerde.forValues(
            new RestSchemaRegistryClient(pipeline.registry().baseUri().toString()), Order.class)
        .deserialize(Topics.CANONICAL_ORDERS, raw);
  }

  private static Map<String, byte[]> readAll(String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + topic + System.nanoTime());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, byte[]> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                int before = latest.size();
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(500))) {
                  latest.put(record.key(), record.value());
                }
                return !latest.isEmpty() && latest.size() == before;
              });
    }
    return latest;
  }
}
