package io.crmerpsync.deploy.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures commit-to-ERP latency end to end: from the moment a CRM transaction commits to the
 * moment its value is visible in the ERP interface table. A probe customer's phone is set to a
 * sequence number in its own CRM transaction every {@code intervalMs}; the ERP side is polled every
 * few milliseconds, and each sequence number seen for the first time records {@code seen -
 * committed}. Polling adds up to one poll interval of error (reported with the figures).
 */
public final class LatencyProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LatencyProbe.class);

  /** Poll period on the ERP side, the probe's resolution. */
  public static final long POLL_MS = 5;

  private final Connection crm;
  private final Connection erp;
  private final long probeCustomerId;
  private final Map<Long, Long> committedAtNanos = new ConcurrentHashMap<>();
  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "latency-probe");
            thread.setDaemon(true);
            return thread;
          });
  private long seq;
  private long lastSeen;

  private final Timer timer;

  private LatencyProbe(Connection crm, Connection erp, long probeCustomerId, MeterRegistry meters) {
    this.crm = crm;
    this.erp = erp;
    this.probeCustomerId = probeCustomerId;
    this.timer =
        Timer.builder("sync.commit.to.erp")
            .description("CRM commit to row visible in the ERP interface table (latency probe)")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(meters);
  }

  /** Creates the probe customer in the CRM and starts probing. */
  public static LatencyProbe start(
      Connection crm, Connection erp, long intervalMs, MeterRegistry meters) throws SQLException {
    crm.setAutoCommit(true);
    long id;
    try (Statement st = crm.createStatement()) {
      st.executeUpdate(
          "INSERT INTO customers (first_name, last_name, email, country_code, phone)"
              + " VALUES ('Latency', 'Probe', 'latency.probe@example.com', 'GB', 'probe-0')",
          Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = st.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    LatencyProbe probe = new LatencyProbe(crm, erp, id, meters);
    probe.scheduler.scheduleAtFixedRate(
        probe.guarded(probe::touch), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    probe.scheduler.scheduleWithFixedDelay(
        probe.guarded(probe::poll), POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    return probe;
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  private Runnable guarded(SqlAction action) {
    return () -> {
      try {
        action.run();
      } catch (SQLException e) {
        LOG.debug("latency probe step failed: {}", e.toString());
      }
    };
  }

  private void touch() throws SQLException {
    long next = ++seq;
    try (PreparedStatement ps =
        crm.prepareStatement("UPDATE customers SET phone = ? WHERE id = ?")) {
      ps.setString(1, "probe-" + next);
      ps.setLong(2, probeCustomerId);
      ps.executeUpdate();
    }
    committedAtNanos.put(next, System.nanoTime());
  }

  private void poll() throws SQLException {
    try (PreparedStatement ps =
        erp.prepareStatement(
            "SELECT phone FROM erp.customer_iface WHERE source_ref = ? AND source_system = 'crm'")) {
      ps.setString(1, Long.toString(probeCustomerId));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null || !rs.getString(1).startsWith("probe-")) {
          return;
        }
        long seen = Long.parseLong(rs.getString(1).substring("probe-".length()));
        if (seen > lastSeen) {
          Long committed = committedAtNanos.remove(seen);
          if (committed != null) {
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - committed);
            recorder.recordValue(micros);
            timer.record(micros, TimeUnit.MICROSECONDS);
          }
          committedAtNanos.keySet().removeIf(s -> s < seen);
          lastSeen = seen;
        }
      }
    }
  }

  /** Latencies (microseconds) recorded since the last call; they also add to {@link #total}. */
  public synchronized Histogram interval() {
    Histogram interval = recorder.getIntervalHistogram();
    total.add(interval);
    return interval;
  }

  /** All latencies (microseconds) collected by {@link #interval()} calls so far. */
  public synchronized Histogram total() {
    return total.copy();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
