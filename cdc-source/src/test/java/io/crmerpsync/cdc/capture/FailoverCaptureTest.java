package io.crmerpsync.cdc.capture;

import static io.crmerpsync.cdc.capture.CrmTestSupport.createCrmDatabase;
import static io.crmerpsync.cdc.capture.CrmTestSupport.execute;
import static io.crmerpsync.cdc.capture.CrmTestSupport.insertCustomer;
import static io.crmerpsync.cdc.capture.CrmTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.cdc.capture.RawTopicReader.Raw;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failover on real servers: cdc-source captures a MariaDB primary, the primary's replica (GTID
 * replication, {@code log_slave_updates}) is promoted, and cdc-source resumes from its stored
 * offsets on the replica. The raw changes must carry what orders them across the two servers: the
 * snapshot's GTID set and every streamed change's GTID, while the binlog offsets restart.
 */
class FailoverCaptureTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DB = "sales_failover";
  private static EmbeddedMariaDb primary;
  private static EmbeddedMariaDb replica;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startServers() throws Exception {
    Path base = Files.createDirectories(Path.of("target", "failover-test"));
    FileUtils.deleteDirectory(base.toFile());
    primary = EmbeddedMariaDb.start(Files.createDirectories(base.resolve("primary")), 1);
    replica = EmbeddedMariaDb.start(Files.createDirectories(base.resolve("replica")), 2);
    kafka = EmbeddedKafka.start(base.resolve("kafka"));
    // The user is created on the primary and reaches the replica by replication, as an operator's
    // grants would.
    primary.createCdcUser(CrmTestSupport.CDC_USER, CrmTestSupport.CDC_PASSWORD);
    replica.replicateFrom(primary, CrmTestSupport.CDC_USER, CrmTestSupport.CDC_PASSWORD);
  }

  @AfterAll
  static void stopServers() {
    for (AutoCloseable part : new AutoCloseable[] {kafka, replica, primary}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void shouldCarryGtidsThatOrderChangesAcrossAFailoverWhereOffsetsRestart() throws Exception {
    createCrmDatabase(primary, DB);
    execute(
        primary, DB, insertCustomer(1, "ada@example.com"), insertCustomer(2, "bob@example.com"));
    // The primary's binlog moves on to later files; the replica's does not follow.
    execute(
        primary,
        "",
        "FLUSH NO_WRITE_TO_BINLOG BINARY LOGS",
        "FLUSH NO_WRITE_TO_BINLOG BINARY LOGS");
    Map<String, Object> onPrimary = settings(primary, kafka, DB, 5601);
    CdcSourceConfig primaryConfig = new CdcSourceConfig(onPrimary);
    String customers = primaryConfig.rawTopic("customers");

    try (RawTopicReader reader = new RawTopicReader(kafka.bootstrapServers(), List.of(customers))) {
      try (CdcSource source = CdcSource.start(primaryConfig, new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(source::isStreaming);
        execute(primary, DB, "UPDATE customers SET city = 'London' WHERE id = 1");
        await().atMost(WAIT).until(() -> reader.poll(customers), l -> l.size() == 3);
      }
      String last = primary.gtidCurrentPos();
      await().atMost(WAIT).until(() -> replica.gtidCurrentPos().equals(last));

      replica.promote();
      Map<String, Object> onReplica = new java.util.HashMap<>(onPrimary);
      onReplica.put(CdcSourceConfig.CRM_PORT, replica.port());
      try (CdcSource source =
          CdcSource.start(new CdcSourceConfig(onReplica), new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(source::isStreaming);
        execute(replica, DB, "UPDATE customers SET city = 'Paris' WHERE id = 2");
        await()
            .atMost(WAIT)
            .until(
                () -> reader.poll(customers),
                l -> l.stream().anyMatch(r -> "Paris".equals(after(r).path("city").asText())));
      }

      List<Raw> records = reader.poll(customers);
      List<JsonNode> snapshot =
          records.stream()
              .filter(r -> r.value().get("op").asText().equals("r"))
              .map(FailoverCaptureTest::position)
              .toList();
      JsonNode london = positionOf(records, "London");
      JsonNode paris = positionOf(records, "Paris");

      assertThat(snapshot).hasSize(2);
      for (JsonNode row : snapshot) {
        assertThat(row.get("gtids").asText())
            .as("a snapshot row carries the GTID set it was read at")
            .matches("0-1-\\d+");
      }
      long snapshotSeq = seq(snapshot.get(0).get("gtids").asText());
      assertThat(london.get("gtid").asText()).matches("0-1-\\d+");
      assertThat(seq(london.get("gtid").asText())).isGreaterThan(snapshotSeq);
      // Written by the promoted replica: its own server id, the domain's next sequence numbers.
      assertThat(paris.get("gtid").asText()).matches("0-2-\\d+");
      assertThat(seq(paris.get("gtid").asText())).isGreaterThan(seq(london.get("gtid").asText()));
      assertThat(fileIndex(paris))
          .as("the replica's binlog offsets restart below the primary's")
          .isLessThan(fileIndex(london));
      // Nothing captured twice with another position: the replica resumed where the primary was.
      assertThat(records.stream().filter(r -> r.value().get("op").asText().equals("u"))).hasSize(2);
    }
  }

  private static JsonNode after(Raw record) {
    return record.value().path("after");
  }

  private static JsonNode position(Raw record) {
    return record.value().get(RawChangeContract.POSITION);
  }

  private static JsonNode positionOf(List<Raw> records, String city) {
    return records.stream()
        .filter(r -> city.equals(after(r).path("city").asText()))
        .map(FailoverCaptureTest::position)
        .findFirst()
        .orElseThrow();
  }

  private static long seq(String gtid) {
    return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
  }

  private static long fileIndex(JsonNode position) {
    String file = position.get("file").asText();
    return Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
  }
}
