package io.crmerpsync.bench.delivery;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent so far by the PostgreSQL server (its postmaster and every process under it:
 * backends, WAL writer, checkpointer) and by this JVM, so that a delivery run can say what each
 * upsert cost on either side, not only how long the run took. A rate moves with whatever else the
 * shared machine runs; CPU time per row moves much less.
 *
 * <p>Read through {@link ProcessHandle.Info#totalCpuDuration()} (from {@code /proc} on Linux, in
 * steps of the kernel's clock tick, 10 ms); a process that ends between two readings takes its time
 * with it, so runs are read while the sink's connections are still open.
 */
final class CpuClock {
  private final ProcessHandle postmaster;

  private CpuClock(ProcessHandle postmaster) {
    this.postmaster = postmaster;
  }

  /** The clock of {@code postgres}'s server, found as the parent of a backend of ours. */
  static Optional<CpuClock> of(EmbeddedErpPostgres postgres) throws SQLException {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).map(CpuClock::new);
    }
  }

  /** CPU time of the server's processes alive now, summed; zero where the OS does not tell. */
  Duration server() {
    return Stream.concat(Stream.of(postmaster), postmaster.descendants())
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** CPU time of this JVM, every thread. */
  static Duration jvm() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Duration.ofNanos(os.getProcessCpuTime());
    }
    return Duration.ZERO;
  }
}
