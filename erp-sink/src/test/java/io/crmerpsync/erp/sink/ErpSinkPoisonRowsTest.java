package io.crmerpsync.erp.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.erp.sink.error.RejectedRecordException;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpOrder;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 4: 1% poison rows mixed into 10,000 commands. All good rows land, every poison row reaches
 * the errant record reporter with the database's reason, and the task keeps working. Also measures
 * the sink's rate on clean commands; figures go to the log, never into assertions.
 */
class ErpSinkPoisonRowsTest {

  private static final Logger log = LoggerFactory.getLogger(ErpSinkPoisonRowsTest.class);

  private static final int COMMANDS = 10_000;
  private static final int POISON = 100;
  private static final int BATCH = 500;

  /** A way the ERP database refuses a row: the SQLState and a piece of its message. */
  private enum Poison {
    /** country_code is VARCHAR(2). */
    TOO_LONG("22001", "value too long"),
    /** ordered_at in the year 300000: beyond what TIMESTAMPTZ can hold. */
    WRONG_TYPE("22008", "out of range"),
    /** Two lines with the same line_no: the lines' primary key. */
    CONSTRAINT("23505", "duplicate key");

    final String sqlState;
    final String message;

    Poison(String sqlState, String message) {
      this.sqlState = sqlState;
      this.message = message;
    }
  }

  private static EmbeddedErpPostgres postgres;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Commands commands = new Commands(registry);
  private final CapturingTaskContext context = CapturingTaskContext.withErrantRecordReporter();
  private ErpSinkTask task;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedErpPostgres.start(FreshDirectory.under("erp-sink-poison-test-pg"));
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void stopTask() {
    if (task != null) {
      task.stop();
    }
  }

  private ErpDatabase startTask(String schema) throws SQLException {
    ErpDatabase erp = new ErpDatabase(postgres, schema);
    erp.dropSchema();
    Map<String, String> settings = new HashMap<>();
    settings.put("name", "erp-sink-poison-test");
    settings.put(ErpSinkConfig.JDBC_URL, postgres.jdbcUrl());
    settings.put(ErpSinkConfig.JDBC_USER, postgres.user());
    settings.put(ErpSinkConfig.SCHEMA, schema);
    settings.put(ErpSinkConfig.BATCH_SIZE, Integer.toString(BATCH));
    settings.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry.invalid:8081");
    task = new ErpSinkTask(registry);
    task.initialize(context);
    task.start(settings);
    return erp;
  }

  @Test
  void shouldLandEveryGoodRowAndDeadLetterEveryPoisonRowWithTheDatabasesReason() throws Exception {
    ErpDatabase erp = startTask("erp_poison");
    Random random = new Random(42);
    Set<Integer> poisonSlots = new HashSet<>();
    while (poisonSlots.size() < POISON) {
      poisonSlots.add(random.nextInt(COMMANDS));
    }
    // Same shape twice: once clean (the baseline), once with the poison in it.
    List<SinkRecord> clean = new ArrayList<>();
    List<SinkRecord> poisoned = new ArrayList<>();
    Map<SinkRecord, Poison> poisonOf = new HashMap<>();
    int goodCustomers = 0;
    int goodOrders = 0;
    int poisonIndex = 0;
    for (int slot = 0; slot < COMMANDS; slot++) {
      boolean isOrder = random.nextInt(5) == 0;
      if (poisonSlots.contains(slot)) {
        Poison poison = Poison.values()[poisonIndex++ % Poison.values().length];
        isOrder = poison != Poison.TOO_LONG;
        SinkRecord record = commands.record(poisonCommand(poison, "P-" + slot));
        poisonOf.put(record, poison);
        poisoned.add(record);
      } else {
        poisoned.add(commands.record(goodCommand(isOrder, "G-" + slot)));
        if (isOrder) {
          goodOrders++;
        } else {
          goodCustomers++;
        }
      }
      clean.add(commands.record(goodCommand(isOrder, "B-" + slot)));
    }

    long cleanNanos = putInBatches(clean);
    long poisonedNanos = putInBatches(poisoned);
    log.info(
        "{} commands in batches of {}: clean {} ms ({} commands/s); with {} poison rows {} ms"
            + " ({} commands/s); isolating the poison cost {} ms",
        COMMANDS,
        BATCH,
        millis(cleanNanos),
        perSecond(COMMANDS, cleanNanos),
        POISON,
        millis(poisonedNanos),
        perSecond(COMMANDS, poisonedNanos),
        millis(poisonedNanos - cleanNanos));

    assertThat(erp.query(countOf(erp, "customer_iface", "G-%")).get(0))
        .containsEntry("n", (long) goodCustomers);
    assertThat(erp.query(countOf(erp, "order_iface", "G-%")).get(0))
        .containsEntry("n", (long) goodOrders);
    assertThat(
            erp.query(
                    "SELECT count(*) AS n FROM "
                        + erp.schema()
                        + ".order_line_iface WHERE order_source_ref LIKE 'G-%'")
                .get(0))
        .containsEntry("n", 2L * goodOrders);
    assertThat(erp.query(countOf(erp, "customer_iface", "P-%")).get(0)).containsEntry("n", 0L);
    assertThat(erp.query(countOf(erp, "order_iface", "P-%")).get(0)).containsEntry("n", 0L);

    assertThat(context.reports())
        .extracting(CapturingTaskContext.Report::record)
        .containsExactlyInAnyOrderElementsOf(poisonOf.keySet());
    for (CapturingTaskContext.Report report : context.reports()) {
      Poison poison = poisonOf.get(report.record());
      assertThat(report.error())
          .as("%s", poison)
          .isInstanceOf(RejectedRecordException.class)
          .hasMessageStartingWith("database-rejected")
          .hasMessageContaining("SQLState " + poison.sqlState)
          .hasMessageContaining(poison.message);
      assertThat(((RejectedRecordException) report.error()).sqlState()).contains(poison.sqlState);
    }
    assertThat(task.counts().applied()).isEqualTo(2L * COMMANDS - POISON);
    assertThat(task.counts().rejected()).isEqualTo(POISON);

    // Still working: the next batch lands as usual.
    task.put(commands.records(Commands.upsertCustomer("AFTER-1", 1, "After")));
    assertThat(erp.customer("AFTER-1")).isPresent();
  }

  @Test
  void shouldApplyTenThousandCustomerCommandsInBatchesOf500() throws Exception {
    ErpDatabase erp = startTask("erp_rate");
    // Warm-up on other keys, so the figure is the steady rate and not the JIT's first minutes.
    putInBatches(customers("W-", 2_000));
    List<SinkRecord> records = customers("C-", COMMANDS);

    long nanos = putInBatches(records);

    log.info(
        "PostgreSQL: {} customer commands in batches of {} applied in {} ms: {} commands/s",
        COMMANDS,
        BATCH,
        millis(nanos),
        perSecond(COMMANDS, nanos));
    assertThat(erp.query(countOf(erp, "customer_iface", "C-%")).get(0))
        .containsEntry("n", (long) COMMANDS);
    assertThat(task.counts().applied()).isEqualTo(2_000L + COMMANDS);
  }

  private List<SinkRecord> customers(String prefix, int count) {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(commands.record(Commands.upsertCustomer(prefix + i, 1, "Customer" + i)));
    }
    return records;
  }

  private long putInBatches(List<SinkRecord> records) {
    long started = System.nanoTime();
    for (int from = 0; from < records.size(); from += BATCH) {
      task.put(records.subList(from, Math.min(records.size(), from + BATCH)));
    }
    return System.nanoTime() - started;
  }

  private static ErpCommand goodCommand(boolean isOrder, String ref) {
    return isOrder
        ? Commands.upsertOrder(ref, 1, 2, ref)
        : Commands.upsertCustomer(ref, 1, "Customer" + ref);
  }

  private static ErpCommand poisonCommand(Poison poison, String ref) {
    return switch (poison) {
      case TOO_LONG ->
          Commands.customerCommand(ref, 1, ErpAction.UPSERT, Commands.customer("Long", "DEU"));
      case WRONG_TYPE -> {
        ErpOrder order = Commands.order(ref, "DE", List.of(Commands.line(1, "X", "1", "1.00")));
        order.setOrderedAt(Instant.parse("+300000-01-01T00:00:00Z"));
        yield Commands.orderCommand(ref, 1, ErpAction.UPSERT, order);
      }
      case CONSTRAINT ->
          Commands.orderCommand(
              ref,
              1,
              ErpAction.UPSERT,
              Commands.order(
                  ref,
                  "DE",
                  List.of(Commands.line(1, "X", "1", "1.00"), Commands.line(1, "Y", "1", "1.00"))));
    };
  }

  private static String countOf(ErpDatabase erp, String table, String refPattern) {
    return "SELECT count(*) AS n FROM "
        + erp.schema()
        + "."
        + table
        + " WHERE source_ref LIKE '"
        + refPattern
        + "'";
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static long perSecond(int count, long nanos) {
    return Math.round(count / (nanos / 1e9));
  }
}
