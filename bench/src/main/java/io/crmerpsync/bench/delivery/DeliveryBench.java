package io.crmerpsync.bench.delivery;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.BenchStack;
import io.crmerpsync.bench.stats.CpuMeter;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.erp.sink.ErpSinkConfig;
import io.crmerpsync.erp.sink.ErpSinkTask;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * ERP delivery: upserts/s of the project's {@code ErpSinkTask} against Debezium's JDBC sink ({@code
 * JdbcSinkConnectorTask}, {@code insert.mode=upsert}, {@code primary.key.mode=record_key}, else its
 * defaults) into the same PostgreSQL, on the same customer commands, alternating after unmeasured
 * warm-up pairs. Each task is driven directly as a Connect worker would drive it: started, handed
 * the records in {@code put()} calls of 500 (Connect's default {@code max.poll.records}), then
 * asked to commit ({@code preCommit}). Each run writes into an empty table of its own.
 *
 * <p>Not equal work, by design of the two sinks: the ERP sink decodes Avro (schema from the
 * registry) and writes a versioned, conditional upsert with interface-table bookkeeping; Debezium
 * is handed ready Structs (its converter's work is not timed) and writes a plain upsert.
 */
public final class DeliveryBench {
  public static final String SECTION = "ERP delivery";
  public static final String RATIO = "ERP sink / Debezium JDBC sink";
  static final String OURS = "ERP sink (ErpSinkTask, versioned upsert)";
  static final String DEBEZIUM = "Debezium JDBC sink (upsert, record_key)";
  static final int RECORDS_PER_PUT = 500;
  static final String SERVER_CPU_OURS = "PostgreSQL CPU per upsert, ERP sink";
  static final String SERVER_CPU_DEBEZIUM = "PostgreSQL CPU per upsert, Debezium JDBC sink";
  static final String JVM_CPU_OURS = "JVM CPU per upsert, ERP sink (all threads)";
  static final String JVM_CPU_DEBEZIUM = "JVM CPU per upsert, Debezium JDBC sink (all threads)";

  private final BenchStack stack;
  private final PrintStream out;

  public DeliveryBench(BenchStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** What one invocation measures. */
  public record Plan(int commands, int runs, int warmupPairs) {
    public Plan {
      if (commands < 2 || commands % 2 != 0 || runs < 1 || warmupPairs < 0) {
        throw new IllegalArgumentException(
            "delivery plan needs an even number of commands >= 2, runs >= 1 and warm-up pairs"
                + " >= 0, was "
                + commands
                + ", "
                + runs
                + ", "
                + warmupPairs);
      }
    }
  }

  public void measure(Plan plan, BenchResults results) throws Exception {
    EmbeddedErpPostgres postgres = stack.postgres();
    String registryUrl = stack.registry().baseUri().toString();
    List<ErpCommand> commands = CustomerCommands.commands(plan.commands());
    List<SinkRecord> wire =
        CustomerCommands.wireRecords(
            commands,
            AvroWireSerde.forValues(new RestSchemaRegistryClient(registryUrl), ErpCommand.class));
    CpuClock clock = CpuClock.of(postgres).orElse(null);
    List<Double> ours = new ArrayList<>();
    List<Double> debezium = new ArrayList<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    int total = plan.warmupPairs() + plan.runs();
    for (int i = 1; i <= total; i++) {
      boolean warmup = i <= plan.warmupPairs();
      String label = warmup ? "warm-up" : "run " + (i - plan.warmupPairs()) + "/" + plan.runs();
      Run a = runOurs(postgres, registryUrl, wire, "bench_erp_" + i, plan.commands() / 2, clock);
      out.printf("delivery %s: ERP sink      %s%n", label, a.describe());
      Run b = runDebezium(postgres, commands, "bench_dbz_" + i, plan.commands() / 2, clock);
      out.printf("delivery %s: Debezium JDBC %s%n", label, b.describe());
      if (!warmup) {
        ours.add(a.upsertsPerSecond());
        debezium.add(b.upsertsPerSecond());
        cpu.computeIfAbsent(SERVER_CPU_OURS, k -> new ArrayList<>()).add(a.serverMicros());
        cpu.computeIfAbsent(SERVER_CPU_DEBEZIUM, k -> new ArrayList<>()).add(b.serverMicros());
        cpu.computeIfAbsent(JVM_CPU_OURS, k -> new ArrayList<>()).add(a.jvmMicros());
        cpu.computeIfAbsent(JVM_CPU_DEBEZIUM, k -> new ArrayList<>()).add(b.jvmMicros());
      }
    }
    results.figure(new Figure(SECTION, OURS, "upserts/s", Summary.of(ours), 0));
    results.figure(new Figure(SECTION, DEBEZIUM, "upserts/s", Summary.of(debezium), 0));
    results.ratio(new Figure(SECTION, RATIO, "x", Summary.ratios(ours, debezium), 2));
    if (clock != null) {
      cpu.forEach(
          (name, micros) ->
              results.figure(new Figure(SECTION, name, "CPU µs/upsert", Summary.of(micros), 1)));
    }
    results.method(
        SECTION,
        String.format(
            "%,d customer commands per run: %,d keys inserted at version 1, then the same keys"
                + " updated to version 2; handed to each task in put() calls of %d records, then"
                + " preCommit; timed from the first put to the end of preCommit; every run checked:"
                + " %,d rows, all at version 2.",
            plan.commands(), plan.commands() / 2, RECORDS_PER_PUT, plan.commands() / 2));
    results.method(
        SECTION,
        "ERP sink: its defaults (erp.batch.size 500, pool 2), wire-format ErpCommand values"
            + " decoded with the schema from the project's registry, into the interface table"
            + " customer_iface of a fresh schema. Debezium JDBC sink 3.5.0.Final:"
            + " insert.mode=upsert, primary.key.mode=record_key, its other defaults (batch.size"
            + " 500) except the connection pool (max 2, as ours), flat Structs with the same"
            + " columns into a pre-created table with the same primary key.");
    if (clock != null) {
      results.method(
          SECTION,
          "CPU per upsert: CPU time of the PostgreSQL server (postmaster, every process under"
              + " it, and its children that ended, from /proc in 10 ms ticks) and of the bench JVM (every thread: the sink"
              + " task, its part writers, the embedded broker and registry idling), from the first"
              + " put to the end of preCommit, divided by the commands of the run. It moves less"
              + " with the machine's other load than the rates do.");
    }
    results.method(
        SECTION,
        "Alternating ERP sink, Debezium after "
            + plan.warmupPairs()
            + " unmeasured warm-up pair(s); PostgreSQL 17 (zonky) in its own process on loopback.");
  }

  private Run runOurs(
      EmbeddedErpPostgres postgres,
      String registryUrl,
      List<SinkRecord> records,
      String schema,
      int keys,
      CpuClock clock)
      throws Exception {
    dropSchema(postgres, schema);
    Map<String, String> props = new LinkedHashMap<>();
    props.put("name", "bench-erp-sink");
    props.put(ErpSinkConfig.JDBC_URL, postgres.jdbcUrl());
    props.put(ErpSinkConfig.JDBC_USER, postgres.user());
    props.put(ErpSinkConfig.JDBC_PASSWORD, postgres.password());
    props.put(ErpSinkConfig.SCHEMA, schema);
    props.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, registryUrl);
    Run run = drive(new ErpSinkTask(), props, records, clock);
    verify(postgres, schema + ".customer_iface", keys);
    dropSchema(postgres, schema);
    return run;
  }

  private Run runDebezium(
      EmbeddedErpPostgres postgres,
      List<ErpCommand> commands,
      String table,
      int keys,
      CpuClock clock)
      throws Exception {
    execute(postgres, "DROP TABLE IF EXISTS " + table);
    execute(postgres, CustomerCommands.flatTableDdl(table));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("name", "bench-debezium-jdbc-sink");
    props.put("connection.url", postgres.jdbcUrl());
    props.put("connection.username", postgres.user());
    props.put("connection.password", postgres.password());
    props.put("insert.mode", "upsert");
    props.put("primary.key.mode", "record_key");
    props.put("collection.name.format", table);
    // Its default pool opens ~32 backends (FINDINGS); give it what the ERP sink has.
    props.put("connection.pool.min_size", "1");
    props.put("connection.pool.max_size", "2");
    props.put("connection.pool.acquire_increment", "1");
    Run run =
        drive(
            new JdbcSinkConnectorTask(),
            props,
            CustomerCommands.structRecords(commands, table),
            clock);
    verify(postgres, table, keys);
    execute(postgres, "DROP TABLE IF EXISTS " + table);
    return run;
  }

  /**
   * What one run measured: its rate, and the CPU time per upsert that the PostgreSQL server and
   * this JVM spent between the first put and the end of preCommit (NaN without a server clock).
   */
  record Run(double upsertsPerSecond, double serverMicros, double jvmMicros) {
    String describe() {
      return Double.isNaN(serverMicros)
          ? String.format("%,10.0f upserts/s", upsertsPerSecond)
          : String.format(
              "%,10.0f upserts/s  (CPU per upsert: PostgreSQL %5.1f µs, JVM %5.1f µs)",
              upsertsPerSecond, serverMicros, jvmMicros);
    }
  }

  /** Starts {@code task}, puts every record in slices, commits; returns what the run took. */
  private static Run drive(
      SinkTask task, Map<String, String> props, List<SinkRecord> records, CpuClock clock) {
    task.initialize(new BenchSinkTaskContext(props));
    task.start(props);
    try {
      TopicPartition partition =
          new TopicPartition(records.get(0).topic(), records.get(0).kafkaPartition());
      task.open(List.of(partition));
      Duration serverBefore = clock == null ? Duration.ZERO : clock.server();
      Duration jvmBefore = CpuMeter.jvm();
      long begin = System.nanoTime();
      for (int from = 0; from < records.size(); from += RECORDS_PER_PUT) {
        task.put(
            new ArrayList<>(
                records.subList(from, Math.min(records.size(), from + RECORDS_PER_PUT))));
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      offsets.put(partition, new OffsetAndMetadata(records.size()));
      task.preCommit(offsets);
      long end = System.nanoTime();
      double jvm = micros(CpuMeter.jvm().minus(jvmBefore)) / records.size();
      double server =
          clock == null ? Double.NaN : micros(clock.server().minus(serverBefore)) / records.size();
      task.close(List.of(partition));
      return new Run(records.size() / ((end - begin) / 1e9), server, jvm);
    } finally {
      task.stop();
    }
  }

  private static double micros(Duration duration) {
    return duration.toNanos() / 1_000.0;
  }

  /** Fails the run unless {@code table} holds {@code keys} rows, all at version 2. */
  private static void verify(EmbeddedErpPostgres postgres, String table, int keys)
      throws SQLException {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE source_version = 2) FROM " + table)) {
      rs.next();
      if (rs.getLong(1) != keys || rs.getLong(2) != keys) {
        throw new IllegalStateException(
            String.format(
                "%s holds %,d rows, %,d at version 2; expected %,d at version 2",
                table, rs.getLong(1), rs.getLong(2), keys));
      }
    }
  }

  private static void dropSchema(EmbeddedErpPostgres postgres, String schema) throws SQLException {
    execute(postgres, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(EmbeddedErpPostgres postgres, String sql) throws SQLException {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
