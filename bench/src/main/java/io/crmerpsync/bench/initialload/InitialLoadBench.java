package io.crmerpsync.bench.initialload;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.deploy.pipeline.EmbeddedPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Initial load: a CRM customers table of N rows into the ERP, through the whole embedded pipeline
 * ({@link EmbeddedPipeline}, default settings). The pipeline is started on an empty CRM, capture is
 * stopped, N customers are inserted in bulk, and the clock starts when capture starts again; it
 * stops when the ERP interface table holds all N.
 *
 * <p>Limit: the rows reach Kafka from the binlog backlog, not from Debezium's snapshot. The
 * embedded pipeline creates the CRM schema itself and gives a snapshot at most 120 s at start, so a
 * pre-filled 1M-row table cannot be snapshotted through it without changing it; the binlog read was
 * 1-2x the snapshot rate in the capture measurement, and the stages after capture are the same.
 */
public final class InitialLoadBench {
  public static final String SECTION = "Initial load";
  private static final int ROWS_PER_STATEMENT = 1_000;
  private static final int STATEMENTS_PER_COMMIT = 10;
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Path dataDir;
  private final PrintStream out;

  public InitialLoadBench(Path dataDir, PrintStream out) {
    this.dataDir = dataDir;
    this.out = out;
  }

  /** What one invocation measures: {@code rows} customers, once. */
  public record Plan(int rows) {
    public Plan {
      if (rows < ROWS_PER_STATEMENT) {
        throw new IllegalArgumentException(
            "the initial load needs at least " + ROWS_PER_STATEMENT + " rows, was " + rows);
      }
    }
  }

  /** The figure name of the load's duration for {@code rows} rows; the goal reads it. */
  public static String secondsName(int rows) {
    return String.format(Locale.ROOT, "%,d-row customers table into the ERP", rows);
  }

  static String rateName(int rows) {
    return String.format(Locale.ROOT, "%,d-row customers table into the ERP, rate", rows);
  }

  public void measure(Plan plan, BenchResults results) throws Exception {
    Directories.fresh(dataDir);
    out.println("initial load: starting the embedded pipeline ...");
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dataDir, new SimpleMeterRegistry())) {
      pipeline.stopCdcSource();
      out.printf("initial load: inserting %,d customers into the CRM ...%n", plan.rows());
      long insertBegin = System.nanoTime();
      try (Connection crm = pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE)) {
        insert(crm, plan.rows());
      }
      double insertSeconds = (System.nanoTime() - insertBegin) / 1e9;
      long begin = System.nanoTime();
      pipeline.startCdcSource();
      long deadline = begin + TimeUnit.SECONDS.toNanos(300 + plan.rows() / 500);
      try (Connection erp = pipeline.erp().connect()) {
        awaitRows(erp, plan.rows(), deadline, pipeline);
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      out.printf(
          "initial load: %,d rows in the ERP %.1f s after capture started (%,.0f rows/s)%n",
          plan.rows(), seconds, plan.rows() / seconds);
      results.figure(
          new Figure(
              SECTION,
              secondsName(plan.rows()),
              "s",
              new Summary(seconds, seconds, seconds, 1),
              1));
      double rate = plan.rows() / seconds;
      results.figure(
          new Figure(
              SECTION, rateName(plan.rows()), "rows/s", new Summary(rate, rate, rate, 1), 0));
      results.method(
          SECTION,
          String.format(
              Locale.ROOT,
              "The whole embedded pipeline, default settings, started on an empty CRM; capture"
                  + " stopped, %,d customers inserted (%,d per statement, %,d per commit; %.1f s,"
                  + " not counted), capture started again: timed from that start to the last row"
                  + " in erp.customer_iface (count polled every 200 ms). One run.",
              plan.rows(),
              ROWS_PER_STATEMENT,
              ROWS_PER_STATEMENT * STATEMENTS_PER_COMMIT,
              insertSeconds));
      results.method(
          SECTION,
          "The rows come from the binlog backlog, not from a Debezium snapshot: the embedded"
              + " pipeline creates the CRM schema itself and allows a start-up snapshot 120 s, so"
              + " it cannot snapshot a pre-filled 1M-row table unchanged. Capture read its binlog"
              + " 1-2x as fast as a snapshot (see Capture); every later stage is the same.");
    }
  }

  /** Multi-row INSERTs: the quickest way to a large table over JDBC without a bulk-load file. */
  private static void insert(Connection crm, int rows) throws SQLException {
    crm.setAutoCommit(false);
    try (Statement st = crm.createStatement()) {
      int statements = 0;
      for (int first = 0; first < rows; first += ROWS_PER_STATEMENT) {
        StringBuilder sql =
            new StringBuilder(
                "INSERT INTO customers (first_name, last_name, email, phone, city, country_code,"
                    + " credit_limit) VALUES ");
        int last = Math.min(rows, first + ROWS_PER_STATEMENT);
        for (int i = first; i < last; i++) {
          if (i > first) {
            sql.append(',');
          }
          sql.append("('Grace','Hopper','load.")
              .append(i)
              .append("@example.com','+1 555 ")
              .append(i % 10_000)
              .append("','Arlington','US',2500)");
        }
        st.executeUpdate(sql.toString());
        if (++statements % STATEMENTS_PER_COMMIT == 0) {
          crm.commit();
        }
      }
      crm.commit();
    }
  }

  private void awaitRows(Connection erp, int rows, long deadline, EmbeddedPipeline pipeline)
      throws Exception {
    long nextReport = System.nanoTime() + PROGRESS_NANOS;
    try (Statement st = erp.createStatement()) {
      while (true) {
        long count;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM erp.customer_iface WHERE source_system = 'crm'")) {
          rs.next();
          count = rs.getLong(1);
        }
        if (count >= rows) {
          return;
        }
        long now = System.nanoTime();
        if (now > deadline || !pipeline.streams().isRunning() || !pipeline.cdc().isRunning()) {
          throw new IllegalStateException(
              String.format(
                  "the ERP held %,d of %,d rows when the load stopped (deadline or a stopped"
                      + " component; see the log)",
                  count, rows));
        }
        if (now >= nextReport) {
          out.printf("initial load: %,d of %,d rows in the ERP%n", count, rows);
          nextReport = now + PROGRESS_NANOS;
        }
        Thread.sleep(200);
      }
    }
  }
}
