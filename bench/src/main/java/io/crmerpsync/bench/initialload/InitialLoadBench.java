package io.crmerpsync.bench.initialload;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.deploy.pipeline.EmbeddedPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Initial load: a CRM customers table of N rows into the ERP, through the whole embedded pipeline
 * ({@link EmbeddedPipeline}, default settings). The pipeline is started on an empty CRM, capture is
 * stopped, N customers are inserted in bulk, and the clock starts when capture starts again; it
 * stops when the ERP interface table holds all N.
 *
 * <p>The rows reach Kafka through Debezium's snapshot: the capture restarts with {@code
 * cdc.snapshot.mode=always}, as a first start on a full table would snapshot it (its first start on
 * the empty CRM stored a position, from heartbeats). The report says which it was, from Debezium's
 * snapshot metrics.
 */
public final class InitialLoadBench {
  public static final String SECTION = "Initial load";
  public static final String SNAPSHOT_ROWS = "rows read by Debezium's snapshot of the CRM";
  private static final int ROWS_PER_STATEMENT = 1_000;
  private static final int STATEMENTS_PER_COMMIT = 10;
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Path dataDir;
  private final PrintStream out;

  public InitialLoadBench(Path dataDir, PrintStream out) {
    this.dataDir = dataDir;
    this.out = out;
  }

  /**
   * What one invocation measures: {@code rows} customers, once; {@code streamsSettings} are Kafka
   * Streams settings (names as Kafka Streams spells them) the streams application is restarted with
   * before the load, empty for its defaults.
   */
  public record Plan(int rows, Map<String, String> streamsSettings) {
    public Plan {
      if (rows < ROWS_PER_STATEMENT) {
        throw new IllegalArgumentException(
            "the initial load needs at least " + ROWS_PER_STATEMENT + " rows, was " + rows);
      }
      streamsSettings = Map.copyOf(streamsSettings);
    }

    public Plan(int rows) {
      this(rows, Map.of());
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
      if (!plan.streamsSettings().isEmpty()) {
        Map<String, String> overrides = new LinkedHashMap<>();
        plan.streamsSettings().forEach((k, v) -> overrides.put("streams." + k, v));
        out.println("initial load: restarting the streams application with " + overrides);
        pipeline.restartStreams(overrides);
      }
      pipeline.stopCdcSource();
      out.printf("initial load: inserting %,d customers into the CRM ...%n", plan.rows());
      long insertBegin = System.nanoTime();
      String lastId;
      try (Connection crm = pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE)) {
        insert(crm, plan.rows());
        lastId = lastId(crm);
      }
      double insertSeconds = (System.nanoTime() - insertBegin) / 1e9;
      long begin = System.nanoTime();
      // A snapshot, as a first start on a full table does: the capture already ran (on the empty
      // table) and stored a position, from which it would otherwise read the rows' binlog.
      pipeline.startCdcSourceWithoutWaiting(
          Map.of(io.crmerpsync.cdc.config.CdcSourceConfig.CDC_SNAPSHOT_MODE, "always"));
      long deadline = begin + TimeUnit.SECONDS.toNanos(300 + plan.rows() / 500);
      try (Connection erp = pipeline.erp().connect()) {
        awaitRows(erp, plan.rows(), lastId, begin, deadline, pipeline);
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      long snapshotRows = crmSnapshotEvents(pipeline);
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
                  + " in erp.customer_iface (every 200 ms a primary-key lookup of the last row"
                  + " inserted, then, once it is there, a count of the rows until all are; a count"
                  + " every 10 s for the progress lines). One run.",
              plan.rows(),
              ROWS_PER_STATEMENT,
              ROWS_PER_STATEMENT * STATEMENTS_PER_COMMIT,
              insertSeconds));
      if (snapshotRows >= 0) {
        results.figure(
            new Figure(
                SECTION,
                SNAPSHOT_ROWS,
                "rows",
                new Summary(snapshotRows, snapshotRows, snapshotRows, 1),
                0));
      }
      results.method(SECTION, howCaptured(snapshotRows, plan.rows()));
      if (!plan.streamsSettings().isEmpty()) {
        results.method(
            SECTION,
            "Streams application restarted before the load with " + plan.streamsSettings());
      }
      reconcile(pipeline, plan.rows(), results);
    }
  }

  /** {@code reconcile customers} with the CRM compared, after the load: seconds and peak RSS. */
  private void reconcile(EmbeddedPipeline pipeline, int rows, BenchResults results)
      throws Exception {
    out.printf("initial load: reconcile customers of the %,d rows (CRM compared too) ...%n", rows);
    ReconcileRun.Result run = ReconcileRun.run(pipeline, dataDir);
    boolean clean = run.exitCode() == 0 && run.output().contains("no drift");
    out.printf(
        "initial load: reconcile took %.1f s, peak RSS %,d MiB, largest heap after a GC %,d MiB,"
            + " exit %d%s%n",
        run.seconds(),
        run.peakRssKib() / 1024,
        run.liveAfterGcMib(),
        run.exitCode(),
        clean ? ", no drift" : "");
    if (!clean) {
      out.println(run.output());
      results.method(
          SECTION,
          "reconcile customers after the load did not report a clean run (exit "
              + run.exitCode()
              + "): no figure; its output is in the bench's log.");
      return;
    }
    String name = String.format(Locale.ROOT, "reconcile customers of the %,d rows", rows);
    results.figure(
        new Figure(
            SECTION, name, "s", new Summary(run.seconds(), run.seconds(), run.seconds(), 1), 1));
    double mib = run.peakRssKib() / 1024.0;
    results.figure(
        new Figure(
            SECTION, name + ": peak RSS of its JVM", "MiB", new Summary(mib, mib, mib, 1), 0));
    if (run.liveAfterGcMib() >= 0) {
      double live = run.liveAfterGcMib();
      results.figure(
          new Figure(
              SECTION,
              name + ": largest heap after a GC (its live set)",
              "MiB",
              new Summary(live, live, live, 1),
              0));
    }
    results.method(
        SECTION,
        "reconcile customers ran after the load as an operator runs it, in its own JVM ("
            + ReconcileRun.MAX_HEAP
            + "), with the CRM compared too (--crm-url): the command topic and the canonical"
            + " customers read whole and held (in wire form), the ERP interface rows' versions"
            + " held, the CRM's table streamed; timed from start to exit; peak RSS from /proc"
            + " (VmHWM, read every 100 ms; the heap grows toward its cap under allocation, so it"
            + " shows the cap more than the need); the live set as the largest heap occupancy"
            + " right after a collection in its -Xlog:gc log. It reported no drift.");
  }

  /**
   * How the rows reached Kafka, from Debezium's snapshot metrics of the CRM capture: it restarts
   * with {@code cdc.snapshot.mode=always}, so the rows should come from a snapshot; rows the
   * snapshot did not read came from the binlog backlog.
   */
  static String howCaptured(long snapshotRows, int rows) {
    if (snapshotRows < 0) {
      return "Debezium's snapshot metrics of the CRM capture could not be read: whether the rows"
          + " came from a snapshot or from the binlog backlog is not known for this run.";
    }
    if (snapshotRows >= rows) {
      return String.format(
          Locale.ROOT,
          "The rows reached Kafka through Debezium's snapshot of the customers table (%,d snapshot"
              + " events, from its metrics): the capture restarted with cdc.snapshot.mode=always,"
              + " as a first start on a full table would snapshot it.",
          snapshotRows);
    }
    return String.format(
        Locale.ROOT,
        "%,d of the %,d rows reached Kafka through Debezium's snapshot (from its metrics), the"
            + " rest from the binlog backlog.",
        snapshotRows,
        rows);
  }

  /** Events of the CRM capture's last snapshot, from Debezium's MBean; -1 if it cannot be read. */
  private static long crmSnapshotEvents(EmbeddedPipeline pipeline) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      java.util.Optional<ObjectName> name = pipeline.cdc().metricsBean("snapshot");
      if (name.isEmpty()) {
        return -1;
      }
      Object seen = server.getAttribute(name.get(), "TotalNumberOfEventsSeen");
      return seen instanceof Number n ? n.longValue() : -1;
    } catch (JMException e) {
      return -1;
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

  private static String lastId(Connection crm) throws SQLException {
    try (Statement st = crm.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(id) FROM customers")) {
      rs.next();
      return Long.toString(rs.getLong(1));
    }
  }

  /**
   * Waits until the ERP holds all {@code rows}. Counting a table of up to a million rows costs
   * PostgreSQL tens of milliseconds of CPU (a count every 200 ms took about a quarter of a core
   * from the pipeline it measures, late in a 1M-row load); a primary-key lookup of the last row
   * inserted costs microseconds. With one partition that row arrives last; with more it may arrive
   * before others, and the count then runs at every poll until it reaches {@code rows}.
   */
  private void awaitRows(
      Connection erp, int rows, String lastId, long begin, long deadline, EmbeddedPipeline pipeline)
      throws Exception {
    long nextReport = System.nanoTime() + PROGRESS_NANOS;
    try (PreparedStatement last =
            erp.prepareStatement(
                "SELECT 1 FROM erp.customer_iface WHERE source_system = 'crm' AND source_ref = ?");
        Statement st = erp.createStatement()) {
      last.setString(1, lastId);
      boolean lastSeen = false;
      while (true) {
        long now = System.nanoTime();
        boolean report = now >= nextReport;
        if (!lastSeen) {
          try (ResultSet rs = last.executeQuery()) {
            lastSeen = rs.next();
          }
        }
        long count = lastSeen || report ? count(st) : -1;
        if (count >= rows) {
          if (!lastSeen) {
            // Timed by the 10 s count instead: up to 10 s late. Fail rather than report that.
            throw new IllegalStateException(
                "all "
                    + rows
                    + " rows reached the ERP, but the last one was never found under source_ref '"
                    + lastId
                    + "': the bench's lookup no longer matches the sink's rows");
          }
          return;
        }
        if (now > deadline || !pipeline.streams().isRunning() || !pipeline.cdc().isRunning()) {
          throw new IllegalStateException(
              String.format(
                  "the ERP held %,d of %,d rows when the load stopped (deadline or a stopped"
                      + " component; see the log)",
                  count < 0 ? count(st) : count, rows));
        }
        if (report) {
          out.printf(
              "initial load: %,d of %,d rows in the ERP after %.0f s%n",
              count, rows, (now - begin) / 1e9);
          nextReport = now + PROGRESS_NANOS;
        }
        Thread.sleep(200);
      }
    }
  }

  private static long count(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery("SELECT count(*) FROM erp.customer_iface WHERE source_system = 'crm'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
