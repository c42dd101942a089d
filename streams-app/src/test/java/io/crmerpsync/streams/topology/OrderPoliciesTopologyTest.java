package io.crmerpsync.streams.topology;

import static io.crmerpsync.streams.topology.RawChanges.change;
import static io.crmerpsync.streams.topology.RawChanges.end;
import static io.crmerpsync.streams.topology.RawChanges.erpChange;
import static io.crmerpsync.streams.topology.RawChanges.key;
import static io.crmerpsync.streams.topology.RawChanges.order;
import static io.crmerpsync.streams.topology.RawChanges.transactionKey;
import static io.crmerpsync.streams.topology.RawChanges.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.canonical.OrderStatus;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.conflict.MappingFile;
import io.crmerpsync.streams.customer.CustomerFields;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.order.ErpOrderGate;
import io.crmerpsync.streams.order.OrderFields;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ERP sets order fields too (it ships the order): its order table joins each order as source
 * {@code erp}, and the mapping file's {@code order} policies decide field by field.
 */
class OrderPoliciesTopologyTest {

  /** How the topology under test routes re-keyed records; a subclass runs every test in task. */
  Routing routing() {
    return Routing.THROUGH_KAFKA;
  }

  private static final RawTopics RAW = RawTopics.of("crm", "sales");
  private static final String ERP_TOPIC = "erp.erp.order_master";
  private static final String MAPPING =
      """
      sources: [crm, erp]
      entities:
        order:
          default: {owner: crm}
          fields:
            status: {owner: erp}
            shipping_city: {policy: newest-wins}
      """;
  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  private SimpleMeterRegistry meters;
  private EmitSettings settings;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> orders;
  private TestInputTopic<byte[], byte[]> transactions;
  private TestInputTopic<byte[], byte[]> erp;
  private TestOutputTopic<String, ErpCommand> commands;
  private TestOutputTopic<String, Order> canonical;
  private TestOutputTopic<String, AuditEvent> audit;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("order-policies-test");
    registry = realRegistry.client();
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @BeforeEach
  void startDriver() throws Exception {
    Map<String, Set<String>> known =
        Map.of("customer", CustomerFields.POLICY_FIELDS, "order", OrderFields.POLICY_FIELDS);
    settings =
        EmitSettings.realtime("crm", ErpAction.DEACTIVATE, ErpAction.DELETE, Duration.ofSeconds(10))
            .withOrders(
                MappingFile.parse(MAPPING, "mapping.yaml", known, Set.of("customer")).get("order"),
                new EmitSettings.ErpOrderSource(
                    ERP_TOPIC, "order_master", "source_system", "source_ref"));
    meters = new SimpleMeterRegistry();
    driver = driver(RAW, settings, meters, "order-policies-test");
    ByteArraySerializer bytes = new ByteArraySerializer();
    orders = driver.createInputTopic(RAW.orders(), bytes, bytes);
    transactions = driver.createInputTopic(RAW.transactions(), bytes, bytes);
    erp = driver.createInputTopic(ERP_TOPIC, bytes, bytes);
    commands =
        TwoCrmDatabases.avroOutput(driver, Topics.ERP_COMMANDS_ORDERS, registry, ErpCommand.class);
    canonical = TwoCrmDatabases.avroOutput(driver, Topics.CANONICAL_ORDERS, registry, Order.class);
    audit = TwoCrmDatabases.avroOutput(driver, Topics.AUDIT, registry, AuditEvent.class);
  }

  /** A driver of the whole topology for {@code settings}, with a fresh state directory. */
  private TopologyTestDriver driver(
      RawTopics raw, EmitSettings settings, SimpleMeterRegistry meters, String name)
      throws java.io.IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "order-policies-test")), name)
            .toString());
    return new TopologyTestDriver(
        SyncTopology.build(
            raw, settings, ErpStatusSources.none(), registry, new SyncMetrics(meters), routing()),
        props);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldSendAnOrderToTheErpAgainWithTheNextVersionWhenAnOperatorAsks() {
    crmCreates(header(20, "CONFIRMED", "Leeds"), 1000);
    long sent = commands.readValuesToList().get(0).getVersion();
    canonical.readValuesToList();
    audit.readValuesToList();

    resyncOrder("20", "ERP order restored from backup");

    assertThat(commands.readValuesToList())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getVersion()).isEqualTo(sent + 1);
              assertThat(c.getAction()).isEqualTo(ErpAction.UPSERT);
              assertThat(c.getOrder().getShippingCity()).isEqualTo("Leeds");
            });
    assertThat(canonical.readValuesToList())
        .extracting(Order::getShippingCity)
        .containsExactly("Leeds");
    assertThat(audit.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDecision()).isEqualTo(AuditDecision.RESYNCED);
              assertThat(e.getVersion()).isEqualTo(sent + 1);
              assertThat(e.getRule()).contains("alice").contains("ERP order restored from backup");
            });
    assertThat(meters.counter("sync.resyncs", "outcome", "sent").count()).isEqualTo(1.0);
  }

  @Test
  void shouldRefuseToResyncAnOrderItHasNoHeaderOfAndAuditWhy() {
    resyncOrder("404", "typo");
    ByteArraySerializer bytes = new ByteArraySerializer();
    driver
        .createInputTopic(
            Topics.RESYNC_REQUESTS_ORDERS,
            new org.apache.kafka.common.serialization.StringSerializer(),
            bytes)
        .pipeInput("20", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    driver
        .createInputTopic(
            Topics.RESYNC_REQUESTS_ORDERS,
            new org.apache.kafka.common.serialization.StringSerializer(),
            bytes)
        .pipeInput((String) null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(commands.isEmpty()).isTrue();
    assertThat(audit.readValuesToList())
        .extracting(AuditEvent::getDecision, AuditEvent::getRule)
        .satisfiesExactly(
            unknown -> {
              assertThat(unknown.toList().get(0)).isEqualTo(AuditDecision.RESYNC_REFUSED);
              assertThat((String) unknown.toList().get(1)).contains("no order 404 (never seen)");
            },
            unreadable -> {
              assertThat(unreadable.toList().get(0)).isEqualTo(AuditDecision.RESYNC_REFUSED);
              assertThat((String) unreadable.toList().get(1)).contains("unreadable resync request");
            },
            unkeyed -> {
              assertThat(unkeyed.toList().get(0)).isEqualTo(AuditDecision.RESYNC_REFUSED);
              assertThat((String) unkeyed.toList().get(1)).contains("'' is not an order id");
            });
  }

  private void resyncOrder(String orderId, String reason) {
    driver
        .createInputTopic(
            Topics.RESYNC_REQUESTS_ORDERS,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new JsonSerde<>(io.crmerpsync.streams.customer.ResyncRequest.class).serializer())
        .pipeInput(
            orderId,
            new io.crmerpsync.streams.customer.ResyncRequest("alice", reason, 1_700_000_100_000L));
  }

  /** A CRM order header with a shipping address. */
  private static Map<String, Object> header(long id, String status, String city) {
    Map<String, Object> row = new HashMap<>(order(id, 1, status));
    row.put("shipping_street", "1 Dock Road");
    row.put("shipping_city", city);
    return row;
  }

  /** The CRM creates {@code row} in a transaction at {@code pos} (header only). */
  private void crmCreates(Map<String, Object> row, long pos) {
    orders.pipeInput(key((Long) row.get("id")), change("c", row, pos, 1));
    transactions.pipeInput(transactionKey(pos), end(pos, 0, 1, 0));
  }

  private void crmUpdates(Map<String, Object> before, Map<String, Object> after, long pos) {
    orders.pipeInput(key((Long) after.get("id")), update(before, after, pos));
    transactions.pipeInput(transactionKey(pos), end(pos, 0, 1, 0));
  }

  /** A row of the ERP's order table about CRM order {@code orderId}. */
  private static Map<String, Object> erpOrder(long erpId, String system, Object orderId) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", erpId);
    row.put("source_system", system);
    row.put("source_ref", orderId == null ? null : orderId.toString());
    row.put("status", "CONFIRMED");
    row.put("shipping_city", "Leeds");
    return row;
  }

  private static Map<String, Object> with(Map<String, Object> row, String column, Object value) {
    Map<String, Object> changed = new HashMap<>(row);
    changed.put(column, value);
    return changed;
  }

  private List<AuditEvent> policyAudits() {
    return audit.readValuesToList().stream()
        .filter(
            e ->
                e.getDecision() == AuditDecision.REJECTED_NOT_OWNER
                    || e.getDecision() == AuditDecision.LOST_OLDER)
        .toList();
  }

  @Test
  void shouldShowTheStatusTheErpOwnsAndNeverSendItBackToTheErp() {
    crmCreates(header(10, "CONFIRMED", "Leeds"), 1000);
    Map<String, Object> master = erpOrder(900, "crm", 10);
    erp.pipeInput(key(900), erpChange("c", null, master, 5_000));
    erp.pipeInput(key(900), erpChange("u", master, with(master, "status", "SHIPPED"), 6_000));

    assertThat(canonical.readValuesToList())
        .extracting(Order::getStatus)
        .containsExactly(OrderStatus.CONFIRMED, OrderStatus.SHIPPED);
    // The first command leaves the status to the ERP; the ERP's own status change sends nothing.
    assertThat(commands.readValuesToList())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getOrder().getStatus()).isNull();
              assertThat(c.getOmittedColumns()).containsExactly("status");
              assertThat(c.getOrder().getShippingCity()).isEqualTo("Leeds");
            });

    // The CRM cancels the order and changes the city: the city goes through, the status is the
    // ERP's and the CRM's change of it is rejected and audited.
    crmUpdates(header(10, "CONFIRMED", "Leeds"), header(10, "CANCELLED", "York"), 7_000_000_000L);

    Order now = canonical.readValuesToList().get(0);
    assertThat(now.getStatus()).isEqualTo(OrderStatus.SHIPPED);
    assertThat(now.getShippingCity()).isEqualTo("York");
    ErpCommand sent = commands.readValuesToList().get(0);
    assertThat(sent.getVersion()).isEqualTo(3L);
    assertThat(sent.getOrder().getStatus()).isNull();
    assertThat(sent.getOrder().getShippingCity()).isEqualTo("York");
    assertThat(policyAudits())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDecision()).isEqualTo(AuditDecision.REJECTED_NOT_OWNER);
              assertThat(e.getTable()).isEqualTo("orders");
              assertThat(e.getKey()).isEqualTo("{\"id\":10}");
              assertThat(e.getRule())
                  .contains("field status")
                  .contains("owner: erp owns status, not crm")
                  .contains("CANCELLED")
                  .contains("SHIPPED");
            });
  }

  @Test
  void shouldRejectAndAuditAnErpChangeOfAFieldTheCrmOwns() {
    crmCreates(header(11, "CONFIRMED", "Leeds"), 1000);
    canonical.readValuesToList();
    commands.readValuesToList();
    Map<String, Object> master = with(erpOrder(901, "crm", 11), "shipping_street", "9 ERP Way");

    erp.pipeInput(key(901), erpChange("c", null, master, 5_000));

    assertThat(canonical.isEmpty()).isTrue();
    assertThat(commands.isEmpty()).isTrue();
    assertThat(policyAudits())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getRule())
                    .contains("field shipping_street")
                    .contains("owner: crm owns shipping_street, not erp")
                    .contains("9 ERP Way"));
  }

  @Test
  void shouldLetTheLaterShippingCityWinWhicheverSystemChangedIt() {
    crmCreates(header(12, "CONFIRMED", "Leeds"), 1000);
    Map<String, Object> master = erpOrder(902, "crm", 12);
    erp.pipeInput(key(902), erpChange("c", null, master, 5_000));
    // The ERP's change is later than the CRM's commit: it wins, and as the city is not the ERP's
    // alone, the command carries it.
    erp.pipeInput(
        key(902), erpChange("u", master, with(master, "shipping_city", "Hull"), 2_000_000));
    assertThat(canonical.readValuesToList())
        .extracting(Order::getShippingCity)
        .containsExactly("Leeds", "Hull");
    assertThat(commands.readValuesToList())
        .extracting(c -> c.getOrder().getShippingCity())
        .containsExactly("Leeds", "Hull");

    // An older CRM change (committed before the ERP's) loses; a later one wins.
    crmUpdates(header(12, "CONFIRMED", "Leeds"), header(12, "CONFIRMED", "Bath"), 1_500_000);
    assertThat(canonical.readValuesToList())
        .extracting(Order::getShippingCity)
        .containsExactly("Hull");
    assertThat(policyAudits())
        .singleElement()
        .satisfies(e -> assertThat(e.getDecision()).isEqualTo(AuditDecision.LOST_OLDER));
    crmUpdates(header(12, "CONFIRMED", "Bath"), header(12, "CONFIRMED", "York"), 3_000_000);
    assertThat(canonical.readValuesToList())
        .extracting(Order::getShippingCity)
        .containsExactly("York");
  }

  @Test
  void shouldKeepAnErpStatusThatArrivesBeforeTheOrderAndShowItWithTheOrder() {
    erp.pipeInput(
        key(903), erpChange("c", null, with(erpOrder(903, "crm", 13), "status", "SHIPPED"), 5_000));
    assertThat(canonical.isEmpty()).isTrue();

    crmCreates(header(13, "CONFIRMED", "Leeds"), 1000);

    assertThat(canonical.readValue().getStatus()).isEqualTo(OrderStatus.SHIPPED);
    assertThat(commands.readValue().getOrder().getStatus()).isNull();
  }

  @Test
  void shouldLeaveErpOrdersNoCrmSentAloneAndIgnoreARepeatedErpChange() {
    crmCreates(header(14, "CONFIRMED", "Leeds"), 1000);
    canonical.readValuesToList();
    commands.readValuesToList();
    Map<String, Object> shipped = with(erpOrder(904, "crm", 14), "status", "SHIPPED");

    erp.pipeInput(key(905), erpChange("c", null, erpOrder(905, "ERP", 14), 5_000));
    erp.pipeInput(key(906), erpChange("c", null, erpOrder(906, null, null), 5_100));
    erp.pipeInput(key(904), erpChange("c", null, shipped, 6_000));
    erp.pipeInput(key(904), erpChange("c", null, shipped, 6_000));

    assertThat(canonical.readValuesToList())
        .singleElement()
        .satisfies(o -> assertThat(o.getStatus()).isEqualTo(OrderStatus.SHIPPED));
    assertThat(commands.isEmpty()).isTrue();
    assertThat(
            meters
                .get("sync.changes.dropped")
                .tag("table", "order_master")
                .tag("reason", ErpOrderGate.NOT_A_CRM_ORDER)
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void shouldTakeANullErpStatusAsNotSetAndDeadLetterAStatusItDoesNotKnow() {
    crmCreates(header(15, "CONFIRMED", "Leeds"), 1000);
    canonical.readValuesToList();
    Map<String, Object> imported = with(erpOrder(907, "crm", 15), "status", null);
    TestOutputTopic<byte[], byte[]> deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());

    // Imported but not shipped yet: no status; then a word the pipeline does not know.
    erp.pipeInput(key(907), erpChange("c", null, imported, 5_000));
    erp.pipeInput(key(907), erpChange("u", imported, with(imported, "status", "picked"), 6_000));
    // Later the ERP ships it, in its own lower case: the order takes it.
    erp.pipeInput(
        key(907),
        erpChange(
            "u", with(imported, "status", "picked"), with(imported, "status", "shipped"), 7_000));

    assertThat(deadLetters.readRecordsToList())
        .singleElement()
        .satisfies(
            r ->
                assertThat(
                        new String(
                            r.headers().lastHeader("sync.dlq.message").value(),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .contains("status 'PICKED'")
                    .contains("order crm:15")
                    .contains("SHIPPED"));
    assertThat(canonical.readValuesToList())
        .extracting(Order::getStatus)
        .containsExactly(OrderStatus.SHIPPED);
    // The CRM's later change of the order still goes through.
    crmUpdates(header(15, "CONFIRMED", "Leeds"), header(15, "CONFIRMED", "York"), 9_000_000);
    assertThat(canonical.readValue().getShippingCity()).isEqualTo("York");
  }

  @Test
  void shouldSendTheErpsRowsToTheOrdersOfTheCrmDatabaseTheyName() throws Exception {
    Map<String, Set<String>> known =
        Map.of("customer", CustomerFields.POLICY_FIELDS, "order", OrderFields.POLICY_FIELDS);
    String mapping = MAPPING.replace("sources: [crm, erp]", "sources: [crm, crm-us, erp]");
    EmitSettings settings =
        TwoCrmDatabases.settings()
            .withOrders(
                MappingFile.parse(mapping, "mapping.yaml", known, Set.of("customer")).get("order"),
                new EmitSettings.ErpOrderSource(
                    ERP_TOPIC, "order_master", "source_system", "source_ref"));
    try (TopologyTestDriver two =
        driver(TwoCrmDatabases.EU, settings, new SimpleMeterRegistry(), "order-policies-two")) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      TestInputTopic<byte[], byte[]> euOrders =
          two.createInputTopic(TwoCrmDatabases.EU.orders(), bytes, bytes);
      TestInputTopic<byte[], byte[]> usOrders =
          two.createInputTopic(TwoCrmDatabases.US.orders(), bytes, bytes);
      TestInputTopic<byte[], byte[]> usTransactions =
          two.createInputTopic(TwoCrmDatabases.US.transactions(), bytes, bytes);
      TestInputTopic<byte[], byte[]> erpOrders = two.createInputTopic(ERP_TOPIC, bytes, bytes);
      TestOutputTopic<String, Order> orders =
          TwoCrmDatabases.avroOutput(two, Topics.CANONICAL_ORDERS, registry, Order.class);
      // Order 10 in both databases: a snapshot row in the first, a transaction in crm-us.
      euOrders.pipeInput(key(10), change("r", header(10, "CONFIRMED", "Leeds"), 100, 1));
      usOrders.pipeInput(key(10), change("c", header(10, "CONFIRMED", "Boston"), 1000, 1));
      usTransactions.pipeInput(transactionKey(1000), end(1000, 0, 1, 0));
      orders.readKeyValuesToMap();

      Map<String, Object> shipped = with(erpOrder(908, "crm-us", 10), "status", "SHIPPED");
      erpOrders.pipeInput(
          key(908), erpChange("c", null, with(shipped, "shipping_city", null), 5_000));

      Map<String, Order> changed = orders.readKeyValuesToMap();
      assertThat(changed).containsOnlyKeys("crm-us:10");
      assertThat(changed.get("crm-us:10").getStatus()).isEqualTo(OrderStatus.SHIPPED);
      assertThat(changed.get("crm-us:10").getShippingCity()).isEqualTo("Boston");
    }
  }

  @Test
  void shouldNotTakeAnErpRowsUnchangedStatusOrAResnapshotsUnchangedCityAsNewEdits()
      throws Exception {
    Map<String, Set<String>> known =
        Map.of("customer", CustomerFields.POLICY_FIELDS, "order", OrderFields.POLICY_FIELDS);
    String mapping = MAPPING.replace("status: {owner: erp}", "status: {policy: newest-wins}");
    EmitSettings newest =
        settings.withOrders(
            MappingFile.parse(mapping, "mapping.yaml", known, Set.of("customer")).get("order"),
            settings.erpOrders());
    try (TopologyTestDriver newestWins =
        driver(RAW, newest, new SimpleMeterRegistry(), "order-policies-newest")) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      TestInputTopic<byte[], byte[]> crmOrders =
          newestWins.createInputTopic(RAW.orders(), bytes, bytes);
      TestInputTopic<byte[], byte[]> crmTransactions =
          newestWins.createInputTopic(RAW.transactions(), bytes, bytes);
      TestInputTopic<byte[], byte[]> erpOrders =
          newestWins.createInputTopic(ERP_TOPIC, bytes, bytes);
      TestOutputTopic<String, Order> shown =
          TwoCrmDatabases.avroOutput(newestWins, Topics.CANONICAL_ORDERS, registry, Order.class);
      crmOrders.pipeInput(key(16), change("c", header(16, "CONFIRMED", "Leeds"), 1000, 1));
      crmTransactions.pipeInput(transactionKey(1000), end(1000, 0, 1, 0));
      // The ERP ships it, in its own lower case, and moves it to Hull, later than the CRM.
      Map<String, Object> master =
          with(with(erpOrder(909, "crm", 16), "status", "shipped"), "shipping_city", "Hull");
      erpOrders.pipeInput(key(909), erpChange("c", null, master, 2_000_000));
      // Later still the CRM cancels.
      crmOrders.pipeInput(
          key(16),
          update(header(16, "CONFIRMED", "Leeds"), header(16, "CANCELLED", "Leeds"), 3_000_000));
      crmTransactions.pipeInput(transactionKey(3_000_000), end(3_000_000, 0, 1, 0));
      assertThat(shown.readValuesToList())
          .extracting(Order::getStatus, Order::getShippingCity)
          .last()
          .isEqualTo(org.assertj.core.groups.Tuple.tuple(OrderStatus.CANCELLED, "Hull"));

      // The ERP touches the row without changing its status (still "shipped"), and the CRM is
      // snapshotted again (its city unchanged): neither is a new edit of those fields.
      erpOrders.pipeInput(
          key(909), erpChange("u", master, with(master, "erp_order_no", "ERP-16"), 4_000_000));
      crmOrders.pipeInput(key(16), change("r", header(16, "CANCELLED", "Leeds"), 5_000_000, 1));

      assertThat(shown.readValuesToList())
          .allSatisfy(
              o -> {
                assertThat(o.getStatus()).isEqualTo(OrderStatus.CANCELLED);
                assertThat(o.getShippingCity()).isEqualTo("Hull");
              });
    }
  }
}
