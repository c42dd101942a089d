package io.crmerpsync.erp.sink;

import static io.crmerpsync.erp.sink.Commands.customer;
import static io.crmerpsync.erp.sink.Commands.customerCommand;
import static io.crmerpsync.erp.sink.Commands.upsertCustomer;
import static io.crmerpsync.erp.sink.Commands.upsertOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.erp.sink.error.RejectedRecordException;
import io.crmerpsync.erp.sink.metrics.SinkCounts;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The multi-row statements of the sink's fast path, on both dialects: one put whose commands share
 * statements must count applied and stale commands one by one, keep each key's commands in order,
 * take or keep payload per command, and still isolate and dead-letter a refused row.
 */
class MultiRowWriteTest {

  /** The two database families, each started once for this class. */
  enum Database {
    POSTGRESQL,
    MARIADB
  }

  private static EmbeddedErpPostgres postgres;
  private static EmbeddedMariaDb mariaDb;
  private static int schemaCounter;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Commands commands = new Commands(registry);
  private final List<ErpSinkTask> started = new ArrayList<>();

  @BeforeAll
  static void startDatabases() {
    postgres = EmbeddedErpPostgres.start(FreshDirectory.under("erp-sink-multirow-pg"));
    mariaDb = EmbeddedMariaDb.start(FreshDirectory.under("erp-sink-multirow-mariadb"));
  }

  @AfterAll
  static void stopDatabases() {
    if (postgres != null) {
      postgres.close();
    }
    if (mariaDb != null) {
      mariaDb.close();
    }
  }

  @AfterEach
  void stopTasks() {
    started.forEach(ErpSinkTask::stop);
  }

  private ErpDatabase freshSchema(Database database) throws SQLException {
    String schema = "erp_multirow_" + (++schemaCounter);
    ErpDatabase erp =
        database == Database.POSTGRESQL
            ? new ErpDatabase(postgres, schema)
            : ErpDatabase.mariaDb(mariaDb, schema);
    erp.dropSchema();
    return erp;
  }

  private ErpSinkTask startTask(Database database, ErpDatabase erp, CapturingTaskContext context) {
    Map<String, String> settings = new HashMap<>();
    settings.put("name", "erp-sink-multirow-test");
    if (database == Database.POSTGRESQL) {
      settings.put(ErpSinkConfig.JDBC_URL, postgres.jdbcUrl());
      settings.put(ErpSinkConfig.JDBC_USER, postgres.user());
      settings.put(ErpSinkConfig.JDBC_PASSWORD, postgres.password());
    } else {
      settings.put(ErpSinkConfig.JDBC_URL, mariaDb.jdbcUrl(""));
      settings.put(ErpSinkConfig.JDBC_USER, "root");
    }
    settings.put(ErpSinkConfig.SCHEMA, erp.schema());
    settings.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry.invalid:8081");
    ErpSinkTask task = new ErpSinkTask(registry);
    task.initialize(context);
    task.start(settings);
    started.add(task);
    return task;
  }

  private ErpSinkTask startTask(Database database, ErpDatabase erp) {
    return startTask(database, erp, CapturingTaskContext.withErrantRecordReporter());
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldCountAppliedAndStaleCommandsThatShareAStatementOneByOne(Database database)
      throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);
    task.put(commands.records(upsertCustomer("C-1", 5, "Newer")));

    task.put(
        commands.records(
            upsertCustomer("C-2", 1, "New"),
            upsertCustomer("C-1", 3, "Older"),
            upsertCustomer("C-3", 1, "AlsoNew")));

    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("last_name", "Newer")
        .containsEntry("source_version", 5L);
    assertThat(erp.customer("C-2").orElseThrow()).containsEntry("last_name", "New");
    assertThat(erp.customer("C-3").orElseThrow()).containsEntry("last_name", "AlsoNew");
    assertThat(task.counts()).isEqualTo(new SinkCounts(3, 1, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldApplyTheCommandsOfOneKeyInTheirOrderWhenOnePutHoldsSeveral(Database database)
      throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);
    ErpCommand first = upsertCustomer("C-1", 1, "First");

    task.put(
        commands.records(
            first,
            upsertCustomer("C-2", 1, "Other"),
            first,
            upsertCustomer("C-1", 3, "Third"),
            upsertCustomer("C-1", 2, "Second")));

    // v1 applies, its repeat and v2 (older than v3 by then) are stale: as if one at a time.
    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("last_name", "Third")
        .containsEntry("source_version", 3L);
    assertThat(task.counts()).isEqualTo(new SinkCounts(3, 2, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldKeepThePayloadOfACommandWithoutOneThatSharesAPutWithCommandsThatCarryOne(
      Database database) throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);
    task.put(commands.records(upsertCustomer("C-1", 1, "Kept")));

    task.put(
        commands.records(
            upsertCustomer("C-2", 1, "New"),
            customerCommand("C-1", 2, ErpAction.DELETE, null),
            upsertCustomer("C-3", 1, "AlsoNew")));

    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("action", "DELETE")
        .containsEntry("last_name", "Kept")
        .containsEntry("source_version", 2L);
    assertThat(erp.customer("C-2").orElseThrow()).containsEntry("last_name", "New");
    assertThat(task.counts()).isEqualTo(new SinkCounts(4, 0, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldLandEveryGoodRowAndDeadLetterTheRefusedOneWithTheDatabasesReason(Database database)
      throws Exception {
    ErpDatabase erp = freshSchema(database);
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = startTask(database, erp, context);
    task.put(commands.records(upsertCustomer("C-7", 2, "Newer")));
    List<ErpCommand> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(upsertCustomer("C-" + i, 1, "Good" + i));
    }
    batch.set(17, customerCommand("C-17", 1, ErpAction.UPSERT, customer("Poison", "DEU")));
    List<SinkRecord> records = commands.records(batch.toArray(ErpCommand[]::new));

    task.put(records);

    assertThat(erp.count("customer_iface")).isEqualTo(39);
    assertThat(erp.customer("C-17")).isEmpty();
    assertThat(erp.customer("C-7").orElseThrow()).containsEntry("last_name", "Newer");
    assertThat(erp.customer("C-39").orElseThrow()).containsEntry("last_name", "Good39");
    assertThat(context.reports()).hasSize(1);
    CapturingTaskContext.Report report = context.reports().get(0);
    assertThat(report.record()).isSameAs(records.get(17));
    assertThat(report.error())
        .isInstanceOf(RejectedRecordException.class)
        .hasMessageContaining("customer crm:C-17 v1")
        .hasMessageContaining("SQLState 22001")
        .hasMessageContaining(database == Database.POSTGRESQL ? "value too long" : "Data too long");
    // 38 new rows applied after the first put's one; C-7 v1 is older than the stored v2.
    assertThat(task.counts()).isEqualTo(new SinkCounts(1 + 38, 1, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldCountCommandsOfKeysTheDatabaseTakesForOneRowOneByOne(Database database)
      throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);

    // MariaDB's utf8mb4_bin ignores trailing spaces: one row there, two in PostgreSQL.
    task.put(
        commands.records(upsertCustomer("C-1", 1, "Plain"), upsertCustomer("C-1 ", 2, "Padded")));

    assertThat(erp.count("customer_iface")).isEqualTo(database == Database.MARIADB ? 1 : 2);
    assertThat(task.counts()).isEqualTo(new SinkCounts(2, 0, 0, 0));
  }

  /** A command that leaves the credit limit out because the ERP owns it. */
  private static ErpCommand withoutCreditLimit(String ref, long version, String city) {
    ErpCommand command = upsertCustomer(ref, version, "Owned");
    command.getCustomer().setCreditLimit(null);
    command.getCustomer().setCity(city);
    command.setOmittedColumns(List.of("credit_limit"));
    return command;
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldLeaveTheColumnsACommandOmitsAsTheyAreAndRecordWhichTheyAre(Database database)
      throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);
    task.put(commands.records(upsertCustomer("C-1", 1, "Full")));

    task.put(
        commands.records(
            withoutCreditLimit("C-1", 2, "Hamburg"), withoutCreditLimit("C-2", 1, "Kiel")));

    Map<String, Object> kept = erp.customer("C-1").orElseThrow();
    assertThat(kept)
        .containsEntry("city", "Hamburg")
        .containsEntry("omitted_columns", "credit_limit");
    assertThat(new java.math.BigDecimal(kept.get("credit_limit").toString()))
        .isEqualByComparingTo("5000.00");
    Map<String, Object> fresh = erp.customer("C-2").orElseThrow();
    assertThat(fresh).containsEntry("city", "Kiel").containsEntry("credit_limit", null);
    assertThat(task.counts()).isEqualTo(new SinkCounts(3, 0, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldLeaveOmittedColumnsAloneAlsoWhenAPutIsWrittenCommandByCommandAroundARefusedRow(
      Database database) throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);
    task.put(commands.records(upsertCustomer("C-1", 1, "Full")));

    task.put(
        commands.records(
            withoutCreditLimit("C-1", 2, "Hamburg"),
            customerCommand("C-9", 1, ErpAction.UPSERT, customer("Poison", "DEU"))));

    assertThat(erp.customer("C-1").orElseThrow())
        .containsEntry("city", "Hamburg")
        .containsEntry("omitted_columns", "credit_limit");
    assertThat(
            new java.math.BigDecimal(
                erp.customer("C-1").orElseThrow().get("credit_limit").toString()))
        .isEqualByComparingTo("5000.00");
    assertThat(erp.customer("C-9")).isEmpty();
  }

  /** An order command that leaves the status out because the ERP owns it. */
  private static ErpCommand withoutStatus(String ref, long version, String city) {
    ErpCommand command = upsertOrder(ref, version, 2, "S");
    command.getOrder().setStatus(null);
    command.getOrder().setShippingCity(city);
    command.setOmittedColumns(List.of("status"));
    return command;
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void shouldLeaveTheOrderStatusTheErpOwnsAsItIs(Database database) throws Exception {
    ErpDatabase erp = freshSchema(database);
    ErpSinkTask task = startTask(database, erp);
    task.put(commands.records(upsertOrder("O-1", 1, 2, "S")));
    // The ERP's importer ships the order and writes its status back.
    erp.execute(
        "UPDATE " + erp.schema() + ".order_iface SET status = 'SHIPPED' WHERE source_ref = 'O-1'");

    task.put(commands.records(withoutStatus("O-1", 2, "Kiel"), withoutStatus("O-2", 1, "Bremen")));

    assertThat(erp.order("O-1").orElseThrow())
        .containsEntry("shipping_city", "Kiel")
        .containsEntry("status", "SHIPPED")
        .containsEntry("omitted_columns", "status");
    assertThat(erp.order("O-2").orElseThrow())
        .containsEntry("shipping_city", "Bremen")
        .containsEntry("status", null);
    assertThat(erp.count("order_line_iface")).isEqualTo(4);
    assertThat(task.counts()).isEqualTo(new SinkCounts(3, 0, 0, 0));
  }
}
