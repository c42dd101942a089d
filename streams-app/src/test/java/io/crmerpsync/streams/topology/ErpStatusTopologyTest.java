package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.schemas.DeadLetterHeaders;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpImportState;
import io.crmerpsync.schemas.erp.ErpImportStatus;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * The ERP importer's reports, captured from the interface tables, become {@code ErpImportStatus}
 * events; the sink's own PENDING writes do not.
 */
class ErpStatusTopologyTest {

  /** How the topology under test routes re-keyed records; a subclass runs every test in task. */
  Routing routing() {
    return Routing.THROUGH_KAFKA;
  }

  private static final RawTopics RAW = RawTopics.of("crm", "sales");
  private static final String CUSTOMER_IFACE = "erp.erp.customer_iface";
  private static final String ORDER_IFACE = "erp.erp.order_iface";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRM_COMMIT = "2026-03-02T10:15:30.250Z";
  private static final long CRM_COMMIT_MS = Instant.parse(CRM_COMMIT).toEpochMilli();

  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  private TopologyTestDriver driver;
  private SimpleMeterRegistry meters;
  private TestInputTopic<byte[], byte[]> customerIface;
  private TestInputTopic<byte[], byte[]> orderIface;
  private TestOutputTopic<String, ErpImportStatus> statuses;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("erp-status-test");
    registry = realRegistry.client();
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @BeforeEach
  void startDriver() throws Exception {
    meters = new SimpleMeterRegistry();
    driver =
        new TopologyTestDriver(
            SyncTopology.build(
                RAW,
                settings(),
                ErpStatusSources.of(CUSTOMER_IFACE, ORDER_IFACE),
                registry,
                new SyncMetrics(meters),
                routing()),
            driverProperties());
    ByteArraySerializer bytes = new ByteArraySerializer();
    customerIface = driver.createInputTopic(CUSTOMER_IFACE, bytes, bytes);
    orderIface = driver.createInputTopic(ORDER_IFACE, bytes, bytes);
    statuses =
        driver.createOutputTopic(
            Topics.ERP_STATUS,
            new StringDeserializer(),
            AvroWireSerde.forValues(registry, ErpImportStatus.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldPublishNothingForThePendingRowsTheSinkWrites() {
    customerIface.pipeInput(key("42"), ifaceChange("c", row("42", 1, "PENDING"), 1_000));
    customerIface.pipeInput(key("42"), ifaceChange("u", row("42", 2, "PENDING"), 2_000));
    orderIface.pipeInput(key("O-1"), ifaceChange("c", row("O-1", 1, "PENDING"), 3_000));

    assertThat(statuses.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(counter("sync.erp.import.ignored", "reason", "pending")).isEqualTo(3.0);
  }

  @Test
  void shouldPublishASuccessReportWithTheRowsFieldsAndTheTimeFromTheCrmCommit() {
    customerIface.pipeInput(key("42"), ifaceChange("c", row("42", 3, "PENDING"), 1_000));
    customerIface.pipeInput(key("42"), ifaceChange("u", row("42", 3, "SUCCESS"), 2_000));

    TestRecord<String, ErpImportStatus> published = statuses.readRecord();
    assertThat(published.key()).isEqualTo("customer:42");
    ErpImportStatus status = published.value();
    assertThat(status.getEntity()).isEqualTo("customer");
    assertThat(status.getSourceSystem()).isEqualTo("crm");
    assertThat(status.getSourceRef()).isEqualTo("42");
    assertThat(status.getVersion()).isEqualTo(3);
    assertThat(status.getStatus()).isEqualTo(ErpImportState.SUCCESS);
    assertThat(status.getErrorCode()).isNull();
    assertThat(status.getBatchId()).isEqualTo("erp-sink-0-1-7");
    assertThat(status.getAction()).isEqualTo("UPSERT");
    assertThat(status.getIdempotencyKey()).isEqualTo("crm:customer:42:3");
    assertThat(status.getCrmCommitTime()).isEqualTo(Instant.parse(CRM_COMMIT));
    assertThat(status.getReportedAt()).isEqualTo(Instant.ofEpochMilli(reportedAt(2_000)));
    assertThat(status.getCommitToReportMs()).isEqualTo(reportedAt(2_000) - CRM_COMMIT_MS);
    assertThat(statuses.isEmpty()).isTrue();
  }

  @Test
  void shouldPublishAnOrdersErrorReportWithTheImportersCodeAndMessage() {
    Map<String, Object> failed = row("O-7", 2, "ERROR");
    failed.put("error_code", "E-CREDIT");
    failed.put("error_message", "credit limit exceeded");
    orderIface.pipeInput(key("O-7"), ifaceChange("u", row("O-7", 2, "PROCESSING"), 1_000));
    orderIface.pipeInput(key("O-7"), ifaceChange("u", failed, 2_000));

    assertThat(statuses.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value.getStatus())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("order:O-7", ErpImportState.PROCESSING),
            org.assertj.core.groups.Tuple.tuple("order:O-7", ErpImportState.ERROR));
    assertThat(counter("sync.erp.import.status", "status", "ERROR")).isEqualTo(1.0);
  }

  @Test
  void shouldKeySecondCrmDatabasesOrdersApartFromTheFirstOnesWithTheSameId() {
    Map<String, Object> theirs = row("10", 1, "SUCCESS");
    theirs.put("source_system", "crm-us");
    orderIface.pipeInput(key("10"), ifaceChange("u", row("10", 1, "SUCCESS"), 1_000));
    orderIface.pipeInput(
        "{\"source_system\":\"crm-us\",\"source_ref\":\"10\"}".getBytes(StandardCharsets.UTF_8),
        ifaceChange("u", theirs, 2_000));

    assertThat(statuses.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("order:10", "order:crm-us:10");
  }

  @Test
  void shouldCarryTheErrorCodeAndMessageOfAnErrorReport() {
    Map<String, Object> failed = row("O-8", 1, "ERROR");
    failed.put("error_code", "E-SKU");
    failed.put("error_message", "unknown article SKU-9");
    orderIface.pipeInput(key("O-8"), ifaceChange("u", failed, 1_000));

    ErpImportStatus status = statuses.readValue();
    assertThat(status.getEntity()).isEqualTo("order");
    assertThat(status.getErrorCode()).isEqualTo("E-SKU");
    assertThat(status.getErrorMessage()).isEqualTo("unknown article SKU-9");
  }

  @Test
  void shouldPublishARepeatedOrReplayedReportOnceAndANewVersionsReportAgain() {
    byte[] success = ifaceChange("u", row("43", 1, "SUCCESS"), 1_000);
    customerIface.pipeInput(key("43"), success);
    customerIface.pipeInput(key("43"), success);
    customerIface.pipeInput(key("43"), ifaceChange("u", row("43", 1, "SUCCESS"), 2_000));
    customerIface.pipeInput(key("43"), ifaceChange("u", row("43", 2, "PENDING"), 3_000));
    customerIface.pipeInput(key("43"), ifaceChange("u", row("43", 2, "SUCCESS"), 4_000));

    assertThat(statuses.readValuesToList())
        .extracting(ErpImportStatus::getVersion)
        .containsExactly(1L, 2L);
    assertThat(counter("sync.erp.import.ignored", "reason", "replayed")).isEqualTo(1.0);
    assertThat(counter("sync.erp.import.ignored", "reason", "unchanged")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterAnUndecodableInterfaceRecordAndKeepGoing() {
    customerIface.pipeInput(key("44"), "not json".getBytes(StandardCharsets.UTF_8));
    customerIface.pipeInput(key("44"), ifaceChange("u", row("44", 1, "SUCCESS"), 2_000));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("undecodable-json");
    assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(CUSTOMER_IFACE);
    assertThat(header(dead, DeadLetterHeaders.COMPONENT)).isEqualTo("streams-app");
    assertThat(statuses.readValue().getSourceRef()).isEqualTo("44");
  }

  @Test
  void shouldDeadLetterARowWithoutAVersionOrWithAStatusNoImporterWrites() {
    Map<String, Object> noVersion = row("45", 1, "SUCCESS");
    noVersion.remove("source_version");
    customerIface.pipeInput(key("45"), ifaceChange("u", noVersion, 1_000));
    customerIface.pipeInput(key("46"), ifaceChange("u", row("46", 1, "DONE"), 2_000));

    var dead = deadLetters.readRecordsToList();
    assertThat(dead)
        .extracting(record -> header(record, DeadLetterHeaders.REASON))
        .containsExactly("invalid-row", "invalid-status");
    assertThat(header(dead.get(0), DeadLetterHeaders.MESSAGE)).contains("source_version");
    assertThat(header(dead.get(1), DeadLetterHeaders.MESSAGE)).contains("'DONE'");
    assertThat(statuses.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterARowWhoseCaptureLeftOutAColumnNamingTheColumnAndTheSetting() {
    Map<String, Object> noStatus = row("47", 1, "SUCCESS");
    noStatus.remove("process_status");
    customerIface.pipeInput(key("47"), ifaceChange("u", noStatus, 1_000));

    var dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("invalid-row");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE))
        .contains("'process_status'", "crm.columns.include");
    assertThat(statuses.isEmpty()).isTrue();
  }

  @Test
  void shouldBuildNoStatusProcessorWhenNoInterfaceTableIsConfigured() {
    String described =
        SyncTopology.build(
                RAW,
                settings(),
                ErpStatusSources.none(),
                registry,
                new SyncMetrics(meters),
                routing())
            .describe()
            .toString();

    assertThat(described).doesNotContain("import-status").doesNotContain(Topics.ERP_STATUS);
    assertThat(
            SyncTopology.build(
                    RAW,
                    settings(),
                    ErpStatusSources.of(CUSTOMER_IFACE, ""),
                    registry,
                    new SyncMetrics(meters),
                    routing())
                .describe()
                .toString())
        .contains("erp-customer-import-status")
        .doesNotContain("erp-order-import-status")
        .contains(Topics.ERP_STATUS);
  }

  private static EmitSettings settings() {
    return EmitSettings.realtime(
        "crm", ErpAction.DEACTIVATE, ErpAction.DELETE, Duration.ofSeconds(10));
  }

  private double counter(String name, String tag, String value) {
    return meters.find(name).tag(tag, value).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  private static byte[] key(String ref) {
    return ("{\"source_system\":\"crm\",\"source_ref\":\"" + ref + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** An interface row as the capture sends it, with the importer's {@code status}. */
  private static Map<String, Object> row(String ref, long version, String status) {
    Map<String, Object> row = new HashMap<>();
    row.put("source_system", "crm");
    row.put("source_ref", ref);
    row.put("action", "UPSERT");
    row.put("source_version", version);
    row.put("idempotency_key", "crm:customer:" + ref + ":" + version);
    row.put("source_commit_time", CRM_COMMIT);
    row.put("process_status", status);
    row.put("error_code", null);
    row.put("error_message", null);
    row.put("batch_id", "erp-sink-0-1-7");
    // Exactly the columns the ERP capture keeps of an interface table (crm.columns.include):
    // every report these tests check is read from them alone.
    assertThat(row.keySet()).containsExactlyInAnyOrderElementsOf(ErpStatusSources.COLUMNS_READ);
    return row;
  }

  private static long reportedAt(long commitLsn) {
    return CRM_COMMIT_MS + 5_000 + commitLsn;
  }

  /**
   * A change of an interface row as the ERP capture writes it: Debezium's PostgreSQL envelope with
   * an LSN position; without REPLICA IDENTITY FULL an update has no before image.
   */
  private static byte[] ifaceChange(String op, Map<String, Object> after, long commitLsn) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("op", op);
    envelope.putNull("before");
    envelope.set("after", JSON.valueToTree(after));
    envelope.putObject("source").put("ts_ms", reportedAt(commitLsn));
    ObjectNode position = envelope.putObject("position");
    position.put("lsn", commitLsn - 1);
    position.put("lsn_commit", commitLsn);
    position.put("tx_id", "tx" + commitLsn);
    position.put("snapshot", false);
    envelope.putObject("transaction").put("id", "tx" + commitLsn + ":" + commitLsn);
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static Properties driverProperties() throws java.io.IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "erp-status-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "erp-status-test")), "state")
            .toString());
    return props;
  }
}
