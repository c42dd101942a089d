package io.crmerpsync.streams.topology;

import static io.crmerpsync.streams.topology.RawChanges.change;
import static io.crmerpsync.streams.topology.RawChanges.customer;
import static io.crmerpsync.streams.topology.RawChanges.emptyEnd;
import static io.crmerpsync.streams.topology.RawChanges.end;
import static io.crmerpsync.streams.topology.RawChanges.key;
import static io.crmerpsync.streams.topology.RawChanges.line;
import static io.crmerpsync.streams.topology.RawChanges.order;
import static io.crmerpsync.streams.topology.RawChanges.transactionKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.schemas.DeadLetterHeaders;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync topology with its RocksDB stores, driven by TopologyTestDriver. Avro goes through a real
 * schema registry (the project's own, on a real KRaft broker), as in production.
 */
class SyncTopologyTest {

  /** How the topology under test routes re-keyed records; a subclass runs every test in task. */
  Routing routing() {
    return Routing.THROUGH_KAFKA;
  }

  private static final RawTopics RAW = RawTopics.of("crm", "sales");
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  private TopologyTestDriver driver;
  private SimpleMeterRegistry meters;
  private TestInputTopic<byte[], byte[]> customers;
  private TestInputTopic<byte[], byte[]> orders;
  private TestInputTopic<byte[], byte[]> orderLines;
  private TestInputTopic<byte[], byte[]> transactions;
  private TestOutputTopic<String, String> incomplete;
  private TestOutputTopic<String, Customer> canonicalCustomers;
  private TestOutputTopic<String, Order> canonicalOrders;
  private TestOutputTopic<String, ErpCommand> customerCommands;
  private TestOutputTopic<String, ErpCommand> orderCommands;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private TestOutputTopic<String, AuditEvent> audit;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("topology-test");
    registry = realRegistry.client();
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @BeforeEach
  void startDriver() throws Exception {
    meters = new SimpleMeterRegistry();
    driver = realtimeDriver(meters, routing());
    ByteArraySerializer bytes = new ByteArraySerializer();
    customers = driver.createInputTopic(RAW.customers(), bytes, bytes);
    orders = driver.createInputTopic(RAW.orders(), bytes, bytes);
    orderLines = driver.createInputTopic(RAW.orderLines(), bytes, bytes);
    transactions = driver.createInputTopic(RAW.transactions(), bytes, bytes);
    incomplete =
        driver.createOutputTopic(
            Topics.INCOMPLETE_TRANSACTIONS, new StringDeserializer(), new StringDeserializer());
    StringDeserializer strings = new StringDeserializer();
    canonicalCustomers =
        driver.createOutputTopic(
            Topics.CANONICAL_CUSTOMERS,
            strings,
            AvroWireSerde.forValues(registry, Customer.class).deserializer());
    canonicalOrders =
        driver.createOutputTopic(
            Topics.CANONICAL_ORDERS,
            strings,
            AvroWireSerde.forValues(registry, Order.class).deserializer());
    customerCommands =
        driver.createOutputTopic(
            Topics.ERP_COMMANDS_CUSTOMERS,
            strings,
            AvroWireSerde.forValues(registry, ErpCommand.class).deserializer());
    orderCommands =
        driver.createOutputTopic(
            Topics.ERP_COMMANDS_ORDERS,
            strings,
            AvroWireSerde.forValues(registry, ErpCommand.class).deserializer());
    audit =
        driver.createOutputTopic(
            Topics.AUDIT,
            strings,
            AvroWireSerde.forValues(registry, AuditEvent.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldEmitTheCanonicalCustomerAndAnUpsertCommandForAnInsert() {
    customers.pipeInput(key(1), change("c", customer(1, "London"), 100, 1));

    Customer canonical = canonicalCustomers.readValue();
    assertThat(canonical.getCustomerId()).isEqualTo(1);
    assertThat(canonical.getCity()).isEqualTo("London");
    assertThat(canonical.getCreditLimit()).isEqualByComparingTo(new BigDecimal("1500.00"));
    ErpCommand command = customerCommands.readValue();
    assertThat(command.getAction()).isEqualTo(ErpAction.UPSERT);
    assertThat(command.getVersion()).isEqualTo(1);
    assertThat(command.getIdempotencyKey()).isEqualTo("crm:customer:1:1");
    assertThat(command.getCustomer().getEmail()).isEqualTo("ada1@example.com");
  }

  @Test
  void shouldDropADuplicateChangeAndCountIt() {
    byte[] insert = change("c", customer(2, "Paris"), 100, 1);
    customers.pipeInput(key(2), insert);
    customers.pipeInput(key(2), insert);

    assertThat(customerCommands.readValuesToList()).hasSize(1);
    assertThat(dropped("duplicate")).isEqualTo(1.0);
  }

  @Test
  void shouldDropAStaleUpdateThatArrivesAfterANewerOne() {
    customers.pipeInput(key(3), change("u", customer(3, "Berlin"), 300, 1));
    customers.pipeInput(key(3), change("u", customer(3, "Rome"), 200, 1));

    List<Customer> emitted = canonicalCustomers.readValuesToList();
    assertThat(emitted).extracting(Customer::getCity).containsExactly("Berlin");
    assertThat(dropped("stale")).isEqualTo(1.0);
  }

  @Test
  void shouldOrderSnapshotRowsBeforeStreamedChangesAtTheSamePosition() {
    customers.pipeInput(key(4), change("u", customer(4, "Madrid"), 500, 0));
    customers.pipeInput(key(4), change("r", customer(4, "Lisbon"), 500, 0));

    assertThat(canonicalCustomers.readValuesToList())
        .extracting(Customer::getCity)
        .containsExactly("Madrid");
    assertThat(dropped("stale")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterAnUndecodableRecordWithReasonAndCoordinatesAndKeepGoing() {
    customers.pipeInput(key(5), "not json at all".getBytes(StandardCharsets.UTF_8));
    customers.pipeInput(key(5), change("c", customer(5, "Oslo"), 100, 1));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("undecodable-json");
    assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(RAW.customers());
    assertThat(header(dead, DeadLetterHeaders.PARTITION)).isEqualTo("0");
    assertThat(header(dead, DeadLetterHeaders.OFFSET)).isEqualTo("0");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("not JSON");
    assertThat(canonicalCustomers.readValue().getCity()).isEqualTo("Oslo");
  }

  @Test
  void shouldDeadLetterARowWithAnUnusableColumnNamingTheColumn() {
    var bad = new java.util.HashMap<>(customer(6, "Vienna"));
    bad.put("credit_limit", "a lot");
    customers.pipeInput(key(6), change("c", bad, 100, 1));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("invalid-row");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("credit_limit");
    assertThat(customerCommands.isEmpty()).isTrue();
  }

  @Test
  void shouldTurnACustomerDeleteIntoATombstoneAndADeactivateCommand() {
    customers.pipeInput(key(7), change("c", customer(7, "Prague"), 100, 1));
    customers.pipeInput(key(7), change("d", customer(7, "Prague"), 200, 1));

    List<TestRecord<String, Customer>> canonical = canonicalCustomers.readRecordsToList();
    assertThat(canonical).hasSize(2);
    assertThat(canonical.get(1).key()).isEqualTo("7");
    assertThat(canonical.get(1).value()).isNull();
    List<ErpCommand> commands = customerCommands.readValuesToList();
    assertThat(commands)
        .extracting(ErpCommand::getAction)
        .containsExactly(ErpAction.UPSERT, ErpAction.DEACTIVATE);
    assertThat(commands).extracting(ErpCommand::getVersion).containsExactly(1L, 2L);
  }

  @Test
  void shouldTurnAnOrderAndItsLinesFromOneTransactionIntoOneCommand() {
    orders.pipeInput(key(10), change("c", order(10, 1, "CONFIRMED"), 1000, 1));
    orderLines.pipeInput(key(101), change("c", line(101, 10, 1), 1000, 2));
    orderLines.pipeInput(key(102), change("c", line(102, 10, 2), 1000, 3));
    transactions.pipeInput(transactionKey(1000), end(1000, 0, 1, 2));

    List<ErpCommand> commands = orderCommands.readValuesToList();
    assertThat(commands).hasSize(1);
    ErpCommand command = commands.get(0);
    assertThat(command.getVersion()).isEqualTo(1);
    assertThat(command.getOrder().getOrderNumber()).isEqualTo("SO-10");
    assertThat(command.getOrder().getLines()).extracting(l -> l.getLineNo()).containsExactly(1, 2);
    assertThat(canonicalOrders.readValue().getLines()).hasSize(2);
  }

  @Test
  void shouldHoldATransactionSplitAcrossPollsUntilAllItsChangesAndItsEndArrived() {
    orders.pipeInput(key(11), change("c", order(11, 1, "DRAFT"), 1100, 1));
    transactions.pipeInput(transactionKey(1100), end(1100, 0, 1, 2));
    orderLines.pipeInput(key(111), change("c", line(111, 11, 1), 1100, 2));
    assertThat(orderCommands.isEmpty()).isTrue();

    orderLines.pipeInput(key(112), change("c", line(112, 11, 2), 1100, 3));

    assertThat(orderCommands.readValuesToList())
        .singleElement()
        .satisfies(command -> assertThat(command.getOrder().getLines()).hasSize(2));
  }

  @Test
  void shouldKeepLinesThatArriveBeforeTheirOrderAndEmitThemWithIt() {
    orderLines.pipeInput(key(201), change("c", line(201, 20, 1), 2000, 2));
    orders.pipeInput(key(20), change("c", order(20, 1, "DRAFT"), 2000, 1));
    transactions.pipeInput(transactionKey(2000), end(2000, 0, 1, 1));

    ErpCommand command = orderCommands.readValue();
    assertThat(command.getOrder().getLines()).hasSize(1);
  }

  @Test
  void shouldKeepSeveralLinesThatArriveBeforeTheirOrderAcrossStoreRoundTrips() {
    orderLines.pipeInput(key(401), change("c", line(401, 40, 1), 4000, 2));
    orderLines.pipeInput(key(402), change("c", line(402, 40, 2), 4100, 1));
    transactions.pipeInput(transactionKey(4000), end(4000, 0, 0, 1));
    transactions.pipeInput(transactionKey(4100), end(4100, 0, 0, 1));
    assertThat(orderCommands.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();

    orders.pipeInput(key(40), change("c", order(40, 1, "DRAFT"), 4200, 1));
    transactions.pipeInput(transactionKey(4200), end(4200, 0, 1, 0));

    assertThat(orderCommands.readValue().getOrder().getLines()).hasSize(2);
  }

  @Test
  void shouldTurnAnOrderDeleteIntoATombstoneAndADeleteCommand() {
    orders.pipeInput(key(30), change("c", order(30, 1, "DRAFT"), 3000, 1));
    transactions.pipeInput(transactionKey(3000), end(3000, 0, 1, 0));
    orders.pipeInput(key(30), change("d", order(30, 1, "DRAFT"), 3100, 1));
    transactions.pipeInput(transactionKey(3100), end(3100, 0, 1, 0));
    orderLines.pipeInput(key(301), change("c", line(301, 30, 1), 3200, 1));
    transactions.pipeInput(transactionKey(3200), end(3200, 0, 0, 1));

    List<ErpCommand> commands = orderCommands.readValuesToList();
    assertThat(commands)
        .extracting(ErpCommand::getAction)
        .containsExactly(ErpAction.UPSERT, ErpAction.DELETE);
    List<TestRecord<String, Order>> canonical = canonicalOrders.readRecordsToList();
    assertThat(canonical.get(canonical.size() - 1).value()).isNull();
  }

  @Test
  void shouldIgnoreTheEmptyEndMarkerDebeziumSendsAgainOnRestart() {
    orders.pipeInput(key(50), change("c", order(50, 1, "DRAFT"), 5000, 1));
    transactions.pipeInput(transactionKey(5000), end(5000, 0, 1, 0));
    assertThat(orderCommands.readValuesToList()).hasSize(1);

    transactions.pipeInput(transactionKey(5000), emptyEnd(5000));
    driver.advanceWallClockTime(TRANSACTION_TIMEOUT.multipliedBy(3));

    assertThat(orderCommands.isEmpty()).isTrue();
    assertThat(incomplete.isEmpty()).isTrue();
  }

  @Test
  void shouldCountReplayedDuplicatesSoAReplayedTransactionNeitherEmitsNorTimesOut() {
    byte[] header = change("c", order(60, 1, "DRAFT"), 6000, 1);
    byte[] firstLine = change("c", line(601, 60, 1), 6000, 2);
    orders.pipeInput(key(60), header);
    orderLines.pipeInput(key(601), firstLine);
    transactions.pipeInput(transactionKey(6000), end(6000, 0, 1, 1));
    assertThat(orderCommands.readValuesToList()).hasSize(1);

    orders.pipeInput(key(60), header);
    orderLines.pipeInput(key(601), firstLine);
    transactions.pipeInput(transactionKey(6000), end(6000, 0, 1, 1));
    driver.advanceWallClockTime(TRANSACTION_TIMEOUT.multipliedBy(3));

    assertThat(orderCommands.isEmpty()).isTrue();
    assertThat(incomplete.isEmpty()).isTrue();
  }

  @Test
  void shouldDivertATransactionThatNeverCompletesInsteadOfEmittingPartOfIt() {
    orders.pipeInput(key(70), change("c", order(70, 1, "DRAFT"), 7000, 1));
    orderLines.pipeInput(key(701), change("c", line(701, 70, 1), 7000, 2));
    transactions.pipeInput(transactionKey(7000), end(7000, 0, 1, 2));

    driver.advanceWallClockTime(TRANSACTION_TIMEOUT.multipliedBy(2));

    assertThat(orderCommands.isEmpty()).isTrue();
    TestRecord<String, String> diverted = incomplete.readRecord();
    assertThat(diverted.key()).isEqualTo(RawChanges.transactionId(7000));
    assertThat(diverted.value()).contains("SO-70");
    assertThat(meters.find("sync.transactions.incomplete").counter().count()).isEqualTo(1.0);
  }

  @Test
  void shouldEmitAnOrderOnceForATransactionThatAlsoChangedACustomer() {
    customers.pipeInput(key(80), change("u", customer(80, "Turin"), 8000, 1));
    orders.pipeInput(key(81), change("c", order(81, 80, "DRAFT"), 8000, 2));
    transactions.pipeInput(transactionKey(8000), end(8000, 1, 1, 0));

    assertThat(customerCommands.readValuesToList()).hasSize(1);
    assertThat(orderCommands.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldAuditEveryDecisionWithTheRuleAndThePositionsItCompared() {
    customers.pipeInput(key(90), change("u", customer(90, "Genoa"), 9000, 1));
    customers.pipeInput(key(90), change("u", customer(90, "Genoa"), 9000, 1));
    customers.pipeInput(key(90), change("u", customer(90, "Pisa"), 8000, 1));
    customers.pipeInput(key(90), "{".getBytes(StandardCharsets.UTF_8));

    List<TestRecord<String, AuditEvent>> events = audit.readRecordsToList();
    assertThat(events)
        .extracting(TestRecord::key)
        .containsOnly(Topics.auditKey("customers", "{\"id\":90}"));
    assertThat(events)
        .extracting(e -> e.value().getDecision())
        .containsExactly(
            AuditDecision.APPLIED,
            AuditDecision.DUPLICATE,
            AuditDecision.STALE,
            AuditDecision.DEAD_LETTERED);
    assertThat(events.get(0).value().getVersion()).isEqualTo(1L);
    assertThat(events.get(2).value().getRule())
        .contains("1/8000/b/1/0")
        .contains("is before")
        .contains("1/9000/b/1/0");
    assertThat(events.get(3).value().getRule()).contains("undecodable-json");
  }

  @Test
  void shouldAuditTheChangesOfADivertedTransaction() {
    orders.pipeInput(key(91), change("c", order(91, 1, "DRAFT"), 9100, 1));
    audit.readRecordsToList();

    driver.advanceWallClockTime(TRANSACTION_TIMEOUT.multipliedBy(2));

    assertThat(audit.readRecordsToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.key()).isEqualTo(Topics.auditKey("orders", "{\"id\":91}"));
              assertThat(e.value().getDecision()).isEqualTo(AuditDecision.TRANSACTION_DIVERTED);
              assertThat(e.value().getRule()).contains("END marker missing");
            });
  }

  @Test
  void shouldProcessWhatARunRoutedThroughKafkaLeftInTheInternalTopics() throws Exception {
    // What a run routed through Kafka wrote to its internal topics, captured from such a run.
    Map<String, List<org.apache.kafka.streams.KeyValue<String, byte[]>>> left =
        new java.util.LinkedHashMap<>();
    try (TopologyTestDriver earlier =
        realtimeDriver(new SimpleMeterRegistry(), Routing.THROUGH_KAFKA)) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      earlier
          .createInputTopic(RAW.customers(), bytes, bytes)
          .pipeInput(key(30), change("c", customer(30, "Turin"), 3000, 1));
      earlier
          .createInputTopic(RAW.orders(), bytes, bytes)
          .pipeInput(key(40), change("c", order(40, 30, "CONFIRMED"), 4000, 1));
      earlier
          .createInputTopic(RAW.orderLines(), bytes, bytes)
          .pipeInput(key(401), change("c", line(401, 40, 1), 4000, 2));
      earlier
          .createInputTopic(RAW.transactions(), bytes, bytes)
          .pipeInput(transactionKey(4000), end(4000, 0, 1, 1));
      for (String topic :
          List.of(TopologyNames.CUSTOMER_CHANGES_TOPIC, TopologyNames.ORDER_TRANSACTIONS_TOPIC)) {
        left.put(
            topic,
            earlier
                .createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList());
      }
    }
    assertThat(left.get(TopologyNames.CUSTOMER_CHANGES_TOPIC)).hasSize(1);
    assertThat(left.get(TopologyNames.ORDER_TRANSACTIONS_TOPIC)).hasSize(3);

    left.forEach(
        (topic, records) ->
            driver
                .createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeKeyValueList(records));

    assertThat(customerCommands.readValuesToList())
        .singleElement()
        .satisfies(
            command -> assertThat(command.getCustomer().getEmail()).isEqualTo("ada30@example.com"));
    assertThat(orderCommands.readValuesToList())
        .singleElement()
        .satisfies(
            command -> {
              assertThat(command.getOrder().getOrderNumber()).isEqualTo("SO-40");
              assertThat(command.getOrder().getLines()).hasSize(1);
            });
  }

  @Test
  void shouldEmitEachChangedCustomerAtMostOncePerWindowUnderTheIntervalPolicy() throws Exception {
    Duration window = Duration.ofMinutes(15);
    try (TopologyTestDriver intervalDriver =
        new TopologyTestDriver(
            SyncTopology.build(
                RAW,
                new EmitSettings(
                    "crm",
                    ErpAction.DEACTIVATE,
                    ErpAction.DELETE,
                    TRANSACTION_TIMEOUT,
                    window,
                    EmitSettings.crmOwnsEverything(),
                    null),
                ErpStatusSources.none(),
                registry,
                new SyncMetrics(new SimpleMeterRegistry()),
                routing()),
            driverProperties())) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      TestInputTopic<byte[], byte[]> input =
          intervalDriver.createInputTopic(RAW.customers(), bytes, bytes);
      TestOutputTopic<String, ErpCommand> commands =
          intervalDriver.createOutputTopic(
              Topics.ERP_COMMANDS_CUSTOMERS,
              new StringDeserializer(),
              AvroWireSerde.forValues(registry, ErpCommand.class).deserializer());

      input.pipeInput(key(100), change("c", customer(100, "Lyon"), 10_000, 1));
      input.pipeInput(key(100), change("u", customer(100, "Nice"), 10_100, 1));
      input.pipeInput(key(100), change("u", customer(100, "Lille"), 10_200, 1));
      input.pipeInput(key(101), change("c", customer(101, "Metz"), 10_300, 1));
      intervalDriver.advanceWallClockTime(window.minusSeconds(1));
      assertThat(commands.isEmpty()).isTrue();

      intervalDriver.advanceWallClockTime(Duration.ofSeconds(2));

      List<ErpCommand> first = commands.readValuesToList();
      assertThat(first)
          .extracting(
              c -> c.getSourceRef() + "@" + c.getVersion() + ":" + c.getCustomer().getCity())
          .containsExactlyInAnyOrder("100@3:Lille", "101@1:Metz");

      input.pipeInput(key(100), change("u", customer(100, "Caen"), 10_400, 1));
      intervalDriver.advanceWallClockTime(window);
      assertThat(commands.readValuesToList())
          .extracting(c -> c.getSourceRef() + "@" + c.getVersion())
          .containsExactly("100@4");
      intervalDriver.advanceWallClockTime(window);
      assertThat(commands.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldPutEveryCommandInTheVersionEpochOfARebuiltState() throws Exception {
    long epoch = 2 * EmitSettings.EPOCH_SPAN;
    try (TopologyTestDriver rebuilt =
        new TopologyTestDriver(
            SyncTopology.build(
                RAW,
                EmitSettings.realtime(
                        "crm", ErpAction.DEACTIVATE, ErpAction.DELETE, TRANSACTION_TIMEOUT)
                    .withVersionEpoch(2),
                ErpStatusSources.none(),
                registry,
                new SyncMetrics(new SimpleMeterRegistry()),
                routing()),
            driverProperties())) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      rebuilt
          .createInputTopic(RAW.customers(), bytes, bytes)
          .pipeInput(key(7), change("c", customer(7, "Lyon"), 100, 1));
      rebuilt
          .createInputTopic(RAW.customers(), bytes, bytes)
          .pipeInput(key(7), change("u", customer(7, "Nice"), 200, 1));
      rebuilt
          .createInputTopic(RAW.orders(), bytes, bytes)
          .pipeInput(key(70), change("c", order(70, 7, "CONFIRMED"), 300, 1));
      rebuilt
          .createInputTopic(RAW.transactions(), bytes, bytes)
          .pipeInput(transactionKey(300), end(300, 0, 1, 0));

      StringDeserializer strings = new StringDeserializer();
      assertThat(
              rebuilt
                  .createOutputTopic(
                      Topics.ERP_COMMANDS_CUSTOMERS,
                      strings,
                      AvroWireSerde.forValues(registry, ErpCommand.class).deserializer())
                  .readValuesToList())
          .extracting(ErpCommand::getVersion, ErpCommand::getIdempotencyKey)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(epoch + 1, "crm:customer:7:" + (epoch + 1)),
              org.assertj.core.groups.Tuple.tuple(epoch + 2, "crm:customer:7:" + (epoch + 2)));
      assertThat(
              rebuilt
                  .createOutputTopic(
                      Topics.ERP_COMMANDS_ORDERS,
                      strings,
                      AvroWireSerde.forValues(registry, ErpCommand.class).deserializer())
                  .readValuesToList())
          .extracting(ErpCommand::getVersion)
          .containsExactly(epoch + 1);
    }
  }

  @Test
  void shouldRefuseAVersionEpochWhoseVersionsDoNotFitALong() {
    EmitSettings settings =
        EmitSettings.realtime("crm", ErpAction.DEACTIVATE, ErpAction.DELETE, TRANSACTION_TIMEOUT);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> settings.withVersionEpoch(EmitSettings.MAX_EPOCH + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the version epoch must be 0..");
    assertThat(settings.withVersionEpoch(EmitSettings.MAX_EPOCH).commandVersion(1)).isPositive();
  }

  /** A driver of the topology with realtime emit, counting into {@code meters}. */
  private static TopologyTestDriver realtimeDriver(SimpleMeterRegistry meters, Routing routing)
      throws java.io.IOException {
    return new TopologyTestDriver(
        SyncTopology.build(
            RAW,
            EmitSettings.realtime(
                "crm", ErpAction.DEACTIVATE, ErpAction.DELETE, TRANSACTION_TIMEOUT),
            ErpStatusSources.none(),
            registry,
            new SyncMetrics(meters),
            routing),
        driverProperties());
  }

  private static Properties driverProperties() throws java.io.IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "topology-test")), "state")
            .toString());
    return props;
  }

  private double dropped(String reason) {
    var counter = meters.find("sync.changes.dropped").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
