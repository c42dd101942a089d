package io.crmerpsync.streams.topology;

import static io.crmerpsync.streams.topology.RawChanges.change;
import static io.crmerpsync.streams.topology.RawChanges.customer;
import static io.crmerpsync.streams.topology.RawChanges.erpChange;
import static io.crmerpsync.streams.topology.RawChanges.key;
import static io.crmerpsync.streams.topology.RawChanges.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.crmerpsync.schemas.DeadLetterHeaders;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.conflict.MappingFile;
import io.crmerpsync.streams.customer.ConflictResolution;
import io.crmerpsync.streams.customer.CustomerConflict;
import io.crmerpsync.streams.customer.CustomerFields;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * CRM and ERP both change customers; the mapping file's policies decide, field by field, and an
 * operator resolves what the review policy leaves open.
 */
class CustomerPoliciesTopologyTest {

  /** How the topology under test routes re-keyed records; a subclass runs every test in task. */
  Routing routing() {
    return Routing.THROUGH_KAFKA;
  }

  private static final RawTopics RAW = RawTopics.of("crm", "sales");
  private static final String ERP_TOPIC = "erp.public.customer_master";
  private static final String MAPPING =
      """
      sources: [crm, erp]
      entities:
        customer:
          default: {owner: crm}
          review-window-ms: 10000
          fields:
            credit_limit: {owner: erp}
            phone: {policy: newest-wins}
            street: {policy: review}
            payment_terms_days: {policy: review}
      """;
  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> crm;
  private TestInputTopic<byte[], byte[]> erp;
  private TestOutputTopic<String, ErpCommand> commands;
  private TestOutputTopic<String, Customer> canonical;
  private TestOutputTopic<String, AuditEvent> audit;
  private TestOutputTopic<String, String> conflicts;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("policies-test");
    registry = realRegistry.client();
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @BeforeEach
  void startDriver() throws Exception {
    EmitSettings settings =
        new EmitSettings(
            "crm",
            ErpAction.DEACTIVATE,
            ErpAction.DELETE,
            Duration.ofSeconds(10),
            null,
            MappingFile.parse(
                    MAPPING, "mapping.yaml", Map.of("customer", CustomerFields.POLICY_FIELDS))
                .get("customer"),
            new EmitSettings.ErpCustomerSource(ERP_TOPIC, "customer_master", "crm_customer_id"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "policies-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(Path.of("target", "policies-test"), "state").toString());
    driver =
        new TopologyTestDriver(
            SyncTopology.build(
                RAW,
                settings,
                ErpStatusSources.none(),
                registry,
                new SyncMetrics(new SimpleMeterRegistry()),
                routing()),
            props);
    ByteArraySerializer bytes = new ByteArraySerializer();
    crm = driver.createInputTopic(RAW.customers(), bytes, bytes);
    erp = driver.createInputTopic(ERP_TOPIC, bytes, bytes);
    StringDeserializer strings = new StringDeserializer();
    commands =
        driver.createOutputTopic(
            Topics.ERP_COMMANDS_CUSTOMERS,
            strings,
            AvroWireSerde.forValues(registry, ErpCommand.class).deserializer());
    canonical =
        driver.createOutputTopic(
            Topics.CANONICAL_CUSTOMERS,
            strings,
            AvroWireSerde.forValues(registry, Customer.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    audit =
        driver.createOutputTopic(
            Topics.AUDIT,
            strings,
            AvroWireSerde.forValues(registry, AuditEvent.class).deserializer());
    conflicts = driver.createOutputTopic(Topics.CONFLICTS, strings, strings);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static Map<String, Object> erpRow(long erpId, long crmId, String credit, String phone) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", erpId);
    row.put("crm_customer_id", crmId);
    row.put("credit_limit", credit);
    if (phone != null) {
      row.put("phone", phone);
    }
    row.put("erp_customer_number", "K-" + erpId);
    return row;
  }

  @Test
  void shouldTakeTheErpOwnedCreditLimitFromTheErpAndRejectTheCrmsLaterChangeOfIt() {
    crm.pipeInput(key(1), change("c", customer(1, "Leeds"), 100, 1));
    erp.pipeInput(key(501), erpChange("c", null, erpRow(501, 1, "5000.00", null), 1_000));
    Map<String, Object> crmEdit = new HashMap<>(customer(1, "York"));
    crmEdit.put("credit_limit", "9999.00");
    crm.pipeInput(key(1), update(customer(1, "Leeds"), crmEdit, 200));

    assertThat(canonical.readValuesToList())
        .extracting(Customer::getCreditLimit)
        .containsExactly(
            new BigDecimal("1500.00"), new BigDecimal("5000.00"), new BigDecimal("5000.00"));
    // The ERP owns the credit limit: no command carries it, and the ERP's own edit of it (version
    // 2) sends no command back to the ERP.
    List<ErpCommand> sent = commands.readValuesToList();
    assertThat(sent).extracting(ErpCommand::getVersion).containsExactly(1L, 3L);
    assertThat(sent)
        .allSatisfy(
            c -> {
              assertThat(c.getCustomer().getCreditLimit()).isNull();
              assertThat(c.getOmittedColumns()).containsExactly("credit_limit");
            });
    assertThat(sent.get(1).getCustomer().getCity()).isEqualTo("York");
    List<AuditEvent> events = audit.readValuesToList();
    assertThat(events)
        .filteredOn(e -> e.getDecision() == AuditDecision.REJECTED_NOT_OWNER)
        .singleElement()
        .satisfies(e -> assertThat(e.getRule()).contains("credit_limit").contains("9999.00"));
    // The trail reads in order: the gate applied the CRM's edit, then the policy rejected a field.
    int rejected =
        events.stream()
            .map(AuditEvent::getDecision)
            .toList()
            .indexOf(AuditDecision.REJECTED_NOT_OWNER);
    assertThat(events.get(rejected - 1).getDecision()).isEqualTo(AuditDecision.APPLIED);
    assertThat(events.get(rejected - 1).getTable()).isEqualTo("customers");
  }

  @Test
  void shouldDeadLetterAnErpChangeTheCanonicalCustomerCannotHoldAndKeepApplyingLaterOnes() {
    crm.pipeInput(key(12), change("c", customer(12, "Leeds"), 100, 1));
    Map<String, Object> tooPrecise = erpRow(512, 12, "5000.125", null);
    erp.pipeInput(key(512), erpChange("c", null, tooPrecise, 1_000));
    crm.pipeInput(key(12), update(customer(12, "Leeds"), customer(12, "York"), 200));
    erp.pipeInput(key(512), erpChange("u", tooPrecise, erpRow(512, 12, "6000.00", null), 2_000));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("invalid-row");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("credit_limit");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("5000.125");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(canonical.readValuesToList())
        .extracting(Customer::getCity, Customer::getCreditLimit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Leeds", new BigDecimal("1500.00")),
            org.assertj.core.groups.Tuple.tuple("York", new BigDecimal("1500.00")),
            org.assertj.core.groups.Tuple.tuple("York", new BigDecimal("6000.00")));
    assertThat(audit.readValuesToList())
        .filteredOn(e -> e.getDecision() == AuditDecision.DEAD_LETTERED)
        .singleElement()
        .satisfies(e -> assertThat(e.getRule()).contains("not applied to customer 12"));
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldEmitNothingWhenTheErpShowsBackWhatItAlreadyHas() {
    crm.pipeInput(key(2), change("c", customer(2, "Leeds"), 100, 1));
    erp.pipeInput(key(502), erpChange("c", null, erpRow(502, 2, "1500.00", null), 1_000));
    Map<String, Object> before = erpRow(502, 2, "1500.00", null);
    Map<String, Object> after = new HashMap<>(before);
    after.put("erp_customer_number", "K-502-B");
    erp.pipeInput(key(502), erpChange("u", before, after, 2_000));

    assertThat(commands.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldLetTheNewerPhoneWinWhicheverSystemChangedIt() {
    crm.pipeInput(key(3), change("c", customer(3, "Leeds"), 100, 1));
    Map<String, Object> before = erpRow(503, 3, "1500.00", null);
    Map<String, Object> after = erpRow(503, 3, "1500.00", "+44 999");
    erp.pipeInput(key(503), erpChange("c", null, before, 1_000));
    erp.pipeInput(key(503), erpChange("u", before, after, 2_000));

    List<ErpCommand> sent = commands.readValuesToList();
    assertThat(sent.get(sent.size() - 1).getCustomer().getPhone()).isEqualTo("+44 999");
  }

  /**
   * The CRM creates customer {@code id} on "1 Old Road" and moves it to "2 CRM Street"; 1 ms later
   * the ERP (its row {@code 500 + id}) moves it to "3 ERP Avenue": a conflict under review.
   */
  private void raiseStreetConflict(long id) {
    Map<String, Object> created = new HashMap<>(customer(id, "Leeds"));
    created.put("street", "1 Old Road");
    crm.pipeInput(key(id), change("c", created, 100, 1));
    Map<String, Object> erpBefore = erpRow(500 + id, id, "1500.00", null);
    erp.pipeInput(key(500 + id), erpChange("c", null, erpBefore, 150));
    Map<String, Object> crmEdit = new HashMap<>(created);
    crmEdit.put("street", "2 CRM Street");
    crm.pipeInput(key(id), update(created, crmEdit, 200));
    erp.pipeInput(key(500 + id), erpChange("u", erpBefore, erpStreet(id, "3 ERP Avenue"), 201));
  }

  private static Map<String, Object> erpStreet(long id, String street) {
    Map<String, Object> row = erpRow(500 + id, id, "1500.00", null);
    row.put("street", street);
    return row;
  }

  @Test
  void shouldSendAConcurrentAddressEditToReviewAndKeepTheAgreedValue() {
    raiseStreetConflict(4);

    String conflict = conflicts.readValue();
    assertThat(conflict).contains("street").contains("2 CRM Street").contains("3 ERP Avenue");
    List<ErpCommand> sent = commands.readValuesToList();
    assertThat(sent.get(sent.size() - 1).getCustomer().getStreet()).isEqualTo("1 Old Road");
    assertThat(conflict).contains("\"agreedValue\":\"1 Old Road\"").contains("\"status\":\"OPEN\"");
  }

  @Test
  void shouldSendACustomerToTheErpAgainWithTheNextVersionWhenAnOperatorAsks() {
    crm.pipeInput(key(1), change("c", customer(1, "Leeds"), 100, 1));
    drainOutputs();
    canonical.readValuesToList();

    resync("1", "ERP restored from last night's backup");

    List<ErpCommand> sent = commands.readValuesToList();
    assertThat(sent)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getVersion()).isEqualTo(2L);
              assertThat(c.getAction()).isEqualTo(ErpAction.UPSERT);
              assertThat(c.getCustomer().getCity()).isEqualTo("Leeds");
            });
    assertThat(canonical.readValuesToList()).extracting(Customer::getCity).containsExactly("Leeds");
    assertThat(audit.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDecision()).isEqualTo(AuditDecision.RESYNCED);
              assertThat(e.getVersion()).isEqualTo(2L);
              assertThat(e.getSourceSystem()).isEqualTo("operator");
              assertThat(e.getRule())
                  .contains("alice")
                  .contains("ERP restored from last night's backup");
            });
    // The versions go on from the resync: the next CRM edit is version 3.
    crm.pipeInput(key(1), update(customer(1, "Leeds"), customer(1, "York"), 200));
    assertThat(commands.readValuesToList()).extracting(ErpCommand::getVersion).containsExactly(3L);
  }

  @Test
  void shouldResyncADeletedCustomerAsTheDeleteTheErpExpects() {
    crm.pipeInput(key(2), change("c", customer(2, "Leeds"), 100, 1));
    crm.pipeInput(key(2), change("d", customer(2, "Leeds"), 200, 1));
    drainOutputs();

    resync("2", "the ERP still shows customer 2");

    assertThat(commands.readValuesToList())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getAction()).isEqualTo(ErpAction.DEACTIVATE);
              assertThat(c.getVersion()).isEqualTo(3L);
            });
  }

  @Test
  void shouldRefuseToResyncACustomerItHoldsNoCompleteRecordOfAndAuditWhy() {
    // Known from the ERP only: the CRM has not created it, so there is no customer to send.
    erp.pipeInput(key(503), erpChange("c", null, erpRow(503, 3, "100.00", null), 1_000));
    drainOutputs();

    resync("3", "check");
    resync("77", "typo");

    assertThat(commands.readValuesToList()).isEmpty();
    assertThat(audit.readValuesToList())
        .extracting(AuditEvent::getDecision, AuditEvent::getRule)
        .satisfiesExactly(
            three -> {
              assertThat(three.toList().get(0)).isEqualTo(AuditDecision.RESYNC_REFUSED);
              assertThat((String) three.toList().get(1)).contains("customer 3 is incomplete");
            },
            unknown -> {
              assertThat(unknown.toList().get(0)).isEqualTo(AuditDecision.RESYNC_REFUSED);
              assertThat((String) unknown.toList().get(1))
                  .contains("no golden record of customer 77")
                  .contains("typo");
            });
  }

  @Test
  void shouldRefuseAnUnreadableResyncRequestAndGoOn() {
    crm.pipeInput(key(4), change("c", customer(4, "Leeds"), 100, 1));
    drainOutputs();

    driver
        .createInputTopic(
            Topics.RESYNC_REQUESTS_CUSTOMERS, new StringSerializer(), new StringSerializer())
        .pipeInput("4", "{not json");
    driver
        .createInputTopic(
            Topics.RESYNC_REQUESTS_CUSTOMERS, new StringSerializer(), new StringSerializer())
        .pipeInput((String) null, "{}");
    resync("4", "second try");

    assertThat(audit.readValuesToList())
        .extracting(AuditEvent::getDecision)
        .containsExactly(
            AuditDecision.RESYNC_REFUSED, AuditDecision.RESYNC_REFUSED, AuditDecision.RESYNCED);
    assertThat(commands.readValuesToList()).extracting(ErpCommand::getVersion).containsExactly(2L);
  }

  private void resync(String customerKey, String reason) {
    driver
        .createInputTopic(
            Topics.RESYNC_REQUESTS_CUSTOMERS,
            new StringSerializer(),
            new JsonSerde<>(ResyncRequest.class).serializer())
        .pipeInput(customerKey, new ResyncRequest("alice", reason, 1_700_000_100_000L));
  }

  /** The conflicts topic as records, the latest state of each conflict last. */
  private List<CustomerConflict> conflictRecords() {
    return driver
        .createOutputTopic(
            Topics.CONFLICTS,
            new StringDeserializer(),
            new JsonSerde<>(CustomerConflict.class).deserializer())
        .readValuesToList();
  }

  private void resolve(CustomerConflict conflict, String take, String value) {
    driver
        .createInputTopic(
            Topics.CONFLICT_RESOLUTIONS,
            new StringSerializer(),
            new JsonSerde<>(ConflictResolution.class).serializer())
        .pipeInput(
            conflict.customerId(),
            new ConflictResolution(
                "customer",
                conflict.customerId(),
                conflict.field(),
                conflict.id(),
                take,
                value == null ? null : TextNode.valueOf(value),
                "alice",
                "the customer confirmed by phone",
                1_700_000_100_000L));
  }

  /** Reads away what the outputs hold so far. */
  private void drainOutputs() {
    commands.readValuesToList();
    audit.readValuesToList();
  }

  /** Nothing was sent to the ERP and one refusal was audited, its rule saying {@code why}. */
  private void assertRefused(String... why) {
    assertThat(commands.isEmpty()).isTrue();
    assertThat(resolutionAudits())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDecision()).isEqualTo(AuditDecision.RESOLUTION_REFUSED);
              assertThat(e.getRule()).contains(why);
            });
  }

  private List<AuditEvent> resolutionAudits() {
    return audit.readValuesToList().stream()
        .filter(e -> e.getSourceSystem().equals("operator"))
        .toList();
  }

  @Test
  void shouldApplyTheValueAnOperatorTookAndSendItToTheErpWithAHigherVersion() {
    raiseStreetConflict(5);
    CustomerConflict conflict = conflictRecords().get(0);
    long lastVersion =
        commands.readValuesToList().stream().mapToLong(ErpCommand::getVersion).max().orElseThrow();

    resolve(conflict, "erp", null);

    ErpCommand resolved = commands.readValue();
    assertThat(resolved.getCustomer().getStreet()).isEqualTo("3 ERP Avenue");
    assertThat(resolved.getVersion()).isGreaterThan(lastVersion);
    assertThat(commands.isEmpty()).isTrue();
    assertThat(resolutionAudits())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDecision()).isEqualTo(AuditDecision.RESOLVED);
              assertThat(e.getKey()).isEqualTo("{\"id\":5}");
              assertThat(e.getVersion()).isEqualTo(resolved.getVersion());
              assertThat(e.getRule())
                  .startsWith("operator resolution: alice set street to \"3 ERP Avenue\"")
                  .contains("took erp")
                  .contains(conflict.id())
                  .contains("the customer confirmed by phone");
            });
    assertThat(conflictRecords())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(CustomerConflict.Status.RESOLVED);
              assertThat(c.id()).isEqualTo(conflict.id());
            });
  }

  @Test
  void shouldApplyAnOperatorsOwnValue() {
    raiseStreetConflict(6);
    CustomerConflict conflict = conflictRecords().get(0);
    commands.readValuesToList();

    resolve(conflict, "value", "4 Agreed Lane");

    assertThat(commands.readValue().getCustomer().getStreet()).isEqualTo("4 Agreed Lane");
  }

  @Test
  void shouldRefuseAndAuditAResolutionOfAConflictAlreadyResolvedAndChangeNothing() {
    raiseStreetConflict(7);
    CustomerConflict conflict = conflictRecords().get(0);
    resolve(conflict, "crm", null);
    drainOutputs();
    conflictRecords();

    resolve(conflict, "erp", null);

    assertRefused("no open conflict on street of customer 7", "alice wanted erp");
    assertThat(conflictRecords()).isEmpty();
  }

  @Test
  void shouldRefuseAStaleResolutionOfAConflictThatANewerConflictReplaced() {
    raiseStreetConflict(8);
    CustomerConflict first = conflictRecords().get(0);
    erp.pipeInput(
        key(508), erpChange("u", erpStreet(8, "3 ERP Avenue"), erpStreet(8, "9 ERP Close"), 202));
    List<CustomerConflict> states = conflictRecords();
    assertThat(states)
        .extracting(CustomerConflict::status)
        .containsExactly(CustomerConflict.Status.CLOSED, CustomerConflict.Status.OPEN);
    drainOutputs();

    resolve(first, "erp", null);

    assertRefused(
        "stale: it resolves conflict " + first.id(),
        "the open conflict on street is " + states.get(1).id());
  }

  @Test
  void shouldCloseAConflictWhenTheFieldGetsANewerAgreedValue() {
    raiseStreetConflict(9);
    CustomerConflict conflict = conflictRecords().get(0);
    Map<String, Object> before = new HashMap<>(customer(9, "Leeds"));
    before.put("street", "2 CRM Street");
    Map<String, Object> moved = new HashMap<>(before);
    moved.put("street", "10 Later Road");
    crm.pipeInput(key(9), update(before, moved, 60_000));

    assertThat(conflictRecords())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(CustomerConflict.Status.CLOSED);
              assertThat(c.closedBecause())
                  .contains("a newer agreed value: crm set it to \"10 Later Road\"");
            });
    drainOutputs();

    resolve(conflict, "erp", null);

    assertRefused("no open conflict on street of customer 9");
  }

  @Test
  void shouldRefuseAResolutionThatTakesNoSourceOfTheConflict() {
    raiseStreetConflict(10);
    CustomerConflict conflict = conflictRecords().get(0);
    drainOutputs();

    resolve(conflict, "crm-eu", null);

    assertRefused("take 'crm-eu' is neither a source of the conflict (crm, erp) nor 'value'");
  }

  @Test
  void shouldRefuseAnOperatorValueTheCanonicalCustomerCannotHold() {
    Map<String, Object> created = new HashMap<>(customer(11, "Leeds"));
    crm.pipeInput(key(11), change("c", created, 100, 1));
    erp.pipeInput(key(511), erpChange("c", null, erpRow(511, 11, "1500.00", null), 150));
    Map<String, Object> crmEdit = new HashMap<>(created);
    crmEdit.put("payment_terms_days", 45);
    crm.pipeInput(key(11), update(created, crmEdit, 200));
    Map<String, Object> erpAfter = erpRow(511, 11, "1500.00", null);
    erpAfter.put("payment_terms_days", 60);
    erp.pipeInput(key(511), erpChange("u", erpRow(511, 11, "1500.00", null), erpAfter, 201));
    CustomerConflict conflict = conflictRecords().get(0);
    drainOutputs();

    resolve(conflict, "value", "sixty");

    assertRefused("value \"sixty\" is not valid for payment_terms_days");
  }

  @Test
  void shouldRefuseAnUnreadableResolutionAndKeepApplyingTheNextOnes() {
    raiseStreetConflict(12);
    CustomerConflict conflict = conflictRecords().get(0);
    drainOutputs();

    driver
        .createInputTopic(
            Topics.CONFLICT_RESOLUTIONS, new StringSerializer(), new StringSerializer())
        .pipeInput("12", "take the ERP one please");
    resolve(conflict, "crm", null);

    assertThat(resolutionAudits())
        .extracting(AuditEvent::getDecision)
        .containsExactly(AuditDecision.RESOLUTION_REFUSED, AuditDecision.RESOLVED);
    assertThat(commands.readValue().getCustomer().getStreet()).isEqualTo("2 CRM Street");
  }
}
