package io.crmerpsync.bench.endtoend;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.report.MarkdownReport;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.deploy.pipeline.EmbeddedPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End to end: commit->ERP-row latency at fixed offered loads, through the whole embedded pipeline
 * ({@link EmbeddedPipeline}: MariaDB with binlog, Debezium, KRaft Kafka, Kafka Streams, the
 * registry, a Connect worker with the ERP sink, PostgreSQL), as the demo runs it. A set of CRM
 * customers is loaded first and waited for in the ERP; then each run offers one load for a fixed
 * time ({@link OfferedLoadRun}). Loads alternate within each round.
 */
public final class EndToEndBench {
  public static final String SECTION = "End to end";
  static final int KEYS = 1_000;
  static final int RAMP_SECONDS = 2;
  static final int DRAIN_SECONDS = 30;
  static final int WARMUP_SECONDS = 10;
  private static final String[] PERCENTILES = {"p50", "p95", "p99", "max"};

  private final Path dataDir;
  private final PrintStream out;

  public EndToEndBench(Path dataDir, PrintStream out) {
    this.dataDir = dataDir;
    this.out = out;
  }

  /** What one invocation measures. */
  public record Plan(List<Integer> offeredLoads, int seconds, int runs) {
    public Plan {
      if (offeredLoads.isEmpty() || seconds <= RAMP_SECONDS || runs < 1) {
        throw new IllegalArgumentException(
            "end-to-end plan needs loads, more than "
                + RAMP_SECONDS
                + " s per run and runs >= 1, was "
                + offeredLoads
                + ", "
                + seconds
                + ", "
                + runs);
      }
      offeredLoads = List.copyOf(offeredLoads);
    }
  }

  /** The figure name of a latency percentile ({@code p50}, ..., {@code max}) at a load. */
  public static String figureName(String percentile, int load) {
    return "commit->ERP " + percentile + " at " + load(load) + " changes/s offered";
  }

  static String achievedName(int load) {
    return "achieved rate at " + load(load) + " changes/s offered";
  }

  /** " (achieved N changes/s)" for a goal line, or empty when not measured. */
  public static String achievedNote(BenchResults results, int load) {
    return results
        .find(SECTION, achievedName(load))
        .map(f -> ", achieved " + MarkdownReport.number(f.summary().median(), 0) + " changes/s")
        .orElse("");
  }

  private static String load(int load) {
    return String.format(Locale.ROOT, "%,d", load);
  }

  public void measure(Plan plan, BenchResults results) throws Exception {
    Directories.fresh(dataDir);
    out.println("end to end: starting the embedded pipeline ...");
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dataDir, new SimpleMeterRegistry())) {
      OfferedLoadRun.Databases databases =
          new OfferedLoadRun.Databases() {
            @Override
            public Connection crm() throws SQLException {
              return pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE);
            }

            @Override
            public Connection erp() throws SQLException {
              return pipeline.erp().connect();
            }
          };
      List<Long> keys = loadCustomers(databases);
      Map<String, Integer> indexByRef = new HashMap<>();
      for (int j = 0; j < keys.size(); j++) {
        indexByRef.put(Long.toString(keys.get(j)), j);
      }
      OfferedLoadRun runner = new OfferedLoadRun(databases, keys, indexByRef);
      Map<Integer, List<OfferedLoadRun.Result>> byLoad = new LinkedHashMap<>();
      long seq = 1;
      // The first seconds after start-up run cold (JIT, first fetches, first commits): offer the
      // smallest load unmeasured first.
      int warmupLoad = plan.offeredLoads().stream().min(Integer::compare).orElseThrow();
      out.printf("end to end: warm-up, %d s at %,d/s (not measured)%n", WARMUP_SECONDS, warmupLoad);
      seq += runner.run(warmupLoad, WARMUP_SECONDS, 0, DRAIN_SECONDS, seq).changes();
      for (int round = 1; round <= plan.runs(); round++) {
        for (int load : plan.offeredLoads()) {
          OfferedLoadRun.Result r =
              runner.run(load, plan.seconds(), RAMP_SECONDS, DRAIN_SECONDS, seq);
          seq += r.changes();
          byLoad.computeIfAbsent(load, l -> new ArrayList<>()).add(r);
          out.printf(
              "end to end run %d/%d at %,d/s: achieved %,.0f/s, p50 %s p95 %s p99 %s max %s"
                  + " (n=%,d, unseen %,d)%n",
              round,
              plan.runs(),
              load,
              r.achievedPerSecond(),
              ms(r.latencyMicros(), 50),
              ms(r.latencyMicros(), 95),
              ms(r.latencyMicros(), 99),
              ms(r.latencyMicros(), 100),
              r.measured(),
              r.unseen());
          if (!pipeline.streams().isRunning() || !pipeline.cdc().isRunning()) {
            throw new IllegalStateException("a pipeline component stopped; see the log");
          }
        }
      }
      double pollMs = 0;
      long unseen = 0;
      for (Map.Entry<Integer, List<OfferedLoadRun.Result>> e : byLoad.entrySet()) {
        int load = e.getKey();
        List<OfferedLoadRun.Result> runs = e.getValue();
        for (String p : PERCENTILES) {
          List<Double> values = new ArrayList<>();
          for (OfferedLoadRun.Result r : runs) {
            values.add(millis(r.latencyMicros(), p));
          }
          results.figure(new Figure(SECTION, figureName(p, load), "ms", Summary.of(values), 0));
        }
        results.figure(
            new Figure(
                SECTION,
                achievedName(load),
                "changes/s",
                Summary.of(runs.stream().map(OfferedLoadRun.Result::achievedPerSecond).toList()),
                0));
        for (OfferedLoadRun.Result r : runs) {
          pollMs = Math.max(pollMs, r.meanPollMillis());
          unseen += r.unseen();
        }
      }
      results.method(
          SECTION,
          String.format(
              "The whole embedded pipeline as `demo` runs it (MariaDB 11.4 binlog -> Debezium"
                  + " -> Kafka -> Streams -> Connect ERP sink -> PostgreSQL), default settings."
                  + " %,d CRM customers loaded first and waited for in the ERP, then %d s unmeasured"
                  + " at the smallest load.",
              KEYS, WARMUP_SECONDS));
      results.method(
          SECTION,
          String.format(
              "Each run offers one load for %d s: one-change transactions (UPDATE customers SET"
                  + " phone = sequence) on a fixed schedule, keys round-robin, %d connections;"
                  + " the first %d s are not measured. Loads alternate in each of %d round(s).",
              plan.seconds(), OfferedLoadRun.WRITERS, RAMP_SECONDS, plan.runs()));
      results.method(
          SECTION,
          String.format(
              "Latency = start of the first ERP poll that shows the change (or a later change of"
                  + " the same key) - return of its CRM commit; the ERP table is polled every"
                  + " %.0f ms on average (the resolution). HdrHistogram per run; each percentile"
                  + " is the median [min..max] over runs. Changes not visible %d s after the load"
                  + " stopped: %,d.",
              pollMs, DRAIN_SECONDS, unseen));
    }
  }

  /** Inserts {@link #KEYS} customers and waits until the ERP holds all of them. */
  private List<Long> loadCustomers(OfferedLoadRun.Databases databases) throws Exception {
    List<Long> ids = new ArrayList<>(KEYS);
    try (Connection crm = databases.crm();
        PreparedStatement insert =
            crm.prepareStatement(
                "INSERT INTO customers (first_name, last_name, email, phone, city, country_code,"
                    + " credit_limit) VALUES ('Ada', 'Lovelace', ?, 'b0', 'London', 'GB', 1000)",
                Statement.RETURN_GENERATED_KEYS)) {
      crm.setAutoCommit(false);
      for (int i = 0; i < KEYS; i++) {
        insert.setString(1, "bench." + i + "@example.com");
        insert.executeUpdate();
        try (ResultSet key = insert.getGeneratedKeys()) {
          key.next();
          ids.add(key.getLong(1));
        }
        if (i % 200 == 199) {
          crm.commit();
        }
      }
      crm.commit();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Connection erp = databases.erp();
        Statement st = erp.createStatement()) {
      while (true) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM erp.customer_iface WHERE source_system = 'crm'")) {
          rs.next();
          if (rs.getLong(1) >= KEYS) {
            break;
          }
        } catch (SQLException tableNotThereYet) {
          // The sink creates its tables when it starts; keep polling.
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the ERP did not receive the " + KEYS + " initial customers within 120 s");
        }
        Thread.sleep(100);
      }
    }
    return ids;
  }

  private static double millis(Histogram h, String percentile) {
    if (h.getTotalCount() == 0) {
      return Double.NaN;
    }
    long micros =
        percentile.equals("max")
            ? h.getMaxValue()
            : h.getValueAtPercentile(Double.parseDouble(percentile.substring(1)));
    return micros / 1000.0;
  }

  private static String ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return (micros / 1000) + "ms";
  }
}
