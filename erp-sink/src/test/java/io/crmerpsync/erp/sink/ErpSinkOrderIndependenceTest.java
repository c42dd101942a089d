package io.crmerpsync.erp.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property the version fence exists for: however a key's commands are ordered, repeated and cut
 * into batches, the ERP ends up holding exactly the newest command of each key, with that command's
 * lines. Each seed is one reproducible shuffle, against real PostgreSQL.
 */
class ErpSinkOrderIndependenceTest {

  private static final int CUSTOMERS = 4;
  private static final int ORDERS = 3;
  private static final int VERSIONS = 4;

  private static EmbeddedErpPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedErpPostgres.start(Path.of("target", "erp-sink-order-test-pg"));
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldHoldTheNewestCommandOfEveryKeyWhateverTheOrderDuplicatesAndBatches(long seed)
      throws SQLException {
    Random random = new Random(seed);
    ErpDatabase erp = new ErpDatabase(postgres, "erp_order_test_" + seed);
    erp.dropSchema();
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Commands commands = new Commands(registry);
    ErpSinkTask task = new ErpSinkTask(registry);
    task.initialize(CapturingTaskContext.withErrantRecordReporter());
    task.start(settings(erp.schema(), 1 + random.nextInt(5)));
    try {
      List<ErpCommand> all = new ArrayList<>();
      for (int c = 0; c < CUSTOMERS; c++) {
        for (long v = 1; v <= VERSIONS; v++) {
          all.add(customerVersion("C-" + c, v));
        }
      }
      for (int o = 0; o < ORDERS; o++) {
        for (long v = 1; v <= VERSIONS; v++) {
          all.add(orderVersion("O-" + o, v));
        }
      }
      List<ErpCommand> delivered = new ArrayList<>(all);
      for (int i = 0; i < all.size() / 2; i++) {
        delivered.add(all.get(random.nextInt(all.size())));
      }
      Collections.shuffle(delivered, random);

      for (int from = 0; from < delivered.size(); ) {
        int to = Math.min(delivered.size(), from + 1 + random.nextInt(8));
        List<SinkRecord> batch = new ArrayList<>();
        delivered.subList(from, to).forEach(c -> batch.add(commands.record(c)));
        task.put(batch);
        from = to;
      }

      for (int c = 0; c < CUSTOMERS; c++) {
        ErpCommand newest = customerVersion("C-" + c, VERSIONS);
        assertThat(erp.customer("C-" + c).orElseThrow())
            .containsEntry("source_version", (long) VERSIONS)
            .containsEntry("action", newest.getAction().name())
            .containsEntry("last_name", newest.getCustomer().getLastName());
      }
      for (int o = 0; o < ORDERS; o++) {
        ErpCommand newest = orderVersion("O-" + o, VERSIONS);
        assertThat(erp.order("O-" + o).orElseThrow())
            .containsEntry("source_version", (long) VERSIONS)
            .containsEntry("line_count", newest.getOrder().getLines().size());
        assertThat(erp.lines("O-" + o))
            .extracting(l -> l.get("sku"))
            .containsExactlyElementsOf(
                newest.getOrder().getLines().stream().map(l -> l.getSku()).toList());
      }
      assertThat(task.counts().applied() + task.counts().skippedStale())
          .isEqualTo(delivered.size());
      assertThat(task.counts().rejected()).isZero();
    } finally {
      task.stop();
    }
  }

  /** Version v of a customer; the newest one deactivates it, with payload. */
  private static ErpCommand customerVersion(String ref, long version) {
    ErpAction action = version == VERSIONS ? ErpAction.DEACTIVATE : ErpAction.UPSERT;
    return Commands.customerCommand(
        ref, version, action, Commands.customer("Name" + ref + "v" + version, "DE"));
  }

  /** Version v of an order has v lines, so a wrong version shows in the line count. */
  private static ErpCommand orderVersion(String ref, long version) {
    return Commands.upsertOrder(ref, version, (int) version, ref + "v" + version);
  }

  private static Map<String, String> settings(String schema, int batchSize) {
    Map<String, String> settings = new HashMap<>();
    settings.put(ErpSinkConfig.JDBC_URL, postgres.jdbcUrl());
    settings.put(ErpSinkConfig.JDBC_USER, postgres.user());
    settings.put(ErpSinkConfig.SCHEMA, schema);
    settings.put(ErpSinkConfig.BATCH_SIZE, Integer.toString(batchSize));
    settings.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry.invalid:8081");
    return settings;
  }
}
