package io.crmerpsync.streams.topology;

import static io.crmerpsync.streams.topology.RawChanges.change;
import static io.crmerpsync.streams.topology.RawChanges.customer;
import static io.crmerpsync.streams.topology.RawChanges.end;
import static io.crmerpsync.streams.topology.RawChanges.key;
import static io.crmerpsync.streams.topology.RawChanges.line;
import static io.crmerpsync.streams.topology.RawChanges.order;
import static io.crmerpsync.streams.topology.RawChanges.transactionKey;
import static io.crmerpsync.streams.topology.RawChanges.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * Two CRM databases (regional offices) share customers by email: their rows of one customer make
 * one golden record, one canonical customer and one ERP customer that names both rows.
 */
class SeveralCrmDatabasesTopologyTest {

  /** How the topology under test routes re-keyed records; a subclass runs every test in task. */
  Routing routing() {
    return Routing.THROUGH_KAFKA;
  }

  private static final RawTopics RAW = TwoCrmDatabases.EU;
  private static final RawTopics US = TwoCrmDatabases.US;
  private static final String US_TOPIC = US.customers();
  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> eu;
  private TestInputTopic<byte[], byte[]> us;
  private TestOutputTopic<String, ErpCommand> commands;
  private TestOutputTopic<String, Customer> canonical;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private TestOutputTopic<String, ErpCommand> orderCommands;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("several-crm-test");
    registry = realRegistry.client();
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @BeforeEach
  void startDriver() throws Exception {
    driver = TwoCrmDatabases.driver("several-crm-test", registry, routing());
    ByteArraySerializer bytes = new ByteArraySerializer();
    eu = driver.createInputTopic(RAW.customers(), bytes, bytes);
    us = driver.createInputTopic(US_TOPIC, bytes, bytes);
    commands =
        TwoCrmDatabases.avroOutput(
            driver, Topics.ERP_COMMANDS_CUSTOMERS, registry, ErpCommand.class);
    canonical =
        TwoCrmDatabases.avroOutput(driver, Topics.CANONICAL_CUSTOMERS, registry, Customer.class);
    orderCommands =
        TwoCrmDatabases.avroOutput(driver, Topics.ERP_COMMANDS_ORDERS, registry, ErpCommand.class);
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static Map<String, Object> row(long id, String email, String city) {
    Map<String, Object> row = new HashMap<>(customer(id, city));
    row.put("email", email);
    return row;
  }

  private ErpCommand lastCommand(String key) {
    List<TestRecord<String, ErpCommand>> all = commands.readRecordsToList();
    assertThat(all).extracting(TestRecord::key).contains(key);
    return all.stream().filter(r -> r.key().equals(key)).reduce((a, b) -> b).orElseThrow().value();
  }

  @Test
  void shouldMergeTheRowsOfTwoCrmDatabasesWithOneEmailIntoOneErpCustomer() {
    eu.pipeInput(key(1), change("c", row(1, "ada@example.com", "London"), 100, 1));
    us.pipeInput(key(7), change("c", row(7, " Ada@Example.com", "Boston"), 200, 1));

    ErpCommand command = lastCommand("ada@example.com");
    assertThat(command.getSourceRef()).isEqualTo("ada@example.com");
    assertThat(command.getCustomer().getCity()).isEqualTo("Boston");
    assertThat(command.getCustomer().getSourceRefs()).isEqualTo("crm:1,crm-us:7");
    assertThat(command.getVersion()).isEqualTo(2);
    List<TestRecord<String, Customer>> customers = canonical.readRecordsToList();
    assertThat(customers).extracting(TestRecord::key).containsOnly("ada@example.com");
    Customer merged = customers.get(customers.size() - 1).value();
    assertThat(merged.getCustomerId()).as("the best-ranked CRM's id").isEqualTo(1);
    assertThat(merged.getSourceRefs()).containsExactly("crm:1", "crm-us:7");

    // The older office edits later: newest-wins across both CRM databases.
    eu.pipeInput(
        key(1),
        update(row(1, "ada@example.com", "London"), row(1, "ada@example.com", "Leeds"), 300));
    assertThat(lastCommand("ada@example.com").getCustomer().getCity()).isEqualTo("Leeds");
  }

  @Test
  void shouldKeepTheCustomerWhileOneCrmDatabaseStillHoldsItAndDeactivateItAfterTheLast() {
    eu.pipeInput(key(1), change("c", row(1, "ada@example.com", "London"), 100, 1));
    us.pipeInput(key(7), change("c", row(7, "ada@example.com", "Boston"), 200, 1));
    commands.readRecordsToList();

    us.pipeInput(key(7), change("d", row(7, "ada@example.com", "Boston"), 300, 1));
    ErpCommand afterOne = lastCommand("ada@example.com");
    assertThat(afterOne.getAction()).isEqualTo(ErpAction.UPSERT);
    assertThat(afterOne.getCustomer().getSourceRefs()).isEqualTo("crm:1");

    eu.pipeInput(key(1), change("d", row(1, "ada@example.com", "London"), 400, 1));
    assertThat(lastCommand("ada@example.com").getAction()).isEqualTo(ErpAction.DEACTIVATE);
  }

  @Test
  void shouldKeepTwoRowsOfOneDatabaseWithOneEmailAndDeleteTheCustomerOnlyAfterBoth() {
    eu.pipeInput(key(1), change("c", row(1, "ada@example.com", "London"), 100, 1));
    eu.pipeInput(key(2), change("c", row(2, "ada@example.com", "Leeds"), 200, 1));
    assertThat(lastCommand("ada@example.com").getCustomer().getSourceRefs())
        .isEqualTo("crm:1,crm:2");

    eu.pipeInput(key(1), change("d", row(1, "ada@example.com", "London"), 300, 1));
    ErpCommand afterOne = lastCommand("ada@example.com");
    assertThat(afterOne.getAction()).isEqualTo(ErpAction.UPSERT);
    assertThat(afterOne.getCustomer().getSourceRefs()).isEqualTo("crm:2");

    eu.pipeInput(key(2), change("d", row(2, "ada@example.com", "Leeds"), 400, 1));
    assertThat(lastCommand("ada@example.com").getAction()).isEqualTo(ErpAction.DEACTIVATE);
  }

  @Test
  void shouldMoveARowWhoseEmailChangedToTheCustomerItNowMatches() {
    eu.pipeInput(key(1), change("c", row(1, "ada@example.com", "London"), 100, 1));
    us.pipeInput(key(7), change("c", row(7, "ada@example.com", "Boston"), 200, 1));
    commands.readRecordsToList();

    us.pipeInput(
        key(7),
        update(row(7, "ada@example.com", "Boston"), row(7, "ada.l@example.com", "Boston"), 300));

    List<TestRecord<String, ErpCommand>> out = commands.readRecordsToList();
    assertThat(out)
        .filteredOn(r -> r.key().equals("ada@example.com"))
        .last()
        .satisfies(r -> assertThat(r.value().getCustomer().getSourceRefs()).isEqualTo("crm:1"));
    assertThat(out)
        .filteredOn(r -> r.key().equals("ada.l@example.com"))
        .last()
        .satisfies(
            r -> {
              assertThat(r.value().getAction()).isEqualTo(ErpAction.UPSERT);
              assertThat(r.value().getCustomer().getSourceRefs()).isEqualTo("crm-us:7");
              assertThat(r.value().getCustomer().getCity()).isEqualTo("Boston");
            });
  }

  @Test
  void shouldMoveARowWhoseEmailChangedUnseenWhenAReSnapshotShowsIt() {
    eu.pipeInput(key(1), change("c", row(1, "ada@example.com", "London"), 100, 1));
    us.pipeInput(key(7), change("c", row(7, "ada@example.com", "Boston"), 200, 1));
    commands.readRecordsToList();

    // The email changed while capture was down; a re-snapshot shows the row with the new one only.
    us.pipeInput(key(7), change("r", row(7, "ada.l@example.com", "Boston"), 300, 0));

    List<TestRecord<String, ErpCommand>> out = commands.readRecordsToList();
    assertThat(out)
        .filteredOn(r -> r.key().equals("ada@example.com"))
        .last()
        .satisfies(r -> assertThat(r.value().getCustomer().getSourceRefs()).isEqualTo("crm:1"));
    assertThat(out)
        .filteredOn(r -> r.key().equals("ada.l@example.com"))
        .last()
        .satisfies(r -> assertThat(r.value().getCustomer().getSourceRefs()).isEqualTo("crm-us:7"));
  }

  @Test
  void shouldDeadLetterACrmRowWithoutTheBusinessKeyAndKeepGoing() {
    Map<String, Object> noEmail = row(8, "ada@example.com", "Austin");
    noEmail.put("email", "  ");
    us.pipeInput(key(8), change("c", noEmail, 100, 1));
    us.pipeInput(key(9), change("c", row(9, "bob@example.com", "Denver"), 200, 1));

    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), "sync.dlq.reason")).isEqualTo("missing-business-key");
    assertThat(header(dead.get(0), "sync.dlq.message")).contains("crm-us has no email");
    assertThat(lastCommand("bob@example.com").getCustomer().getSourceRefs()).isEqualTo("crm-us:9");
  }

  @Test
  void shouldSendEachDatabasesOrdersUnderItsOwnSourceSystemThoughTheirIdsAreTheSame() {
    ByteArraySerializer bytes = new ByteArraySerializer();
    TestInputTopic<byte[], byte[]> euOrders = driver.createInputTopic(RAW.orders(), bytes, bytes);
    TestInputTopic<byte[], byte[]> euLines =
        driver.createInputTopic(RAW.orderLines(), bytes, bytes);
    TestInputTopic<byte[], byte[]> euTx = driver.createInputTopic(RAW.transactions(), bytes, bytes);
    TestInputTopic<byte[], byte[]> usOrders = driver.createInputTopic(US.orders(), bytes, bytes);
    TestInputTopic<byte[], byte[]> usLines = driver.createInputTopic(US.orderLines(), bytes, bytes);
    TestInputTopic<byte[], byte[]> usTx = driver.createInputTopic(US.transactions(), bytes, bytes);

    // Order 10 with its lines in each database, one transaction each, same positions and ids.
    euOrders.pipeInput(key(10), change("c", order(10, 1, "CONFIRMED"), 1000, 1));
    euLines.pipeInput(key(101), change("c", line(101, 10, 1), 1000, 2));
    euTx.pipeInput(transactionKey(1000), end(1000, 0, 1, 1));
    usOrders.pipeInput(key(10), change("c", order(10, 7, "DRAFT"), 1000, 1));
    usLines.pipeInput(key(101), change("c", line(101, 10, 1), 1000, 2));
    usLines.pipeInput(key(102), change("c", line(102, 10, 2), 1000, 3));
    usTx.pipeInput(transactionKey(1000), end(1000, 0, 1, 2));

    Map<String, ErpCommand> byKey = new HashMap<>();
    orderCommands.readRecordsToList().forEach(r -> byKey.put(r.key(), r.value()));
    assertThat(byKey).containsOnlyKeys("10", "crm-us:10");
    ErpCommand eu = byKey.get("10");
    assertThat(eu.getSourceSystem()).isEqualTo("crm");
    assertThat(eu.getSourceRef()).isEqualTo("10");
    assertThat(eu.getOrder().getCustomerRef()).isEqualTo("1");
    assertThat(eu.getOrder().getLines()).hasSize(1);
    ErpCommand us = byKey.get("crm-us:10");
    assertThat(us.getSourceSystem()).isEqualTo("crm-us");
    assertThat(us.getSourceRef()).isEqualTo("10");
    assertThat(us.getOrder().getCustomerRef())
        .as("the US customer's id, found in the ERP through source_refs crm-us:7")
        .isEqualTo("7");
    assertThat(us.getOrder().getLines()).hasSize(2);
    assertThat(us.getVersion()).isEqualTo(1);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
