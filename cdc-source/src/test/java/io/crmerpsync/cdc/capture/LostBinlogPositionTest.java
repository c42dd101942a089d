package io.crmerpsync.cdc.capture;

import static io.crmerpsync.cdc.capture.CrmTestSupport.createCrmDatabase;
import static io.crmerpsync.cdc.capture.CrmTestSupport.execute;
import static io.crmerpsync.cdc.capture.CrmTestSupport.insertCustomer;
import static io.crmerpsync.cdc.capture.CrmTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.cdc.capture.RawTopicReader.Raw;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Purges the binlog under a stopped source. Runs on a MariaDB of its own, because purging would
 * pull the ground from under any other test's stored position.
 */
class LostBinlogPositionTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedMariaDb mariaDb;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startCrmAndKafka() throws Exception {
    FileUtils.deleteDirectory(Path.of("target", "cdc-purge-test").toFile());
    mariaDb =
        EmbeddedMariaDb.start(
            java.nio.file.Files.createTempDirectory(
                java.nio.file.Files.createDirectories(Path.of("target", "cdc-purge-test")),
                "mariadb"));
    kafka = EmbeddedKafka.start(Path.of("target", "cdc-purge-test", "kafka"));
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
  void shouldStopWithTheReSnapshotRunbookStepWhenTheBinlogPositionWasPurged() throws Exception {
    String db = "sales_purge";
    createCrmDatabase(mariaDb, db);
    execute(mariaDb, db, insertCustomer(1, "c1@example.com"));
    Map<String, Object> settings = settings(mariaDb, kafka, db, 5601);
    CdcSourceConfig config = new CdcSourceConfig(settings);
    String topic = config.rawTopic("customers");

    try (RawTopicReader reader =
        new RawTopicReader(kafka.bootstrapServers(), RawTopics.names(config))) {
      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 1);
        execute(mariaDb, db, insertCustomer(2, "c2@example.com"));
        await().atMost(WAIT).until(() -> reader.poll(topic), l -> l.size() == 2);
      }
      // While the source is stopped: a change, then its binlog file is rotated away and purged.
      execute(mariaDb, db, insertCustomer(3, "c3@example.com"));
      purgeAllButTheCurrentBinlog();

      try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
        await().atMost(WAIT).until(() -> source.termination().isDone());
        assertThat(source.isRunning()).isFalse();
        Throwable failure = source.failure().orElseThrow();
        System.out.println("lost position failure: " + failure.getMessage());
        assertThat(failure)
            .isInstanceOf(LostBinlogPositionException.class)
            .hasMessageContaining("no longer available")
            .hasMessageContaining("RUNBOOK")
            .hasMessageContaining("cdc.snapshot.mode=always");
      }

      // The runbook step itself: one start with 'always' snapshots again and recovers row 3.
      settings.put(CdcSourceConfig.CDC_SNAPSHOT_MODE, "always");
      try (CdcSource source =
          CdcSource.start(new CdcSourceConfig(settings), new SimpleMeterRegistry())) {
        List<Raw> recovered =
            await()
                .atMost(WAIT)
                .until(
                    () -> reader.poll(topic),
                    l -> l.stream().anyMatch(r -> r.key().get("id").asLong() == 3L));
        assertThat(recovered.stream().filter(r -> r.key().get("id").asLong() == 3L))
            .allSatisfy(r -> assertThat(r.position().get("snapshot").asBoolean()).isTrue());
        assertThat(source.isRunning()).isTrue();
        // ...and streams on from the new position.
        execute(mariaDb, db, insertCustomer(4, "c4@example.com"));
        await()
            .atMost(WAIT)
            .until(
                () -> reader.poll(topic),
                l ->
                    l.stream()
                        .anyMatch(r -> r.key().get("id").asLong() == 4L && r.op().equals("c")));
      }
    }
  }

  // MariaDB silently keeps a binlog file that a reader still uses; the stopped source's dump
  // thread notices its closed socket only when it next sends (the rotation makes it send). So
  // rotate, then purge until only the current file is left.
  private static void purgeAllButTheCurrentBinlog() throws Exception {
    try (Connection c = mariaDb.connect("");
        Statement s = c.createStatement()) {
      s.execute("FLUSH BINARY LOGS");
      String current;
      try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
        rs.next();
        current = rs.getString("File");
      }
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                s.execute("PURGE BINARY LOGS TO '" + current + "'");
                return binlogs(s);
              },
              left -> left.equals(List.of(current)));
    }
  }

  private static List<String> binlogs(Statement s) throws Exception {
    List<String> files = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        files.add(rs.getString(1));
      }
    }
    return files;
  }
}
