package io.crmerpsync.erp.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.erp.sink.iface.Dialect;
import io.crmerpsync.erp.sink.iface.InterfaceTables;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4: replaying a day of commands in any order leaves the ERP rows equal to the newest
 * versions, and the rows' update history shows no write of an older version after a newer one.
 *
 * <p>The history comes from triggers that exist only in the test schema: every row the sink inserts
 * or updates in the three interface tables is copied, in commit order, into {@code iface_history}.
 * A stale command that changed nothing leaves no trace there, so the history is the list of writes
 * that really happened.
 */
class ErpSinkReplayHistoryTest {

  private static final int CUSTOMERS = 300;
  private static final int ORDERS = 100;
  private static final int MAX_BATCH = 500;

  private static EmbeddedErpPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedErpPostgres.start(FreshDirectory.under("erp-sink-replay-test-pg"));
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @ParameterizedTest(name = "day {0}")
  @ValueSource(longs = {1, 2, 3})
  void shouldHoldTheNewestVersionsAndNeverWriteAnOlderVersionAfterANewerOne(long seed)
      throws SQLException {
    Random random = new Random(seed);
    CommandDay day = CommandDay.generate(seed, CUSTOMERS, ORDERS);
    ErpDatabase erp = new ErpDatabase(postgres, "erp_replay_" + seed);
    erp.dropSchema();
    createTablesWithHistory(erp);
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Commands commands = new Commands(registry);
    CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
    ErpSinkTask task = new ErpSinkTask(registry);
    task.initialize(context);
    task.start(settings(erp.schema()));
    try {
      List<ErpCommand> delivered = day.shuffledWithDuplicates(random);
      putInRandomBatches(task, commands, delivered, random);

      assertRowsHoldTheNewestVersions(erp, day);
      List<Map<String, Object>> history = history(erp);
      assertNoOlderVersionWrittenAfterANewerOne(history);
      long headerWrites =
          history.stream().filter(w -> !"order_line_iface".equals(w.get("table_name"))).count();
      assertThat(task.counts().applied()).isEqualTo(headerWrites);
      assertThat(task.counts().applied() + task.counts().skippedStale())
          .isEqualTo(delivered.size());
      assertThat(context.reports()).isEmpty();

      // The same day once more, in yet another order: the ERP has it all, nothing is written.
      List<ErpCommand> replay = new ArrayList<>(day.inSourceOrder());
      java.util.Collections.shuffle(replay, random);
      long staleBefore = task.counts().skippedStale();
      putInRandomBatches(task, commands, replay, random);

      assertThat(history(erp)).hasSameSizeAs(history);
      assertThat(task.counts().skippedStale() - staleBefore).isEqualTo(replay.size());
      assertRowsHoldTheNewestVersions(erp, day);
    } finally {
      task.stop();
    }
  }

  private static void putInRandomBatches(
      ErpSinkTask task, Commands commands, List<ErpCommand> delivered, Random random) {
    for (int from = 0; from < delivered.size(); ) {
      int to = Math.min(delivered.size(), from + 1 + random.nextInt(MAX_BATCH));
      List<SinkRecord> batch = new ArrayList<>();
      delivered.subList(from, to).forEach(c -> batch.add(commands.record(c)));
      task.put(batch);
      from = to;
    }
  }

  private static void assertRowsHoldTheNewestVersions(ErpDatabase erp, CommandDay day)
      throws SQLException {
    Map<String, Map<String, Object>> customers = byRef(erp.query(selectAll(erp, "customer_iface")));
    Map<String, Map<String, Object>> orders = byRef(erp.query(selectAll(erp, "order_iface")));
    Map<String, List<String>> skus = new HashMap<>();
    for (Map<String, Object> line :
        erp.query(
            "SELECT order_source_ref, sku FROM "
                + erp.schema()
                + ".order_line_iface ORDER BY order_source_ref, line_no")) {
      skus.computeIfAbsent((String) line.get("order_source_ref"), k -> new ArrayList<>())
          .add((String) line.get("sku"));
    }
    assertThat(customers).hasSize(CUSTOMERS);
    assertThat(orders).hasSize(ORDERS);
    for (ErpCommand newest : day.newest().values()) {
      String ref = newest.getSourceRef();
      if ("customer".equals(newest.getEntity())) {
        assertThat(customers.get(ref))
            .as(ref)
            .containsEntry("source_version", newest.getVersion())
            .containsEntry("action", newest.getAction().name())
            .containsEntry("last_name", CommandDay.lastName(ref, newest.getVersion()))
            .containsEntry("payment_terms_days", (int) newest.getVersion())
            .containsEntry("country_code", newest.getCustomer().getCountryCode())
            .containsEntry("process_status", "PENDING");
      } else {
        assertThat(orders.get(ref))
            .as(ref)
            .containsEntry("source_version", newest.getVersion())
            .containsEntry("action", newest.getAction().name())
            .containsEntry("line_count", newest.getOrder().getLines().size());
        assertThat(skus.get(ref))
            .as(ref)
            .containsExactlyElementsOf(
                newest.getOrder().getLines().stream().map(ErpOrderLine::getSku).toList());
      }
    }
  }

  /**
   * Per header row, every write must carry a higher version than the one before; per order, line
   * writes must never go back to an older version, and each version's lines are written once.
   */
  private static void assertNoOlderVersionWrittenAfterANewerOne(List<Map<String, Object>> history) {
    Map<String, Long> lastVersion = new HashMap<>();
    Map<String, Integer> linesPerOrderVersion = new HashMap<>();
    for (Map<String, Object> write : history) {
      String table = (String) write.get("table_name");
      String key = table + ":" + write.get("source_ref");
      long version = (Long) write.get("source_version");
      Long before = lastVersion.put(key, version);
      if ("order_line_iface".equals(table)) {
        assertThat(version)
            .as("line write of %s after version %s", key, before)
            .isGreaterThanOrEqualTo(before == null ? 0 : before);
        linesPerOrderVersion.merge(key + "@" + version, 1, Integer::sum);
      } else {
        assertThat(version)
            .as("write of %s after version %s", key, before)
            .isGreaterThan(before == null ? 0 : before);
      }
    }
    Map<String, Long> headerLineCounts = new HashMap<>();
    for (Map<String, Object> write : history) {
      if ("order_iface".equals(write.get("table_name"))) {
        headerLineCounts.put(
            "order_line_iface:" + write.get("source_ref") + "@" + write.get("source_version"),
            ((Number) write.get("line_count")).longValue());
      }
    }
    linesPerOrderVersion.forEach(
        (orderVersion, lines) ->
            assertThat(lines.longValue())
                .as("lines written for %s", orderVersion)
                .isEqualTo(headerLineCounts.get(orderVersion)));
  }

  private static void createTablesWithHistory(ErpDatabase erp) throws SQLException {
    String s = erp.schema();
    try (Connection connection = postgres.connect()) {
      connection.setAutoCommit(false);
      InterfaceTables.createIfAbsent(connection, Dialect.POSTGRESQL, s);
    }
    erp.execute(
        "CREATE TABLE "
            + s
            + ".iface_history (seq BIGSERIAL PRIMARY KEY, table_name TEXT NOT NULL,"
            + " source_ref TEXT NOT NULL, source_version BIGINT NOT NULL, line_count INT)");
    erp.execute(
        "CREATE FUNCTION "
            + s
            + ".remember_header() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "
            + s
            + ".iface_history (table_name, source_ref, source_version, line_count) VALUES"
            + " (TG_TABLE_NAME, NEW.source_ref, NEW.source_version,"
            + " CASE WHEN TG_TABLE_NAME = 'order_iface' THEN (to_jsonb(NEW) ->> 'line_count')::int"
            + " END); RETURN NULL; END $$");
    erp.execute(
        "CREATE FUNCTION "
            + s
            + ".remember_line() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "
            + s
            + ".iface_history (table_name, source_ref, source_version) VALUES"
            + " (TG_TABLE_NAME, NEW.order_source_ref, NEW.source_version); RETURN NULL; END $$");
    for (String table : List.of("customer_iface", "order_iface")) {
      erp.execute(
          "CREATE TRIGGER "
              + table
              + "_history AFTER INSERT OR UPDATE ON "
              + s
              + "."
              + table
              + " FOR EACH ROW EXECUTE FUNCTION "
              + s
              + ".remember_header()");
    }
    erp.execute(
        "CREATE TRIGGER order_line_iface_history AFTER INSERT OR UPDATE ON "
            + s
            + ".order_line_iface FOR EACH ROW EXECUTE FUNCTION "
            + s
            + ".remember_line()");
  }

  private static List<Map<String, Object>> history(ErpDatabase erp) throws SQLException {
    return erp.query(
        "SELECT table_name, source_ref, source_version, line_count FROM "
            + erp.schema()
            + ".iface_history ORDER BY seq");
  }

  private static String selectAll(ErpDatabase erp, String table) {
    return "SELECT * FROM " + erp.schema() + "." + table;
  }

  private static Map<String, Map<String, Object>> byRef(List<Map<String, Object>> rows) {
    Map<String, Map<String, Object>> byRef = new HashMap<>();
    rows.forEach(row -> byRef.put((String) row.get("source_ref"), row));
    return byRef;
  }

  private static Map<String, String> settings(String schema) {
    Map<String, String> settings = new HashMap<>();
    settings.put(ErpSinkConfig.JDBC_URL, postgres.jdbcUrl());
    settings.put(ErpSinkConfig.JDBC_USER, postgres.user());
    settings.put(ErpSinkConfig.SCHEMA, schema);
    settings.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry.invalid:8081");
    return settings;
  }
}
