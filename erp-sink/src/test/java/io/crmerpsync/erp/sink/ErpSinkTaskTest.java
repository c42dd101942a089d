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
import static org.awaitility.Awaitility.await;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.erp.sink.error.RejectedRecordException;
import io.crmerpsync.erp.sink.metrics.SinkCounts;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The task against a real PostgreSQL: fed SinkRecords as Connect would feed them. */
class ErpSinkTaskTest {

  private static EmbeddedErpPostgres postgres;
  private static int schemaCounter;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Commands commands = new Commands(registry);
  private final List<ErpSinkTask> started = new ArrayList<>();
  private ErpDatabase erp;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedErpPostgres.start(Path.of("target", "erp-sink-task-test-pg"));
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void freshSchema() throws SQLException {
    erp = new ErpDatabase(postgres, "erp_task_test_" + (++schemaCounter));
    erp.dropSchema();
  }

  @AfterEach
  void stopTasks() {
    started.forEach(ErpSinkTask::stop);
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("name", "erp-sink-test");
    settings.put(ErpSinkConfig.JDBC_URL, postgres.jdbcUrl());
    settings.put(ErpSinkConfig.JDBC_USER, postgres.user());
    settings.put(ErpSinkConfig.JDBC_PASSWORD, postgres.password());
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
  void shouldRefuseToStartOnTablesWithoutTheColumnsOfThisVersionNamingTheDdlWhenTheDbaOwnsIt()
      throws Exception {
    startTask().stop();
    try (java.sql.Connection c = postgres.connect();
        java.sql.Statement st = c.createStatement()) {
      st.execute("ALTER TABLE " + erp.schema() + ".customer_iface DROP COLUMN source_refs");
    }
    Map<String, String> settings = settings();
    settings.put(ErpSinkConfig.TABLES_AUTO_CREATE, "false");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> startTask(CapturingTaskContext.withErrantRecordReporter(), settings))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .hasMessageContaining("lack columns this version writes")
        .hasMessageContaining(
            "ALTER TABLE \""
                + erp.schema()
                + "\".\"customer_iface\" ADD COLUMN \"source_refs\" TEXT")
        .hasMessageContaining(ErpSinkConfig.TABLES_AUTO_CREATE + "=true");
  }

  @Test
  void shouldHoldTheNewestValuesAfterAnUpsertAndAnUpdate() throws Exception {
    ErpSinkTask task = startTask();

    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));
    task.put(commands.records(upsertCustomer("C-1", 2, "King")));

    Map<String, Object> row = erp.customer("C-1").orElseThrow();
    assertThat(row)
        .containsEntry("last_name", "King")
        .containsEntry("email", "king@example.com")
        .containsEntry("action", "UPSERT")
        .containsEntry("source_version", 2L)
        .containsEntry("idempotency_key", "crm:C-1:2")
        .containsEntry("country_code", "DE")
        .containsEntry("credit_limit", new BigDecimal("5000.00"))
        .containsEntry("payment_terms_days", 30)
        .containsEntry("process_status", "PENDING");
    assertThat(((java.sql.Timestamp) row.get("source_commit_time")).toInstant())
        .isEqualTo(Commands.COMMIT_TIME);
    assertThat(task.counts()).isEqualTo(new SinkCounts(2, 0, 0, 0));
  }

  @Test
  void shouldLeaveTheRowUnchangedAndCountItWhenAnOlderVersionArrivesAfterANewerOne()
      throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertCustomer("C-1", 5, "Newer")));
    Map<String, Object> before = erp.customer("C-1").orElseThrow();

    task.put(commands.records(upsertCustomer("C-1", 3, "Older")));

    assertThat(erp.customer("C-1")).contains(before);
    assertThat(task.counts()).isEqualTo(new SinkCounts(1, 1, 0, 0));
  }

  @Test
  void shouldChangeNothingWhenTheSameCommandArrivesTwice() throws Exception {
    ErpSinkTask task = startTask();
    ErpCommand command = upsertCustomer("C-1", 1, "Lovelace");
    task.put(commands.records(command));
    Map<String, Object> afterFirst = erp.customer("C-1").orElseThrow();

    task.put(commands.records(command));

    // updated_at and batch_id would move on any write: the row is byte for byte the same.
    assertThat(erp.customer("C-1")).contains(afterFirst);
    assertThat(task.counts().skippedStale()).isEqualTo(1);
  }

  @Test
  void shouldKeepADeletedCustomerDeletedWhenAnOlderUpsertIsReplayed() throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));

    task.put(commands.records(customerCommand("C-1", 2, ErpAction.DELETE, null)));
    task.put(commands.records(upsertCustomer("C-1", 1, "Lovelace")));

    Map<String, Object> row = erp.customer("C-1").orElseThrow();
    assertThat(row)
        .containsEntry("action", "DELETE")
        .containsEntry("source_version", 2L)
        // A delete without payload keeps the last known values for the ERP's reference.
        .containsEntry("last_name", "Lovelace")
        .containsEntry("process_status", "PENDING");
    assertThat(task.counts()).isEqualTo(new SinkCounts(2, 1, 0, 0));
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
  void shouldInsertADeleteForAKeyTheErpHasNeverSeenAsAFence() throws Exception {
    ErpSinkTask task = startTask();

    task.put(commands.records(customerCommand("C-9", 4, ErpAction.DELETE, null)));
    task.put(commands.records(upsertCustomer("C-9", 3, "Ghost")));

    assertThat(erp.customer("C-9").orElseThrow())
        .containsEntry("action", "DELETE")
        .containsEntry("source_version", 4L)
        .containsEntry("last_name", null);
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
  void shouldWriteAnOrderWithAllItsLinesAndReplaceThemWhenTheOrderChanges() throws Exception {
    ErpSinkTask task = startTask();

    task.put(commands.records(upsertOrder("O-1", 1, 3, "A")));
    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("line_count", 3)
        .containsEntry("currency", "EUR")
        .containsEntry("total_amount", new BigDecimal("123.45"));
    assertThat(erp.lines("O-1")).extracting(l -> l.get("sku")).containsExactly("A-1", "A-2", "A-3");

    task.put(commands.records(upsertOrder("O-1", 2, 2, "B")));
    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("line_count", 2)
        .containsEntry("source_version", 2L);
    List<Map<String, Object>> lines = erp.lines("O-1");
    assertThat(lines).extracting(l -> l.get("sku")).containsExactly("B-1", "B-2");
    assertThat(lines).extracting(l -> l.get("source_version")).containsOnly(2L);
    assertThat(lines.get(0))
        .containsEntry("quantity", new BigDecimal("1.500"))
        .containsEntry("unit_price", new BigDecimal("10.00"));
  }

  @Test
  void shouldKeepTheNewerLinesWhenAnOlderOrderCommandIsReplayed() throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertOrder("O-1", 2, 2, "NEW")));

    task.put(commands.records(upsertOrder("O-1", 1, 4, "OLD")));

    assertThat(erp.lines("O-1")).extracting(l -> l.get("sku")).containsExactly("NEW-1", "NEW-2");
    assertThat(erp.order("O-1").orElseThrow()).containsEntry("line_count", 2);
    assertThat(task.counts().skippedStale()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheLinesOfTheNewestVersionWhenOneBatchHoldsSeveralVersionsOfAnOrder()
      throws Exception {
    ErpSinkTask task = startTask();

    task.put(
        commands.records(
            upsertOrder("O-1", 1, 3, "V1"),
            upsertOrder("O-1", 3, 2, "V3"),
            upsertOrder("O-1", 2, 4, "V2")));

    assertThat(erp.lines("O-1")).extracting(l -> l.get("sku")).containsExactly("V3-1", "V3-2");
    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("source_version", 3L)
        .containsEntry("line_count", 2);
    assertThat(task.counts()).isEqualTo(new SinkCounts(2, 1, 0, 0));
  }

  @Test
  void shouldKeepAnOrdersLinesWhenADeleteWithoutPayloadArrives() throws Exception {
    ErpSinkTask task = startTask();
    task.put(commands.records(upsertOrder("O-1", 1, 3, "A")));

    task.put(commands.records(orderCommand("O-1", 2, ErpAction.DELETE, null)));
    task.put(commands.records(upsertOrder("O-1", 1, 3, "A")));

    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("action", "DELETE")
        .containsEntry("line_count", 3);
    assertThat(erp.lines("O-1")).hasSize(3);
  }

  @Test
  void shouldApplyAPutLargerThanTheJdbcBatchSizeCompletely() throws Exception {
    Map<String, String> settings = settings();
    settings.put(ErpSinkConfig.BATCH_SIZE, "7");
    ErpSinkTask task = startTask(CapturingTaskContext.withErrantRecordReporter(), settings);
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(commands.record(upsertCustomer("C-" + i, 1, "Customer" + i)));
    }
    for (int i = 0; i < 10; i++) {
      records.add(commands.record(upsertOrder("O-" + i, 1, 3, "S" + i)));
    }

    task.put(records);

    assertThat(erp.count("customer_iface")).isEqualTo(40);
    assertThat(erp.count("order_iface")).isEqualTo(10);
    assertThat(erp.count("order_line_iface")).isEqualTo(30);
    assertThat(task.counts()).isEqualTo(new SinkCounts(50, 0, 0, 0));
  }

  @Test
  void shouldDeadLetterThePoisonRecordWithItsSqlStateAndCommitTheRestOfTheBatch() throws Exception {
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(context);
    List<SinkRecord> batch =
        commands.records(
            upsertCustomer("C-1", 1, "Good"),
            customerCommand("C-2", 1, ErpAction.UPSERT, customer("Poison", "DEU")),
            upsertOrder("O-1", 1, 2, "A"),
            upsertCustomer("C-3", 1, "AlsoGood"));

    task.put(batch);

    assertThat(erp.customer("C-1")).isPresent();
    assertThat(erp.customer("C-3")).isPresent();
    assertThat(erp.customer("C-2")).isEmpty();
    assertThat(erp.lines("O-1")).hasSize(2);
    assertThat(context.reports()).hasSize(1);
    CapturingTaskContext.Report report = context.reports().get(0);
    assertThat(report.record()).isSameAs(batch.get(1));
    assertThat(report.error())
        .isInstanceOf(RejectedRecordException.class)
        .hasMessageContaining("SQLState 22001")
        .hasMessageContaining("customer crm:C-2 v1");
    assertThat(((RejectedRecordException) report.error()).sqlState()).contains("22001");
    assertThat(task.counts()).isEqualTo(new SinkCounts(3, 0, 1, 0));
  }

  @Test
  void shouldRejectAWholeOrderWhenOneOfItsLinesIsRefused() throws Exception {
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(context);
    ErpCommand duplicateLines =
        orderCommand(
            "O-2",
            1,
            ErpAction.UPSERT,
            order("O-2", "DE", List.of(line(1, "X", "1", "1.00"), line(1, "Y", "1", "1.00"))));

    task.put(commands.records(upsertOrder("O-1", 1, 2, "A"), duplicateLines));

    assertThat(erp.order("O-1")).isPresent();
    // The header was written before its lines failed; the savepoint takes it back with them.
    assertThat(erp.order("O-2")).isEmpty();
    assertThat(erp.lines("O-2")).isEmpty();
    assertThat(context.reports())
        .singleElement()
        .satisfies(r -> assertThat(r.error()).hasMessageContaining("SQLState 23505"));
  }

  @Test
  void shouldFailTheTaskNamingTheRecordWhenTheDatabaseRefusesOneAndNoReporterIsConfigured()
      throws Exception {
    ErpSinkTask task = startTask(CapturingTaskContext.withoutErrantRecordReporter());
    List<SinkRecord> batch =
        commands.records(
            upsertCustomer("C-1", 1, "Good"),
            customerCommand("C-2", 1, ErpAction.UPSERT, customer("Poison", "DEU")));

    assertThatThrownBy(() -> task.put(batch))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("topic " + Topics.ERP_COMMANDS_CUSTOMERS)
        .hasMessageContaining("partition 0")
        .hasMessageContaining("offset " + batch.get(1).kafkaOffset())
        .hasMessageContaining("22001");
    // Nothing of the failed batch is committed: it comes again when the task is restarted.
    assertThat(erp.customer("C-1")).isEmpty();
  }

  @Test
  void shouldDeadLetterValuesThatAreNotWireFormatOrHaveAnUnknownSchemaId() throws Exception {
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(context);
    SinkRecord json =
        commands.rawRecord(
            Topics.ERP_COMMANDS_CUSTOMERS,
            "C-7",
            "{\"sourceRef\":\"C-7\"}".getBytes(StandardCharsets.UTF_8));
    SinkRecord unknownId =
        commands.rawRecord(Topics.ERP_COMMANDS_CUSTOMERS, "C-8", new byte[] {0, 0, 0, 3, 99, 2});
    SinkRecord good = commands.record(upsertCustomer("C-1", 1, "Good"));

    task.put(List.of(json, unknownId, good));

    assertThat(erp.customer("C-1")).isPresent();
    assertThat(context.reports())
        .extracting(CapturingTaskContext.Report::record)
        .containsExactly(json, unknownId);
    assertThat(context.reports().get(0).error())
        .hasMessageStartingWith("undecodable")
        .hasMessageContaining("magic byte");
    assertThat(context.reports().get(1).error())
        .hasMessageStartingWith("undecodable")
        .hasMessageContaining("unknown to the registry");
    assertThat(task.counts()).isEqualTo(new SinkCounts(1, 0, 2, 0));
  }

  @Test
  void shouldDeadLetterACommandThatBreaksTheContract() throws Exception {
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(context);

    task.put(commands.records(customerCommand("C-1", 1, ErpAction.UPSERT, null)));

    assertThat(context.reports())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.error())
                    .hasMessageStartingWith("invalid-command")
                    .hasMessageContaining("no customer payload"));
  }

  @Test
  void shouldFailTheTaskNamingTheRecordWhenAValueIsUndecodableAndNoReporterIsConfigured() {
    ErpSinkTask task = startTask(CapturingTaskContext.withoutErrantRecordReporter());
    SinkRecord garbage =
        commands.rawRecord(Topics.ERP_COMMANDS_ORDERS, "O-1", new byte[] {42, 42, 42, 42, 42, 42});

    assertThatThrownBy(() -> task.put(List.of(garbage)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("topic " + Topics.ERP_COMMANDS_ORDERS)
        .hasMessageContaining("offset " + garbage.kafkaOffset())
        .hasMessageContaining("magic byte");
  }

  @Test
  void shouldSkipAndCountTombstones() throws Exception {
    ErpSinkTask task = startTask();

    task.put(List.of(commands.rawRecord(Topics.ERP_COMMANDS_CUSTOMERS, "C-1", null)));

    assertThat(task.counts()).isEqualTo(new SinkCounts(0, 0, 0, 1));
  }

  @Test
  void shouldFailWithAHintWhenTheTablesAreMissingAndAutoCreateIsOff() {
    Map<String, String> settings = settings();
    settings.put(ErpSinkConfig.TABLES_AUTO_CREATE, "false");
    ErpSinkTask task = startTask(CapturingTaskContext.withErrantRecordReporter(), settings);

    assertThatThrownBy(() -> task.put(commands.records(upsertCustomer("C-1", 1, "X"))))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("42P01")
        .hasMessageContaining(ErpSinkConfig.TABLES_AUTO_CREATE);
  }

  @Test
  void shouldThrowRetriableExceptionWhenTheConnectionBreaksMidBatchAndRecoverOnRedelivery()
      throws Exception {
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(context);
    task.put(commands.records(upsertCustomer("C-1", 1, "Before")));
    List<SinkRecord> batch = commands.records(upsertCustomer("C-1", 2, "After"));

    CompletableFuture<Void> blockedPut;
    try (Connection importer = postgres.connect()) {
      // An importer holds the row, so the sink's upsert waits on the lock mid-transaction.
      importer.setAutoCommit(false);
      try (Statement lock = importer.createStatement()) {
        lock.execute("SELECT * FROM " + erp.schema() + ".customer_iface FOR UPDATE");
      }
      blockedPut = CompletableFuture.runAsync(() -> task.put(batch));
      await().atMost(Duration.ofSeconds(20)).until(() -> !sinkBackendsWaitingOnALock().isEmpty());
      for (Object pid : sinkBackendsWaitingOnALock()) {
        erp.query("SELECT pg_terminate_backend(?)", pid);
      }
      importer.rollback();
    }

    assertThatThrownBy(() -> blockedPut.get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RetriableException.class)
        // The driver reports the lost connection (08006) or the termination itself (57P01).
        .hasMessageMatching("ERP database failed transiently \\(SQLState (08006|57P01).*");
    assertThat(context.timeoutMs()).isEqualTo(250);
    assertThat(erp.customer("C-1").orElseThrow()).containsEntry("last_name", "Before");

    task.put(batch);

    assertThat(erp.customer("C-1").orElseThrow()).containsEntry("last_name", "After");
  }

  private List<Object> sinkBackendsWaitingOnALock() throws SQLException {
    return erp
        .query(
            "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'crm-erp-sync erp-sink%'"
                + " AND wait_event_type = 'Lock'")
        .stream()
        .map(row -> row.get("pid"))
        .toList();
  }
}
