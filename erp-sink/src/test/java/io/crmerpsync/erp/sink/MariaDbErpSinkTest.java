package io.crmerpsync.erp.sink;

import static io.crmerpsync.erp.sink.Commands.customer;
import static io.crmerpsync.erp.sink.Commands.customerCommand;
import static io.crmerpsync.erp.sink.Commands.line;
import static io.crmerpsync.erp.sink.Commands.order;
import static io.crmerpsync.erp.sink.Commands.orderCommand;
import static io.crmerpsync.erp.sink.Commands.upsertCustomer;
import static io.crmerpsync.erp.sink.Commands.upsertOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.erp.sink.error.RejectedRecordException;
import io.crmerpsync.erp.sink.iface.Dialect;
import io.crmerpsync.erp.sink.iface.InterfaceTables;
import io.crmerpsync.erp.sink.metrics.SinkCounts;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpOrder;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB dialect against a real MariaDB 11.4 server: versioned upserts, deletes and
 * deactivations, orders with their lines, refused rows, and the rate. The task gets a {@code
 * jdbc:mariadb:} URL without a default database, so every statement must name its database.
 */
class MariaDbErpSinkTest {

  private static final Logger log = LoggerFactory.getLogger(MariaDbErpSinkTest.class);

  private static EmbeddedMariaDb mariaDb;
  private static int databaseCounter;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Commands commands = new Commands(registry);
  private final List<ErpSinkTask> started = new ArrayList<>();
  private ErpDatabase erp;

  @BeforeAll
  static void startMariaDb() {
    mariaDb = EmbeddedMariaDb.start(FreshDirectory.under("erp-sink-mariadb-test"));
  }

  @AfterAll
  static void stopMariaDb() {
    if (mariaDb != null) {
      mariaDb.close();
    }
  }

  @BeforeEach
  void freshDatabase() throws SQLException {
    erp = ErpDatabase.mariaDb(mariaDb, "erp_maria_" + (++databaseCounter));
    erp.dropSchema();
  }

  @AfterEach
  void stopTasks() {
    started.forEach(ErpSinkTask::stop);
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("name", "erp-sink-mariadb-test");
    settings.put(ErpSinkConfig.JDBC_URL, mariaDb.jdbcUrl(""));
    settings.put(ErpSinkConfig.JDBC_USER, "root");
    settings.put(ErpSinkConfig.SCHEMA, erp.schema());
    settings.put(ErpSinkConfig.RETRY_BACKOFF_MS, "250");
    settings.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry.invalid:8081");
    return settings;
  }

  private ErpSinkTask startTask(CapturingTaskContext context, Map<String, String> settings) {
    ErpSinkTask task = new ErpSinkTask(registry);
    task.initialize(context);
    task.start(settings);
    started.add(task);
    return task;
  }

  private ErpSinkTask startTask(CapturingTaskContext context) {
    return startTask(context, settings());
  }

  private ErpSinkTask startTask() {
    return startTask(CapturingTaskContext.withErrantRecordReporter());
  }

  @Test
  void shouldApplyOnlyNewerVersionsAndLeaveTheRowUntouchedByOlderOrRepeatedOnes() throws Exception {
    ErpSinkTask task = startTask();

    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));
    task.put(commands.records(upsertCustomer("C-1", 3, "King")));
    Map<String, Object> newest = erp.customer("C-1").orElseThrow();
    task.put(commands.records(upsertCustomer("C-1", 2, "Older"), upsertCustomer("C-1", 3, "King")));

    assertThat(erp.customer("C-1")).contains(newest);
    assertThat(newest)
        .containsEntry("last_name", "King")
        .containsEntry("action", "UPSERT")
        .containsEntry("source_version", 3L)
        .containsEntry("idempotency_key", "crm:C-1:3")
        .containsEntry("country_code", "DE")
        .containsEntry("credit_limit", new BigDecimal("5000.00"))
        .containsEntry("payment_terms_days", 30)
        .containsEntry("process_status", "PENDING");
    assertThat(utc(newest.get("source_commit_time")))
        .isEqualTo(LocalDateTime.ofInstant(Commands.COMMIT_TIME, ZoneOffset.UTC));
    assertThat(task.counts()).isEqualTo(new SinkCounts(2, 2, 0, 0));
  }

  @Test
  void shouldResetTheImportStatusOnlyWhenANewerVersionIsApplied() throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));
    erp.execute(
        "UPDATE "
            + erp.schema()
            + ".customer_iface SET process_status = 'ERROR', error_code = 'E-17',"
            + " error_message = 'credit check failed'");

    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));
    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("process_status", "ERROR")
        .containsEntry("error_code", "E-17");

    task.put(commands.records(upsertCustomer("C-1", 2, "Lovelace")));
    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("process_status", "PENDING")
        .containsEntry("error_code", null)
        .containsEntry("error_message", null);
  }

  @Test
  void shouldKeepTheLastValuesOnADeleteWithoutPayloadAndFenceOutOlderUpserts() throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));

    task.put(commands.records(customerCommand("C-1", 2, ErpAction.DELETE, null)));
    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));
    task.put(commands.records(customerCommand("C-9", 4, ErpAction.DELETE, null)));
    task.put(commands.records(upsertCustomer("C-9", 3, "Ghost")));

    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("action", "DELETE")
        .containsEntry("source_version", 2L)
        .containsEntry("last_name", "Lovelace");
    assertThat(erp.customer("C-9").orElseThrow())
        .containsEntry("action", "DELETE")
        .containsEntry("source_version", 4L)
        .containsEntry("last_name", null);
    assertThat(task.counts()).isEqualTo(new SinkCounts(3, 2, 0, 0));
  }

  @Test
  void shouldTakeThePayloadOfADeactivateCommandThatCarriesOne() throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));

    task.put(
        commands.records(customerCommand("C-1", 2, ErpAction.DEACTIVATE, customer("Byron", "GB"))));

    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("action", "DEACTIVATE")
        .containsEntry("last_name", "Byron")
        .containsEntry("country_code", "GB");
  }

  @Test
  void shouldWriteAnOrderWithItsLinesAndKeepTheLinesOfTheNewestVersion() throws Exception {
    ErpSinkTask task = startTask();

    task.put(commands.records(upsertOrder("O-1", 1, 3, "A")));
    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("line_count", 3)
        .containsEntry("currency", "EUR")
        .containsEntry("total_amount", new BigDecimal("123.45"));
    assertThat(utc(erp.order("O-1").orElseThrow().get("ordered_at")))
        .isEqualTo(LocalDateTime.of(2026, 2, 28, 9, 0));
    assertThat(erp.lines("O-1")).extracting(l -> l.get("sku")).containsExactly("A-1", "A-2", "A-3");

    task.put(
        commands.records(
            upsertOrder("O-1", 4, 2, "V4"),
            upsertOrder("O-1", 2, 5, "V2"),
            orderCommand("O-1", 3, ErpAction.DELETE, null)));

    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("source_version", 4L)
        .containsEntry("line_count", 2);
    List<Map<String, Object>> lines = erp.lines("O-1");
    assertThat(lines).extracting(l -> l.get("sku")).containsExactly("V4-1", "V4-2");
    assertThat(lines).extracting(l -> l.get("source_version")).containsOnly(4L);
    assertThat(lines.get(0))
        .containsEntry("quantity", new BigDecimal("1.500"))
        .containsEntry("unit_price", new BigDecimal("10.00"));

    task.put(commands.records(orderCommand("O-1", 5, ErpAction.DELETE, null)));
    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("action", "DELETE")
        .containsEntry("line_count", 2);
    assertThat(erp.lines("O-1")).hasSize(2);
  }

  @Test
  void shouldDeadLetterRefusedRowsWithMariaDbsReasonAndCommitTheRestEvenOnANonStrictServer()
      throws Exception {
    // The server's default lets MariaDB truncate silently; the sink's session must not.
    erp.execute("SET GLOBAL sql_mode = ''");
    try {
      CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
      ErpSinkTask task = startTask(context);
      ErpOrder farFuture = order("O-2", "DE", List.of(line(1, "X", "1", "1.00")));
      farFuture.setOrderedAt(Instant.parse("+300000-01-01T00:00:00Z"));
      List<SinkRecord> batch =
          commands.records(
              upsertCustomer("C-1", 1, "Good"),
              customerCommand("C-2", 1, ErpAction.UPSERT, customer("Poison", "DEU")),
              upsertOrder("O-1", 1, 2, "A"),
              orderCommand("O-2", 1, ErpAction.UPSERT, farFuture),
              orderCommand(
                  "O-3",
                  1,
                  ErpAction.UPSERT,
                  order(
                      "O-3", "DE", List.of(line(1, "X", "1", "1.00"), line(1, "Y", "1", "1.00")))),
              upsertCustomer("C-3", 1, "AlsoGood"));

      task.put(batch);

      assertThat(erp.customer("C-1")).isPresent();
      assertThat(erp.customer("C-3")).isPresent();
      assertThat(erp.lines("O-1")).hasSize(2);
      assertThat(erp.customer("C-2")).isEmpty();
      assertThat(erp.order("O-2")).isEmpty();
      assertThat(erp.order("O-3")).isEmpty();
      assertThat(erp.lines("O-3")).isEmpty();
      assertThat(context.reports())
          .extracting(CapturingTaskContext.Report::record)
          .containsExactlyInAnyOrder(batch.get(1), batch.get(3), batch.get(4));
      Map<SinkRecord, Throwable> errors = new HashMap<>();
      context.reports().forEach(r -> errors.put(r.record(), r.error()));
      assertThat(errors.get(batch.get(1)))
          .isInstanceOf(RejectedRecordException.class)
          .hasMessageContaining("customer crm:C-2 v1")
          .hasMessageContaining("SQLState 22001, error 1406")
          .hasMessageContaining("Data too long for column 'country_code'");
      assertThat(errors.get(batch.get(3)))
          .hasMessageContaining("SQLState 22007, error 1292")
          .hasMessageContaining("Incorrect datetime value");
      assertThat(errors.get(batch.get(4)))
          .hasMessageContaining("SQLState 23000, error 1062")
          .hasMessageContaining("Duplicate entry");
      assertThat(task.counts()).isEqualTo(new SinkCounts(3, 0, 3, 0));
    } finally {
      erp.execute("SET GLOBAL sql_mode = DEFAULT");
    }
  }

  @Test
  void shouldIsolateEveryRowOfABatchThatTheDatabaseRefusesWhole() throws Exception {
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(context);
    List<SinkRecord> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(
          commands.record(
              customerCommand("P-" + i, 1, ErpAction.UPSERT, customer("Poison", "DEU"))));
    }

    task.put(batch);

    assertThat(context.reports())
        .extracting(CapturingTaskContext.Report::record)
        .containsExactlyInAnyOrderElementsOf(batch);
    assertThat(erp.count("customer_iface")).isZero();
    task.put(commands.records(upsertCustomer("C-1", 1, "After")));
    assertThat(erp.customer("C-1")).isPresent();
  }

  @Test
  void shouldKeepKeysThatDifferOnlyInCaseApart() throws Exception {
    ErpSinkTask task = startTask();

    task.put(
        commands.records(upsertCustomer("C-1", 1, "Upper"), upsertCustomer("c-1", 1, "Lower")));

    assertThat(erp.customer("C-1").orElseThrow()).containsEntry("last_name", "Upper");
    assertThat(erp.customer("c-1").orElseThrow()).containsEntry("last_name", "Lower");
  }

  @Test
  void shouldHoldTheNewestVersionOfEveryKeyWhateverTheOrderOfADay() throws Exception {
    ErpSinkTask task = startTask();
    Random random = new Random(7);
    CommandDay day = CommandDay.generate(7, 150, 50);
    List<ErpCommand> delivered = day.shuffledWithDuplicates(random);

    for (int from = 0; from < delivered.size(); ) {
      int to = Math.min(delivered.size(), from + 1 + random.nextInt(300));
      task.put(delivered.subList(from, to).stream().map(commands::record).toList());
      from = to;
    }

    for (ErpCommand newest : day.newest().values()) {
      String ref = newest.getSourceRef();
      if ("customer".equals(newest.getEntity())) {
        assertThat(erp.customer(ref).orElseThrow())
            .as(ref)
            .containsEntry("source_version", newest.getVersion())
            .containsEntry("action", newest.getAction().name())
            .containsEntry("last_name", CommandDay.lastName(ref, newest.getVersion()));
      } else {
        assertThat(erp.order(ref).orElseThrow())
            .as(ref)
            .containsEntry("source_version", newest.getVersion())
            .containsEntry("line_count", newest.getOrder().getLines().size());
        assertThat(erp.lines(ref))
            .as(ref)
            .extracting(l -> l.get("sku"))
            .containsExactlyElementsOf(
                newest.getOrder().getLines().stream().map(ErpOrderLine::getSku).toList());
      }
    }
    assertThat(task.counts().applied() + task.counts().skippedStale()).isEqualTo(delivered.size());
    assertThat(task.counts().rejected()).isZero();
  }

  @Test
  void shouldFailWithAHintWhenTheTablesAreMissingAndAutoCreateIsOff() {
    Map<String, String> settings = settings();
    settings.put(ErpSinkConfig.TABLES_AUTO_CREATE, "false");
    ErpSinkTask task = startTask(CapturingTaskContext.withErrantRecordReporter(), settings);

    assertThatThrownBy(() -> task.put(commands.records(upsertCustomer("C-1", 1, "X"))))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("42S02")
        .hasMessageContaining(ErpSinkConfig.TABLES_AUTO_CREATE)
        .hasMessageContaining("mariadb-interface-tables.sql");
  }

  @Test
  void shouldApplyTenThousandCustomerCommandsInBatchesOf500() throws Exception {
    ErpSinkTask task = startTask();
    putInBatches(task, customers("W-", 2_000));
    List<SinkRecord> records = customers("C-", 10_000);

    long started = System.nanoTime();
    putInBatches(task, records);
    long nanos = System.nanoTime() - started;

    log.info(
        "MariaDB: 10000 customer commands in batches of 500 applied in {} ms: {} commands/s",
        TimeUnit.NANOSECONDS.toMillis(nanos),
        Math.round(10_000 / (nanos / 1e9)));
    assertThat(erp.count("customer_iface")).isEqualTo(12_000);
    assertThat(task.counts().applied()).isEqualTo(12_000);
  }

  @Test
  void shouldWriteThroughAJdbcMysqlUrlWithTheSameSql() throws Exception {
    Map<String, String> settings = settings();
    settings.put(ErpSinkConfig.JDBC_URL, "jdbc:mysql://127.0.0.1:" + mariaDb.port() + "/");
    ErpSinkTask task = startTask(CapturingTaskContext.withErrantRecordReporter(), settings);

    task.put(commands.records(upsertCustomer("C-1", 2, "King"), upsertCustomer("C-1", 1, "Old")));

    assertThat(erp.customer("C-1").orElseThrow()).containsEntry("last_name", "King");
    assertThat(task.counts()).isEqualTo(new SinkCounts(1, 1, 0, 0));
  }

  @Test
  void shouldCreateTheTablesOnceAndFindThemTheSecondTime() throws Exception {
    try (Connection connection = mariaDb.connect("")) {
      connection.setAutoCommit(false);

      assertThat(InterfaceTables.createIfAbsent(connection, Dialect.MARIADB, erp.schema()))
          .isTrue();
      assertThat(InterfaceTables.createIfAbsent(connection, Dialect.MARIADB, erp.schema()))
          .isFalse();
      assertThat(InterfaceTables.allExist(connection, erp.schema())).isTrue();
      assertThat(connection.getCatalog()).as("default database left as it was").isNull();
    }
  }

  private List<SinkRecord> customers(String prefix, int count) {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(commands.record(upsertCustomer(prefix + i, 1, "Customer" + i)));
    }
    return records;
  }

  private static void putInBatches(ErpSinkTask task, List<SinkRecord> records) {
    for (int from = 0; from < records.size(); from += 500) {
      task.put(records.subList(from, Math.min(records.size(), from + 500)));
    }
  }

  /** A DATETIME as the driver returns it, as the UTC wall time the sink wrote. */
  private static LocalDateTime utc(Object value) {
    return value instanceof Timestamp timestamp
        ? timestamp.toLocalDateTime()
        : (LocalDateTime) value;
  }
}
