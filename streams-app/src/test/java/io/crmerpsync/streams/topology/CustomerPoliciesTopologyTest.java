package io.crmerpsync.streams.topology;

import static io.crmerpsync.streams.topology.RawChanges.change;
import static io.crmerpsync.streams.topology.RawChanges.customer;
import static io.crmerpsync.streams.topology.RawChanges.erpChange;
import static io.crmerpsync.streams.topology.RawChanges.key;
import static io.crmerpsync.streams.topology.RawChanges.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.conflict.MappingFile;
import io.crmerpsync.streams.customer.CustomerFields;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CRM and ERP both change customers; the mapping file's policies decide, field by field. */
class CustomerPoliciesTopologyTest {
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
      """;
  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> crm;
  private TestInputTopic<byte[], byte[]> erp;
  private TestOutputTopic<String, ErpCommand> commands;
  private TestOutputTopic<String, AuditEvent> audit;
  private TestOutputTopic<String, String> conflicts;

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
            SyncTopology.build(RAW, settings, registry, new SyncMetrics(new SimpleMeterRegistry())),
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

    List<ErpCommand> sent = commands.readValuesToList();
    assertThat(sent)
        .extracting(c -> c.getCustomer().getCreditLimit())
        .containsExactly(
            new BigDecimal("1500.00"), new BigDecimal("5000.00"), new BigDecimal("5000.00"));
    assertThat(sent.get(2).getCustomer().getCity()).isEqualTo("York");
    assertThat(sent).extracting(ErpCommand::getVersion).containsExactly(1L, 2L, 3L);
    assertThat(audit.readValuesToList())
        .filteredOn(e -> e.getDecision() == AuditDecision.REJECTED_NOT_OWNER)
        .singleElement()
        .satisfies(e -> assertThat(e.getRule()).contains("credit_limit").contains("9999.00"));
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

  @Test
  void shouldSendAConcurrentAddressEditToReviewAndKeepTheAgreedValue() {
    Map<String, Object> created = new HashMap<>(customer(4, "Leeds"));
    created.put("street", "1 Old Road");
    crm.pipeInput(key(4), change("c", created, 100, 1));
    Map<String, Object> erpBefore = erpRow(504, 4, "1500.00", null);
    erp.pipeInput(key(504), erpChange("c", null, erpBefore, 150));
    Map<String, Object> crmEdit = new HashMap<>(created);
    crmEdit.put("street", "2 CRM Street");
    crm.pipeInput(key(4), update(created, crmEdit, 200));
    Map<String, Object> erpAfter = new HashMap<>(erpBefore);
    erpAfter.put("street", "3 ERP Avenue");
    erp.pipeInput(key(504), erpChange("u", erpBefore, erpAfter, 201));

    String conflict = conflicts.readValue();
    assertThat(conflict).contains("street").contains("2 CRM Street").contains("3 ERP Avenue");
    List<ErpCommand> sent = commands.readValuesToList();
    assertThat(sent.get(sent.size() - 1).getCustomer().getStreet()).isEqualTo("1 Old Road");
    assertThat(conflict).contains("\"agreedValue\":\"1 Old Road\"");
  }
}
